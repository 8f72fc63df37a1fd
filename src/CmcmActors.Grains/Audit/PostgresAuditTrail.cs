using CmcmActors.Contracts.Audit;
using Npgsql;

namespace CmcmActors.Grains.Audit;

/// <summary>The audit table cmcm_audit (deploy/sql/011-audit.sql): one row per entry, kept once by its id.</summary>
public sealed class PostgresAuditTrail(string connectionString, string serviceId) : IAuditTrail, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task AddAsync(IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand("""
            INSERT INTO cmcm_audit (service_id, entry_id, at, family_id, member_id, claim_id, subject, role, trace_id, action, detail)
            SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
            ON CONFLICT (service_id, entry_id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Id)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. entries.Select(e => e.At.ToUniversalTime())] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.FamilyId)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.MemberId)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.ClaimId)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.By?.Subject)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.By?.Role)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.By?.TraceId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Action)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Detail)] });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? familyId, string? memberId, AuditCursor? before, int limit)
    {
        var scope = memberId is not null ? "member_id = $2" : "family_id = $2";
        var page = before is null ? "" : " AND (at, entry_id) < ($3, $4)";
        await using var command = _dataSource.CreateCommand(
            $"SELECT entry_id, at, family_id, member_id, claim_id, subject, role, trace_id, action, detail FROM cmcm_audit " +
            $"WHERE service_id = $1 AND {scope}{page} ORDER BY at DESC, entry_id DESC LIMIT {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = memberId ?? familyId ?? "" });
        if (before is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = before.At });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = before.Id });
        }

        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var by = reader.IsDBNull(5) ? null : new Actor(reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
            entries.Add(new AuditEntry(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), by, reader.GetString(8), reader.GetString(9)));
        }

        return entries;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
