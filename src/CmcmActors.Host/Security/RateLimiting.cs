using System.Globalization;
using System.Threading.RateLimiting;
using CmcmActors.Host.Api;
using Microsoft.AspNetCore.RateLimiting;

namespace CmcmActors.Host.Security;

/// <summary>Section "Cmcm:RateLimit": requests to /api and /fhir per second per token (a token bucket per caller).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Cmcm:RateLimit";

    /// <summary>A member's token: requests per second (default 20); 0 switches the limit off.</summary>
    public int MemberPerSecond { get; set; } = 20;

    /// <summary>A member's token: the burst above the rate (default 60).</summary>
    public int MemberBurst { get; set; } = 60;

    /// <summary>A staff token (desk, admin, the load tool): requests per second; 0 (default) is no limit.</summary>
    public int StaffPerSecond { get; set; }

    public int StaffBurst { get; set; } = 1000;
}

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by the token's subject: one caller cannot take the host's capacity from
/// the others. A refused request is 429 with problem details and Retry-After, and changes nothing.
/// </summary>
public static class RateLimiting
{
    public static WebApplicationBuilder AddCmcmRateLimiting(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, options));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblems.TooManyRequests("This token sent more requests than it may; retry after the time in Retry-After.").ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitOptions options)
    {
        if (!(http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) || Api.Fhir.FhirApi.IsFhirPath(http.Request.Path))
            || http.User.Identity?.IsAuthenticated != true)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var staff = http.User.IsStaff();
        var (perSecond, burst) = staff ? (options.StaffPerSecond, options.StaffBurst) : (options.MemberPerSecond, options.MemberBurst);
        if (perSecond <= 0)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var subject = http.User.Identity?.Name ?? http.User.FindFirst("sub")?.Value ?? "anonymous";
        return RateLimitPartition.GetTokenBucketLimiter((staff ? "staff:" : "member:") + subject, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(burst, perSecond),
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
