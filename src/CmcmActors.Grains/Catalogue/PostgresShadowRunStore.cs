using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace CmcmActors.Grains.Catalogue;

/// <summary>Shadow runs on PostgreSQL (tables of deploy/sql/014-shadow-runs.sql); a completed run's report rows go in with binary COPY.</summary>
public sealed class PostgresShadowRunStore(string connectionString, string serviceId) : IShadowRunStore, IAsyncDisposable
{
    private const string Columns =
        "run_id, draft_id, edition, period_from, period_to, started_at, started_by, owner, status, done, total, heartbeat_at, cancel_requested, " +
        "finished_at, error, claims, judged, skipped, changed, paid_before, paid_after";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General) { Converters = { new JsonStringEnumConverter() } };
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task AddAsync(ShadowRunRow run, int keep)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var prune = new NpgsqlCommand(
            "DELETE FROM cmcm_shadow_run WHERE service_id = $1 AND status <> 'running' AND run_id NOT IN " +
            "(SELECT run_id FROM cmcm_shadow_run WHERE service_id = $1 AND status <> 'running' ORDER BY started_at DESC, run_id LIMIT $2)", connection, transaction))
        {
            prune.Parameters.AddWithValue(serviceId);
            prune.Parameters.AddWithValue((long)keep);
            await prune.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO cmcm_shadow_run (service_id, run_id, draft_id, edition, period_from, period_to, status, started_at, started_by, owner, heartbeat_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, $8, $9, $7)", connection, transaction))
        {
            insert.Parameters.AddWithValue(serviceId);
            insert.Parameters.AddWithValue(run.RunId);
            insert.Parameters.AddWithValue(run.DraftId);
            insert.Parameters.AddWithValue(run.Edition);
            insert.Parameters.AddWithValue(run.From);
            insert.Parameters.AddWithValue(run.To);
            insert.Parameters.AddWithValue(run.StartedAt);
            insert.Parameters.AddWithValue(run.StartedBy);
            insert.Parameters.AddWithValue(run.Owner);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public async Task<ShadowRunRow?> GetAsync(string runId)
    {
        var rows = await ReadRunsAsync($"SELECT {Columns} FROM cmcm_shadow_run WHERE service_id = $1 AND run_id = $2", runId);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<ShadowRunRow>> ListAsync(int limit) =>
        ReadRunsAsync($"SELECT {Columns} FROM cmcm_shadow_run WHERE service_id = $1 ORDER BY started_at DESC, run_id LIMIT $2", (long)limit);

    public async Task<bool?> HeartbeatAsync(string runId, string owner, int done, int total, DateTimeOffset at)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE cmcm_shadow_run SET done = $4, total = $5, heartbeat_at = $6 " +
            "WHERE service_id = $1 AND run_id = $2 AND owner = $3 AND status = 'running' RETURNING cancel_requested");
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(done);
        command.Parameters.AddWithValue(total);
        command.Parameters.AddWithValue(at);
        return await command.ExecuteScalarAsync() is bool cancel ? cancel : null;
    }

    public async Task<bool> RequestCancelAsync(string runId)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE cmcm_shadow_run SET cancel_requested = true WHERE service_id = $1 AND run_id = $2 AND status = 'running'");
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(runId);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task<bool> FinishAsync(string runId, string owner, ShadowRunEnd end)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var report = end.Report;
        await using (var update = new NpgsqlCommand(
            "UPDATE cmcm_shadow_run SET status = $4, finished_at = $5, done = $6, error = $7, claims = $8, judged = $9, skipped = $10, changed = $11, " +
            "paid_before = $12, paid_after = $13, totals = $14 WHERE service_id = $1 AND run_id = $2 AND owner = $3 AND status = 'running'", connection, transaction))
        {
            update.Parameters.AddWithValue(serviceId);
            update.Parameters.AddWithValue(runId);
            update.Parameters.AddWithValue(owner);
            update.Parameters.AddWithValue(ShadowRunRow.StatusName(end.Status));
            update.Parameters.AddWithValue(end.At);
            update.Parameters.AddWithValue(end.Done);
            update.Parameters.Add(new NpgsqlParameter<string?> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = end.Error });
            update.Parameters.Add(new NpgsqlParameter<int?> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = report?.Claims });
            update.Parameters.Add(new NpgsqlParameter<int?> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = report?.Judged.Count });
            update.Parameters.Add(new NpgsqlParameter<int?> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = report?.Skipped });
            update.Parameters.Add(new NpgsqlParameter<int?> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = report?.ClaimsChanged });
            update.Parameters.Add(new NpgsqlParameter<decimal?> { NpgsqlDbType = NpgsqlDbType.Numeric, TypedValue = report?.PaidBefore });
            update.Parameters.Add(new NpgsqlParameter<decimal?> { NpgsqlDbType = NpgsqlDbType.Numeric, TypedValue = report?.PaidAfter });
            update.Parameters.Add(new NpgsqlParameter<string?> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = report is null ? null : JsonSerializer.Serialize(report.Totals, Json) });
            if (await update.ExecuteNonQueryAsync() != 1)
            {
                return false;
            }
        }

        if (report is not null)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY cmcm_shadow_run_claim (service_id, run_id, seq, claim_id, member_id, family_id, received_on, editions, outcome_before, outcome_after, " +
                "rc_before, assist_before, pp_before, do_before, rc_after, assist_after, pp_after, do_after) FROM STDIN (FORMAT BINARY)");
            var seq = 0;
            foreach (var claim in report.Judged)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(serviceId, NpgsqlDbType.Text);
                await copy.WriteAsync(runId, NpgsqlDbType.Text);
                await copy.WriteAsync(seq++, NpgsqlDbType.Integer);
                await copy.WriteAsync(claim.ClaimId, NpgsqlDbType.Text);
                await copy.WriteAsync(claim.MemberId, NpgsqlDbType.Text);
                await copy.WriteAsync(claim.FamilyId, NpgsqlDbType.Text);
                await copy.WriteAsync(claim.ReceivedOn, NpgsqlDbType.Date);
                await copy.WriteAsync(JsonSerializer.Serialize(claim.Editions, Json), NpgsqlDbType.Text);
                await copy.WriteAsync(claim.OutcomeBefore, NpgsqlDbType.Text);
                await copy.WriteAsync(claim.OutcomeAfter, NpgsqlDbType.Text);
                foreach (var amounts in new[] { claim.PaidBeforeByTier, claim.PaidAfterByTier })
                {
                    await copy.WriteAsync(amounts.RC, NpgsqlDbType.Numeric);
                    await copy.WriteAsync(amounts.ASSIST, NpgsqlDbType.Numeric);
                    await copy.WriteAsync(amounts.PP, NpgsqlDbType.Numeric);
                    await copy.WriteAsync(amounts.DO, NpgsqlDbType.Numeric);
                }
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
        return true;
    }

    public async Task<ShadowReport?> ReadReportAsync(string runId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        string draft, totalsJson;
        DateOnly from, to;
        int claims, skipped, changed;
        decimal before, after;
        await using (var head = new NpgsqlCommand(
            "SELECT edition, period_from, period_to, claims, skipped, changed, paid_before, paid_after, totals FROM cmcm_shadow_run " +
            "WHERE service_id = $1 AND run_id = $2 AND status = 'completed'", connection, transaction))
        {
            head.Parameters.AddWithValue(serviceId);
            head.Parameters.AddWithValue(runId);
            await using var reader = await head.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            (draft, from, to) = (reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2));
            (claims, skipped, changed) = (reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
            (before, after, totalsJson) = (reader.GetDecimal(6), reader.GetDecimal(7), reader.GetString(8));
        }

        var judged = new List<ShadowClaim>();
        await using (var rows = new NpgsqlCommand(
            "SELECT claim_id, member_id, family_id, received_on, editions, outcome_before, outcome_after, rc_before, assist_before, pp_before, do_before, " +
            "rc_after, assist_after, pp_after, do_after FROM cmcm_shadow_run_claim WHERE service_id = $1 AND run_id = $2 ORDER BY seq", connection, transaction))
        {
            rows.Parameters.AddWithValue(serviceId);
            rows.Parameters.AddWithValue(runId);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                judged.Add(new ShadowClaim(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3),
                    JsonSerializer.Deserialize<string[]>(reader.GetString(4), Json) ?? [], reader.GetString(5), reader.GetString(6),
                    new ShadowTierAmounts(Amount(reader, 7), Amount(reader, 8), Amount(reader, 9), Amount(reader, 10)),
                    new ShadowTierAmounts(Amount(reader, 11), Amount(reader, 12), Amount(reader, 13), Amount(reader, 14))));
            }
        }

        var totals = JsonSerializer.Deserialize<ShadowTotal[]>(totalsJson, Json) ?? [];
        return new ShadowReport(draft, from, to, claims, skipped, judged, totals, ShadowRun.Cents(before), ShadowRun.Cents(after), changed);
    }

    public async Task<int> ExpireAsync(DateTimeOffset heartbeatBefore, DateTimeOffset at)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE cmcm_shadow_run SET status = 'failed', finished_at = $3, error = $4 WHERE service_id = $1 AND status = 'running' AND heartbeat_at < $2");
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(heartbeatBefore);
        command.Parameters.AddWithValue(at);
        command.Parameters.AddWithValue(ShadowRunRow.LeaseLapsed);
        return await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static decimal Amount(NpgsqlDataReader reader, int column) => ShadowRun.Cents(reader.GetDecimal(column));

    private async Task<IReadOnlyList<ShadowRunRow>> ReadRunsAsync(string sql, object argument)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(argument);
        var runs = new List<ShadowRunRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var status = ShadowRunRow.ParseStatus(reader.GetString(8));
            runs.Add(new ShadowRunRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3), reader.GetFieldValue<DateOnly>(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.GetString(7), status, reader.GetInt32(9), reader.GetInt32(10),
                reader.GetFieldValue<DateTimeOffset>(11), reader.GetBoolean(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13), reader.IsDBNull(14) ? null : reader.GetString(14),
                status == ShadowRunStatus.Completed && !reader.IsDBNull(15)
                    ? new ShadowRunSummary(reader.GetInt32(15), reader.GetInt32(16), reader.GetInt32(17), reader.GetInt32(18), ShadowRun.Cents(reader.GetDecimal(19)), ShadowRun.Cents(reader.GetDecimal(20)))
                    : null));
        }

        return runs;
    }
}
