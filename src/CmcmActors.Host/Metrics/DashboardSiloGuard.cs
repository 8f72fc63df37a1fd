using CmcmActors.Host.Api;

namespace CmcmActors.Host.Metrics;

/// <summary>
/// The dashboard's per-silo routes (<c>/dashboard/HistoricalStats/{silo}</c> and its siblings) take the silo address from
/// the path and hand it to a grain that fails to activate on anything but a silo of the cluster: a 500 with a stack
/// trace in the log. Here an address that does not parse, or names no silo of the membership, is a 404 problem naming
/// the field <c>siloAddress</c>. Runs after authorization, so only admins ever reach it.
/// </summary>
public static class DashboardSiloGuard
{
    /// <summary>The dashboard's routes whose last segment is a silo address (Orleans.Dashboard 10.4.2).</summary>
    public static readonly IReadOnlyList<string> SiloRoutes = ["HistoricalStats", "SiloStats", "SiloCounters", "SiloProperties", "SiloMetadata"];

    public static IApplicationBuilder UseCmcmDashboardSiloGuard(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(ObservabilityExtensions.DashboardPath), dashboard => dashboard.Use(async (context, next) =>
        {
            if (SiloAddressOf(context.Request.Path) is { } address && !IsMember(context.RequestServices, address))
            {
                await ApiProblems.NotFound("siloAddress", $"No silo {address} in the cluster.").ExecuteAsync(context);
                return;
            }

            await next(context);
        }));

    /// <summary>The silo address of a per-silo route (unescaped), or null for any other dashboard route.</summary>
    internal static string? SiloAddressOf(PathString path)
    {
        var rest = path.Value!.AsSpan(ObservabilityExtensions.DashboardPath.Length).Trim('/');
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        var route = rest[..slash].ToString();
        return SiloRoutes.Contains(route, StringComparer.OrdinalIgnoreCase) ? Uri.UnescapeDataString(rest[(slash + 1)..].ToString()) : null;
    }

    private static bool IsMember(IServiceProvider services, string address)
    {
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(address);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }

        return services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.ContainsKey(silo);
    }
}
