using System.Globalization;
using Npgsql;

namespace CmcmActors.Grains.Audit;

/// <summary>The read log as the table cmcm_read_log (deploy/sql/011-audit.sql); a batch of reads is one INSERT.</summary>
public sealed class PostgresReadLog(string connectionString, string serviceId) : IReadLog, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task AddAsync(IReadOnlyList<HealthDataRead> reads)
    {
        if (reads.Count == 0)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand("""
            INSERT INTO cmcm_read_log (service_id, read_id, at, subject, role, member_id, family_id, route, trace_id)
            SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
            ON CONFLICT (service_id, read_id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. reads.Select(r => r.Id)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. reads.Select(r => r.At.ToUniversalTime())] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. reads.Select(r => r.Subject)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. reads.Select(r => r.Role)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. reads.Select(r => r.MemberId)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. reads.Select(r => r.FamilyId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. reads.Select(r => r.Route)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. reads.Select(r => r.TraceId)] });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<HealthDataRead>> ReadAsync(ReadLogQuery query, ReadLogCursor? before, int limit)
    {
        await using var command = _dataSource.CreateCommand();
        string Add<T>(T value)
        {
            command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
            return "$" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        }

        var where = new List<string> { $"service_id = {Add(serviceId)}" };
        if (query.MemberId is { } member)
        {
            where.Add($"member_id = {Add(member)}");
        }

        if (query.Subject is { } subject)
        {
            where.Add($"subject = {Add(subject)}");
        }

        if (query.From is { } from)
        {
            where.Add($"at >= {Add(from.ToUniversalTime())}");
        }

        if (query.To is { } to)
        {
            where.Add($"at < {Add(to.ToUniversalTime())}");
        }

        if (before is not null)
        {
            where.Add($"(at, read_id) < ({Add(before.At.ToUniversalTime())}, {Add(before.Id)})");
        }

        command.CommandText = "SELECT read_id, at, subject, role, member_id, family_id, route, trace_id FROM cmcm_read_log WHERE "
            + string.Join(" AND ", where) + " ORDER BY at DESC, read_id DESC LIMIT " + limit.ToString(CultureInfo.InvariantCulture);
        var reads = new List<HealthDataRead>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            reads.Add(new HealthDataRead(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return reads;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
