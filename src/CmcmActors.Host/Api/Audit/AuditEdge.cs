using System.Diagnostics;
using System.Security.Claims;
using CmcmActors.Contracts.Audit;
using CmcmActors.Grains.Audit;
using CmcmActors.Host.Security;

namespace CmcmActors.Host.Api.Audit;

/// <summary>
/// The audit's edge, once per request after authorisation: the caller's <see cref="Actor"/> (token subject, role,
/// trace id) is set as the request's <see cref="AuditContext"/>, so every grain command the request makes is stamped with
/// it where it is written; and a staff read of a route marked <see cref="HealthDataReadMetadata"/> that succeeded is
/// queued for the read log (<see cref="ReadLogWriter"/>).
/// </summary>
public sealed class AuditEdge(RequestDelegate next, ReadLogWriter reads, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var actor = http.User.Identity?.IsAuthenticated == true ? http.User.AuditActor() : null;
        AuditContext.Current = actor;
        await next(http);
        if (actor is null || !http.User.IsStaff() || http.Response.StatusCode >= 400
            || http.GetEndpoint()?.Metadata.GetMetadata<HealthDataReadMetadata>() is not { } read)
        {
            return;
        }

        var (memberId, familyId) = read.Whose(http);
        var route = http.GetEndpoint() is RouteEndpoint endpoint ? $"{http.Request.Method} {endpoint.RoutePattern.RawText}" : $"{http.Request.Method} {http.Request.Path}";
        await reads.WriteAsync(new HealthDataRead(Guid.CreateVersion7(clock.GetUtcNow()).ToString("N"), clock.GetUtcNow(), actor.Subject, actor.Role,
            memberId, familyId, route, actor.TraceId));
    }
}

public static class AuditActors
{
    /// <summary>The roles in the order the audit names one: the strongest a token holds.</summary>
    private static readonly string[] Roles = [CmcmRoles.Admin, CmcmRoles.Finance, CmcmRoles.FrontDesk, CmcmRoles.Member];

    /// <summary>The token's subject and strongest role, and the trace id of the request under way.</summary>
    public static Actor AuditActor(this ClaimsPrincipal user) => new(
        user.Identity?.Name ?? user.FindFirstValue("sub") ?? "unknown",
        Roles.FirstOrDefault(user.IsInRole) ?? "none",
        Activity.Current is { } activity ? activity.TraceId.ToHexString() : null);
}

/// <summary>
/// Marks a route that shows a member's health data (claims, decisions, documents, history, caps, FHIR): a staff read of
/// it is logged. The member (and family) read are the route's <c>memberId</c> and <c>familyId</c>, unless the route
/// says how to find them (<see cref="Resolve"/>).
/// </summary>
public sealed class HealthDataReadMetadata(Func<HttpContext, (string? MemberId, string? FamilyId)>? resolve = null)
{
    public Func<HttpContext, (string? MemberId, string? FamilyId)>? Resolve { get; } = resolve;

    public (string? MemberId, string? FamilyId) Whose(HttpContext http) =>
        Resolve?.Invoke(http) ?? (http.Request.RouteValues["memberId"] as string, http.Request.RouteValues["familyId"] as string);
}

public static class HealthDataReads
{
    /// <summary>A staff read of this route is logged (who, when, whose, which route).</summary>
    public static TBuilder ReadsHealthData<TBuilder>(this TBuilder builder, Func<HttpContext, (string? MemberId, string? FamilyId)>? resolve = null)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new HealthDataReadMetadata(resolve));

    /// <summary>The audit's services (the read log's writer) and its edge; the stores are the silo's (<c>AddCmcmStorage</c>).</summary>
    public static IServiceCollection AddCmcmAudit(this IServiceCollection services)
    {
        services.AddSingleton<ReadLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadLogWriter>());
        return services;
    }

    public static IApplicationBuilder UseCmcmAudit(this IApplicationBuilder app) => app.UseMiddleware<AuditEdge>();
}
