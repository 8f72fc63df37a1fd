using Npgsql;

namespace CmcmActors.Grains.Hosting;

/// <summary>
/// Applies the project's own schema and Orleans queries (deploy/sql/*.sql, embedded) to a PostgreSQL database.
/// Every file is idempotent, so this runs at every start-up; scripts/postgres.sh apply-schema does the same by hand.
/// </summary>
public static class PostgresSchema
{
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var assembly = typeof(PostgresSchema).Assembly;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("sql/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            await using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            await using var command = new NpgsqlCommand(await reader.ReadToEndAsync(cancellationToken), connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
