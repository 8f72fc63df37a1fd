using System.Text.Json;
using CmcmActors.Grains.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CmcmActors.Host.Health;

/// <summary>
/// /health/live: the process answers (no dependency, for the liveness probe: a restart cannot fix a database).
/// /health/ready: the silo is Active in the cluster and, on PostgreSQL, the database answers and holds the expected schema
/// (the readiness probe: a host that is not ready gets no traffic). Both answer JSON with each check's status.
/// </summary>
public static class HealthExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder AddCmcmHealth(this WebApplicationBuilder builder, CmcmStorageOptions storage)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag], timeout: CheckTimeout);
        if (storage.UsesPostgres)
        {
            var health = new HealthDataSource(storage.PostgresConnectionString!);
            builder.Services.AddSingleton(health);
            checks.AddNpgSql(health.ConnectionString, name: "postgres", tags: [ReadyTag], timeout: CheckTimeout)
                .AddCheck<SchemaVersionHealthCheck>("schema", tags: [ReadyTag], timeout: CheckTimeout);
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapCmcmHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    /// <summary><c>{"status":"Unhealthy","checks":{"silo":{"status":"Healthy","description":"silo Active"},...}}</c></summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new HealthBody(report.Status.ToString(), report.Entries.ToDictionary(
            e => e.Key,
            // An exception's message may name servers; the endpoint is anonymous, so only the type is shown.
            e => new HealthCheckBody(e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.GetType().Name)));
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJson.Options, context.RequestAborted);
    }

    private sealed record HealthBody(string Status, Dictionary<string, HealthCheckBody> Checks);

    private sealed record HealthCheckBody(string Status, string? Description);

    private static class HealthJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    }
}
