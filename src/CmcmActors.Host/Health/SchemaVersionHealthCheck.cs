using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CmcmActors.Host.Health;

/// <summary>
/// Healthy when the database holds the schema this host needs (<see cref="SchemaVersion.Expected"/>) or a newer one; a
/// newer one is fine during a rolling upgrade, since the files are additive.
/// </summary>
public sealed class SchemaVersionHealthCheck(HealthDataSource health) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = health.DataSource.CreateCommand("SELECT version FROM cmcm_schema_version");
            var version = await command.ExecuteScalarAsync(cancellationToken) as int?;
            return version >= SchemaVersion.Expected
                ? HealthCheckResult.Healthy($"schema {version}, expected {SchemaVersion.Expected}")
                : HealthCheckResult.Unhealthy($"schema {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, expected {SchemaVersion.Expected}: apply deploy/sql");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Unhealthy($"schema older than {SchemaVersion.Expected} (no cmcm_schema_version): apply deploy/sql");
        }
        catch (DbException e)
        {
            // The type, not the message: /health/ready is anonymous and the message names servers.
            return HealthCheckResult.Unhealthy($"database unavailable ({e.GetType().Name})");
        }
    }
}

/// <summary>
/// The health checks' own small pool with short timeouts, so that a probe neither waits behind the grains' pool nor hangs
/// while the database is down.
/// </summary>
public sealed class HealthDataSource : IAsyncDisposable
{
    public HealthDataSource(string connectionString)
    {
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = 3,
            CommandTimeout = 3,
            MaxPoolSize = 2,
            ApplicationName = "cmcm-health",
        }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
