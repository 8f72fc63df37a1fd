using Npgsql;

namespace CmcmActors.Grains.Idempotency;

/// <summary>
/// The store as the table cmcm_idempotency (deploy/sql/008-idempotency.sql), shared by every host of the cluster. A key
/// is claimed by one INSERT ... ON CONFLICT: the primary key lets exactly one of any number of concurrent requests (on
/// any host) insert or take over an expired row; the others read the row the winner wrote. Expired rows are deleted by
/// <see cref="PurgeExpiredAsync"/>, in batches so that one purge never holds a long transaction.
/// </summary>
public sealed class PostgresIdempotencyStore(string connectionString, string serviceId) : IIdempotencyStore, IAsyncDisposable
{
    private const int PurgeBatch = 5_000;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<IdempotencyStart> BeginAsync(IdempotencyClaim claim, CancellationToken cancellationToken = default)
    {
        // A claim that finds neither a row nor room in the quota may have crossed a row being abandoned or purged: try
        // again, a few times (each try is two statements; the race needs another request on the same key).
        for (var attempt = 0; ; attempt++)
        {
            if (await TryClaimAsync(claim, cancellationToken))
            {
                return IdempotencyStart.Run;
            }

            if (await ReadAsync(claim, cancellationToken) is { } held)
            {
                return held;
            }

            if (attempt == 2 || await KeysInWindowAsync(claim, cancellationToken) >= claim.Limits.MaxKeysPerWindow)
            {
                return new IdempotencyStart(IdempotencyVerdict.QuotaExceeded, RetryAfter: claim.Limits.UntilNextWindow(claim.Now));
            }
        }
    }

    /// <summary>
    /// Inserts the row, or takes over one that expired or whose run was lost, when the caller's rows of this window are
    /// under the quota. The count and the insert are one statement but not one lock: concurrent new keys of one caller
    /// can pass the quota by the few that count at the same instant, which a quota against floods can afford.
    /// </summary>
    private async Task<bool> TryClaimAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        var (now, limits) = (claim.Now, claim.Limits);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO cmcm_idempotency AS i (service_id, scope_key, caller_key, request_hash, created_at, expires_at)
            SELECT $1, $2, $3, $4, $5, $6
            WHERE (SELECT count(*) FROM cmcm_idempotency c WHERE c.service_id = $1 AND c.caller_key = $3 AND c.created_at >= $7) < $8
            ON CONFLICT (service_id, scope_key) DO UPDATE SET
                caller_key = EXCLUDED.caller_key, request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at,
                expires_at = EXCLUDED.expires_at, status = NULL, content_type = NULL, location = NULL, body = NULL
            WHERE i.expires_at <= $5 OR (i.status IS NULL AND i.created_at <= $9)
            RETURNING 1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Caller });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.RequestHash });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + limits.Retention });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = limits.WindowStart(now) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = limits.MaxKeysPerWindow });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now - limits.RunningTimeout });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>What holds the key, or null when no live row does.</summary>
    private async Task<IdempotencyStart?> ReadAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT request_hash, status, content_type, location, body, created_at FROM cmcm_idempotency
            WHERE service_id = $1 AND scope_key = $2 AND expires_at > $3
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Key });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = claim.Now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var sameBody = reader.GetString(0) == claim.RequestHash;
        if (!reader.IsDBNull(1))
        {
            var response = new StoredResponse(reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<byte[]>(4));
            return sameBody ? new IdempotencyStart(IdempotencyVerdict.Replay, response) : IdempotencyStart.KeyReused;
        }

        // A lost run (older than RunningTimeout) that the claim did not take over was refused by the quota.
        return reader.GetFieldValue<DateTimeOffset>(5) + claim.Limits.RunningTimeout > claim.Now
            ? sameBody ? IdempotencyStart.InProgress : IdempotencyStart.KeyReused
            : null;
    }

    private async Task<long> KeysInWindowAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT count(*) FROM cmcm_idempotency WHERE service_id = $1 AND caller_key = $2 AND created_at >= $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Caller });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = claim.Limits.WindowStart(claim.Now) });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task CompleteAsync(string key, string requestHash, StoredResponse response, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE cmcm_idempotency SET status = $4, content_type = $5, location = $6, body = $7, expires_at = $8
            WHERE service_id = $1 AND scope_key = $2 AND request_hash = $3 AND status IS NULL
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = requestHash });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = response.Status });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = response.ContentType });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = response.Location });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = response.Body });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AbandonAsync(string key, string requestHash, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "DELETE FROM cmcm_idempotency WHERE service_id = $1 AND scope_key = $2 AND request_hash = $3 AND status IS NULL");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = requestHash });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            await using var command = _dataSource.CreateCommand("""
                DELETE FROM cmcm_idempotency WHERE service_id = $1 AND scope_key IN
                    (SELECT scope_key FROM cmcm_idempotency WHERE service_id = $1 AND expires_at <= $2 LIMIT $3)
                AND expires_at <= $2
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PurgeBatch });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < PurgeBatch)
            {
                return total;
            }
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
