using CmcmActors.Host.Security;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace CmcmActors.Host.Metrics;

/// <summary>Metrics (OpenTelemetry, scraped by Prometheus at /metrics) and the Orleans dashboard (admins, at /dashboard).</summary>
public static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/dashboard";

    public static WebApplicationBuilder AddCmcmObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CmcmMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(CmcmMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    public static IEndpointRouteBuilder MapCmcmObservability(this IEndpointRouteBuilder app)
    {
        // Scrapers do not carry tokens: the figures are counts and timings, nothing about a member.
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        // The dashboard has no authentication of its own and shows grain state: admins only.
        app.MapOrleansDashboard(routePrefix: DashboardPath).RequireAuthorization(CmcmRoles.AdminPolicy);
        return app;
    }
}
