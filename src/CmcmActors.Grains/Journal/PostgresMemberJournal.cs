using System.Threading.Channels;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using Microsoft.Extensions.Logging;
using CmcmActors.Contracts;
using CmcmActors.Domain.Claims;
using Npgsql;
using NpgsqlTypes;

namespace CmcmActors.Grains.Journal;

/// <summary>
/// The journal on PostgreSQL (tables of deploy/sql/004-journal.sql) with group commit: appends from every member of
/// this silo queue up while the previous transaction commits, and the next transaction takes all of them (up to
/// <see cref="MemberJournalOptions.MaxAppendsPerBatch"/>), so a busy silo pays one commit for many claims.
/// <see cref="MemberJournalOptions.Writers"/> such loops run side by side, so that one transaction is built while another
/// waits for its commit to reach the disk (PostgreSQL flushes concurrent commits together). An append's task completes
/// only after its transaction committed. A member has at most one append in flight (the member waits for it), so appends
/// of one member never race each other. A member whose version check fails is refused alone; the others of the batch
/// commit. At most <see cref="MemberJournalOptions.MaxPendingAppends"/> appends are accepted and unanswered at once: one
/// more is refused at once with <see cref="JournalOverloadedException"/>, before anything of it is queued.
/// </summary>
public sealed partial class PostgresMemberJournal : IMemberJournal, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly MemberJournalOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _appends;
    private readonly Task _writers;

    private long _commits;
    private long _committedAppends;
    private long _refusedAppends;
    private int _pendingAppends;
    private int _overloaded;
    private volatile bool _closed;

    public PostgresMemberJournal(string connectionString, string serviceId, MemberJournalOptions options, ILogger<PostgresMemberJournal> logger)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _serviceId = serviceId;
        _options = options;
        _logger = logger;

        // The bound is kept by the count of pending appends (which also counts those in a transaction), so the channel
        // never fills; bounding it too keeps "never more than MaxPendingAppends in memory" true on its face.
        _appends = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.MaxPendingAppends)
        {
            SingleReader = options.Writers == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writers = Task.WhenAll(Enumerable.Range(0, options.Writers).Select(_ => Task.Run(WriteLoopAsync)));
    }

    /// <summary>Transactions committed, appends they held, and appends refused as overload, since start (README figures, tests).</summary>
    public (long Commits, long Appends, long Refused) Counters =>
        (Interlocked.Read(ref _commits), Interlocked.Read(ref _committedAppends), Interlocked.Read(ref _refusedAppends));

    /// <summary>Appends accepted and not yet answered: waiting for a writer or in a transaction.</summary>
    public int PendingAppends => Volatile.Read(ref _pendingAppends);

    public Task AppendAsync(MemberAppend append)
    {
        if (_closed)
        {
            return Task.FromException(new ObjectDisposedException(nameof(PostgresMemberJournal), "The journal is shutting down."));
        }

        if (Interlocked.Increment(ref _pendingAppends) > _options.MaxPendingAppends)
        {
            Interlocked.Decrement(ref _pendingAppends);
            Interlocked.Increment(ref _refusedAppends);
            if (Interlocked.Exchange(ref _overloaded, 1) == 0)
            {
                LogOverloaded(_logger, _options.MaxPendingAppends);
            }

            return Task.FromException(new JournalOverloadedException(
                $"The journal has {_options.MaxPendingAppends} appends waiting ({MemberJournalOptions.Section}:MaxPendingAppends); member {append.MemberId}'s was refused and nothing of it written. Retry in {_options.OverloadRetryAfterSeconds} s.",
                _options.OverloadRetryAfterSeconds));
        }

        // Read first: the hot path then never writes the shared flag.
        if (Volatile.Read(ref _overloaded) == 1 && Interlocked.Exchange(ref _overloaded, 0) == 1)
        {
            LogAcceptingAgain(_logger);
        }

        var pending = new PendingAppend(append, this);
        if (!_appends.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _pendingAppends);
            return Task.FromException(new ObjectDisposedException(nameof(PostgresMemberJournal), "The journal is shutting down."));
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
        _closed = true;
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
        var batch = new List<PendingAppend>(_options.MaxAppendsPerBatch);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < _options.MaxAppendsPerBatch && reader.TryRead(out var pending))
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
                    pending.Fail(e);
                }

                return;
            }

            foreach (var pending in conflicts)
            {
                pending.Fail(new JournalConflictException(
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
                    "INSERT INTO cmcm_claim (service_id, claim_id, member_id, family_id, status, version, received_at, changed_at, body, received_on, care_years, benefits) " +
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) " +
                    "ON CONFLICT (service_id, claim_id) DO UPDATE SET family_id = EXCLUDED.family_id, status = EXCLUDED.status, version = EXCLUDED.version, changed_at = EXCLUDED.changed_at, body = EXCLUDED.body, " +
                    "received_on = EXCLUDED.received_on, care_years = EXCLUDED.care_years, benefits = EXCLUDED.benefits",
                    _serviceId, record.ClaimId, append.MemberId, record.Submission.FamilyId, (short)record.Status, record.Version,
                    record.History[0].At, record.History[^1].At, Json(JournalJson.Write(claim)),
                    record.Submission.ReceivedOn, ClaimListFilter.CareYears(record.TrustedLines), ClaimListFilter.Benefits(record.TrustedLines)));
            }

            // What the claims make owed, in the same transaction (deploy/sql/010-payments.sql): about 150 bytes a claim.
            foreach (var payable in append.Payables)
            {
                batch.BatchCommands.Add(Command(
                    "INSERT INTO cmcm_payable (service_id, claim_id, claim_version, member_id, family_id, payee, amount_cents, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) " +
                    "ON CONFLICT (service_id, claim_id, claim_version) DO NOTHING",
                    _serviceId, payable.ClaimId, payable.ClaimVersion, payable.MemberId, payable.FamilyId, payable.Payee, payable.Amount.Cents, payable.At));
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
            pending.Succeed();
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

    /// <summary>
    /// One append and its caller's task. Answered once; the journal's count of pending appends goes down before the task
    /// completes, so a caller that awaited it finds the room it left.
    /// </summary>
    private sealed class PendingAppend(MemberAppend append, PostgresMemberJournal journal)
    {
        private int _answered;

        public MemberAppend Append { get; } = append;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Succeed()
        {
            if (Answer())
            {
                Completion.SetResult();
            }
        }

        public void Fail(Exception error)
        {
            if (Answer())
            {
                Completion.SetException(error);
            }
        }

        private bool Answer()
        {
            if (Interlocked.Exchange(ref _answered, 1) != 0)
            {
                return false;
            }

            Interlocked.Decrement(ref journal._pendingAppends);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal: a group of {Count} appends was refused by the server; committing them one by one")]
    private static partial void LogBatchSplit(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal: {Limit} appends are waiting (Cmcm:Journal:MaxPendingAppends); refusing new appends until some commit")]
    private static partial void LogOverloaded(ILogger logger, int limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal: accepting appends again")]
    private static partial void LogAcceptingAgain(ILogger logger);
}
