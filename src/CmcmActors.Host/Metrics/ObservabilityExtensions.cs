using CmcmActors.Host.Configuration;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace CmcmActors.Host.Metrics;

/// <summary>Metrics (OpenTelemetry, scraped by Prometheus at /metrics) and the Orleans dashboard (admins, at /dashboard).</summary>
public static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/dashboard";

    /// <summary>Holds an admin's token for the dashboard's own requests, which a browser cannot give a header.</summary>
    public const string DashboardCookie = "cmcm-dashboard";

    public static WebApplicationBuilder AddCmcmObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CmcmMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(CmcmMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, AcceptDashboardToken);
        return builder;
    }

    public static IEndpointRouteBuilder MapCmcmObservability(this IEndpointRouteBuilder app)
    {
        // Scrapers do not carry tokens: the figures are counts and timings, nothing about a member.
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        // The dashboard has no authentication of its own and shows grain state: admins only.
        if (app.ServiceProvider.GetRequiredService<CmcmHostOptions>().Dashboard)
        {
            app.MapOrleansDashboard(routePrefix: DashboardPath).RequireAuthorization(CmcmRoles.AdminPolicy).ExcludeFromDescription();
        }
        return app;
    }

    /// <summary>
    /// A browser opens the dashboard as <c>/dashboard/?access_token=…</c> with an admin's token; the token is then kept
    /// in an HTTP-only, same-site cookie scoped to /dashboard, which the dashboard's own requests carry. A bearer header
    /// still works as everywhere else.
    /// </summary>
    private static void AcceptDashboardToken(JwtBearerOptions options)
    {
        var events = options.Events ?? new JwtBearerEvents();
        var received = events.OnMessageReceived;
        var validated = events.OnTokenValidated;
        events.OnMessageReceived = async context =>
        {
            await received(context);
            if (context.Token is null && string.IsNullOrEmpty(context.Request.Headers.Authorization)
                && context.Request.Path.StartsWithSegments(DashboardPath))
            {
                var query = context.Request.Query["access_token"].ToString();
                context.Token = query.Length > 0 ? query : context.Request.Cookies[DashboardCookie];
            }
        };
        events.OnTokenValidated = async context =>
        {
            await validated(context);
            var query = context.Request.Query["access_token"].ToString();
            if (query.Length > 0 && context.Request.Path.StartsWithSegments(DashboardPath) && context.Principal?.IsInRole(CmcmRoles.Admin) == true)
            {
                context.Response.Cookies.Append(DashboardCookie, query, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = context.Request.IsHttps,
                    Path = DashboardPath,
                });
            }
        };
        options.Events = events;
    }
}
