using System.Diagnostics.Metrics;
using CmcmActors.Host.Configuration;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using Orleans.Dashboard;

namespace CmcmActors.Host.Metrics;

/// <summary>Metrics (OpenTelemetry, scraped by Prometheus at /metrics) and the Orleans dashboard (admins, at /dashboard).</summary>
public static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/dashboard";

    /// <summary>Holds an admin's token for the dashboard's own requests, which a browser cannot give a header.</summary>
    public const string DashboardCookie = "cmcm-dashboard";

    /// <summary>The telemetry settings (<see cref="TelemetryOptions"/>), read once at start-up.</summary>
    public static TelemetryOptions TelemetryOptions(this IConfiguration configuration) =>
        configuration.GetSection(Metrics.TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

    public static WebApplicationBuilder AddCmcmObservability(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Configuration.TelemetryOptions();
        builder.Services.AddSingleton(telemetry);
        builder.Services.AddSingleton<CmcmMetrics>();
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(CmcmMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, provider) => provider.AddView(OnlyThisHost(services.GetRequiredService<IMeterFactory>())));
            });
        if (telemetry.TracingEnabled)
        {
            otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbeOrScrape(context.Request.Path))
                .AddSource(OrleansActivitySources)
                .AddNpgsql()
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = telemetry.OtlpEndpoint!;
                    o.Protocol = string.Equals(telemetry.OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                }));
        }

        builder.Services.PostConfigureAll<JwtBearerOptions>(AcceptDashboardToken);
        return builder;
    }

    /// <summary>Orleans' spans: grain calls made by application code, and its runtime's own.</summary>
    public static readonly string[] OrleansActivitySources = [ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.RuntimeActivitySourceName];

    /// <summary>
    /// Grain calls carry the caller's trace (Activity.Current) to the grain, on this silo or another, so that a request's
    /// trace shows its grain calls. Installed only when tracing is on.
    /// </summary>
    public static ISiloBuilder AddCmcmTracing(this ISiloBuilder silo, TelemetryOptions telemetry)
    {
        if (telemetry.TracingEnabled)
        {
            silo.AddActivityPropagation();
        }

        return silo;
    }

    /// <summary>
    /// Meters are found by name across the process, and OpenTelemetry merges same-named instruments into one stream: with
    /// several hosts in one process (the tests) a host would export the others' instruments, and lose its own streams when
    /// another host stops and disposes its meters. A host exports the meters of its own factory (and static ones).
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);

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
