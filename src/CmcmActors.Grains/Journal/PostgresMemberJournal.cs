using System.Threading.Channels;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CmcmActors.Grains.Journal;

/// <summary>
/// The journal on PostgreSQL (tables of deploy/sql/004-journal.sql) with group commit: appends from every member of
/// this silo queue up while the previous transaction commits, and the next transaction takes all of them (up to
/// <see cref="MaxBatch"/>), so a busy silo pays one commit for many claims. <see cref="Writers"/> such loops run side by
/// side, so that one transaction is built while another waits for its commit to reach the disk (PostgreSQL flushes
/// concurrent commits together). An append's task completes only after its transaction committed. A member has at most
/// one append in flight (the member waits for it), so appends of one member never race each other. A member whose
/// version check fails is refused alone; the others of the batch commit.
/// </summary>
public sealed partial class PostgresMemberJournal : IMemberJournal, IAsyncDisposable
{
    /// <summary>Appends committed together at most (a few hundred KB of claim rows).</summary>
    public const int MaxBatch = 256;

    /// <summary>Transactions in flight at once (see README "Speed of the claim path").</summary>
    public const int Writers = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task _writers;

    public PostgresMemberJournal(string connectionString, string serviceId, ILogger<PostgresMemberJournal> logger)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _serviceId = serviceId;
        _logger = logger;
        _writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteLoopAsync)));
    }

    /// <summary>Transactions committed and appends they held, since start (for the figures of the README).</summary>
    public (long Commits, long Appends) Counters => (Interlocked.Read(ref _commits), Interlocked.Read(ref _committedAppends));

    private long _commits;
    private long _committedAppends;

    public Task AppendAsync(MemberAppend append)
    {
        var pending = new PendingAppend(append);
        if (!_appends.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresMemberJournal), "The journal is shutting down.");
        }

        return pending.Completion.Task;
    }

    public async Task<MemberSnapshot?> LoadAsync(string memberId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("SELECT head FROM cmcm_member WHERE service_id = $1 AND member_id = $2", _serviceId, memberId),
                Command("SELECT total FROM cmcm_accumulator WHERE service_id = $1 AND member_id = $2", _serviceId, memberId),
                Command("SELECT claim_id FROM cmcm_claim WHERE service_id = $1 AND member_id = $2", _serviceId, memberId),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var head = JournalJson.Read<MemberHead>(reader.GetString(0));
        await reader.NextResultAsync();
        var totals = new List<AccumulatorChange>();
        while (await reader.ReadAsync())
        {
            totals.Add(JournalJson.Read<AccumulatorChange>(reader.GetString(0)));
        }

        await reader.NextResultAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return new MemberSnapshot(head, totals, ids);
    }

    public async Task<JournaledClaim?> ReadClaimAsync(string memberId, string claimId)
    {
        var rows = await QueryAsync("SELECT body FROM cmcm_claim WHERE service_id = $1 AND claim_id = $2 AND member_id = $3", _serviceId, claimId, memberId);
        return rows.Count == 0 ? null : JournalJson.Read<JournaledClaim>(rows[0]);
    }

    public async Task<IReadOnlyList<JournaledClaim>> ReadClaimsAsync(string memberId, ClaimCursor? after = null, int limit = int.MaxValue, bool newestFirst = false)
    {
        // Both directions walk the index on (service_id, member_id, received_at, claim_id), forwards or backwards.
        var (past, order) = newestFirst ? ("<", "received_at DESC, claim_id DESC") : (">", "received_at, claim_id");
        var rows = after is null
            ? await QueryAsync($"SELECT body FROM cmcm_claim WHERE service_id = $1 AND member_id = $2 ORDER BY {order} LIMIT $3", _serviceId, memberId, (long)limit)
            : await QueryAsync($"SELECT body FROM cmcm_claim WHERE service_id = $1 AND member_id = $2 AND (received_at, claim_id) {past} ($3, $4) ORDER BY {order} LIMIT $5",
                _serviceId, memberId, after.At, after.ClaimId, (long)limit);
        return rows.Select(JournalJson.Read<JournaledClaim>).ToArray();
    }

    public async Task<IReadOnlyList<ClaimRecord>> ReadPendedAsync(ClaimCursor? after = null, int limit = int.MaxValue)
    {
        var rows = after is null
            ? await QueryAsync("SELECT body FROM cmcm_claim WHERE service_id = $1 AND status = 5 ORDER BY changed_at, claim_id LIMIT $2", _serviceId, (long)limit)
            : await QueryAsync("SELECT body FROM cmcm_claim WHERE service_id = $1 AND status = 5 AND (changed_at, claim_id) > ($2, $3) ORDER BY changed_at, claim_id LIMIT $4",
                _serviceId, after.At, after.ClaimId, (long)limit);
        return rows.Select(r => JournalJson.Read<JournaledClaim>(r).Record).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writers;
        await _dataSource.DisposeAsync();
    }

    private async Task<List<string>> QueryAsync(string sql, params object[] values)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _appends.Reader;
        var batch = new List<PendingAppend>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await CommitAsync(batch);
            batch.Clear();
        }
    }

    /// <summary>Commits the batch; never throws: every append's task gets its outcome.</summary>
    private async Task CommitAsync(List<PendingAppend> batch)
    {
        var remaining = batch;
        while (remaining.Count > 0)
        {
            List<PendingAppend> conflicts;
            try
            {
                conflicts = await TryCommitAsync(remaining);
            }
            catch (PostgresException e) when (remaining.Count > 1)
            {
                // The server refused a statement: one append may be at fault. Commit each alone so the others land.
                LogBatchSplit(_logger, e, remaining.Count);
                foreach (var pending in remaining)
                {
                    await CommitAsync([pending]);
                }

                return;
            }
            catch (Exception e)
            {
                foreach (var pending in remaining)
                {
                    pending.Completion.TrySetException(e);
                }

                return;
            }

            foreach (var pending in conflicts)
            {
                pending.Completion.TrySetException(new JournalConflictException(
                    $"Member {pending.Append.MemberId} is no longer at version {pending.Append.ExpectedVersion}: another activation wrote it."));
            }

            remaining = conflicts.Count == 0 ? [] : remaining.Except(conflicts).ToList();
        }
    }

    /// <summary>One transaction for every append; returns the appends whose version check failed (then nothing was committed).</summary>
    private async Task<List<PendingAppend>> TryCommitAsync(List<PendingAppend> appends)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var heads = new List<(PendingAppend Pending, NpgsqlBatchCommand Command)>(appends.Count);
        foreach (var pending in appends)
        {
            var append = pending.Append;
            var head = JournalJson.Write(append.Head);
            var headCommand = append.ExpectedVersion == 0
                ? Command("INSERT INTO cmcm_member (service_id, member_id, version, family_id, head) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    _serviceId, append.MemberId, append.Head.Version, (object?)append.Head.FamilyId ?? DBNull.Value, Json(head))
                : Command("UPDATE cmcm_member SET version = $3, family_id = $4, head = $5, updated_at = now() WHERE service_id = $1 AND member_id = $2 AND version = $6",
                    _serviceId, append.MemberId, append.Head.Version, (object?)append.Head.FamilyId ?? DBNull.Value, Json(head), append.ExpectedVersion);
            batch.BatchCommands.Add(headCommand);
            heads.Add((pending, headCommand));
            foreach (var total in append.Totals)
            {
                batch.BatchCommands.Add(total.Paid.Cents == 0 && total.Units == 0
                    ? Command("DELETE FROM cmcm_accumulator WHERE service_id = $1 AND member_id = $2 AND key = $3", _serviceId, append.MemberId, total.Key.ToString())
                    : Command("INSERT INTO cmcm_accumulator (service_id, member_id, key, total) VALUES ($1, $2, $3, $4) ON CONFLICT (service_id, member_id, key) DO UPDATE SET total = EXCLUDED.total",
                        _serviceId, append.MemberId, total.Key.ToString(), Json(JournalJson.Write(total))));
            }

            foreach (var claim in append.Claims)
            {
                var record = claim.Record;
                batch.BatchCommands.Add(Command(
                    "INSERT INTO cmcm_claim (service_id, claim_id, member_id, family_id, status, version, received_at, changed_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) " +
                    "ON CONFLICT (service_id, claim_id) DO UPDATE SET family_id = EXCLUDED.family_id, status = EXCLUDED.status, version = EXCLUDED.version, changed_at = EXCLUDED.changed_at, body = EXCLUDED.body",
                    _serviceId, record.ClaimId, append.MemberId, record.Submission.FamilyId, (short)record.Status, record.Version,
                    record.History[0].At, record.History[^1].At, Json(JournalJson.Write(claim))));
            }
        }

        await batch.ExecuteNonQueryAsync();
        var conflicts = heads.Where(h => h.Command.RecordsAffected != 1).Select(h => h.Pending).ToList();
        if (conflicts.Count > 0)
        {
            await transaction.RollbackAsync();
            return conflicts;
        }

        await transaction.CommitAsync();
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _committedAppends, appends.Count);
        foreach (var pending in appends)
        {
            pending.Completion.TrySetResult();
        }

        return [];
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>JSON stored as text (see 004-journal.sql).</summary>
    private static NpgsqlParameter Json(string json) => new() { Value = json, NpgsqlDbType = NpgsqlDbType.Text };

    private sealed class PendingAppend(MemberAppend append)
    {
        public MemberAppend Append { get; } = append;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal: a group of {Count} appends was refused by the server; committing them one by one")]
    private static partial void LogBatchSplit(ILogger logger, Exception exception, int count);
}
