using System.Runtime.CompilerServices;
using CmcmActors.Domain.Payments;
using Npgsql;
using NpgsqlTypes;

namespace CmcmActors.Grains.Payments;

/// <summary>
/// The ledger on PostgreSQL (deploy/sql/010-payments.sql). Payables are written by the members' journal in its own
/// transactions; here runs take them: each payment is one transaction that assigns the due payables of its payees
/// (<c>UPDATE ... WHERE payment_id IS NULL ... RETURNING</c>), so a payable is in at most one payment and one written while
/// a run goes on lands in it or stays due for the next.
/// </summary>
public sealed class PostgresPaymentLedger(string connectionString, string serviceId) : IPaymentLedger, IAsyncDisposable
{
    private const string PaymentColumns =
        "payment_id, run_id, holder, holder_name, account_id, iban, bic, amount_cents, payables, remittance, status, decided_by, paid_on, return_code, return_reason";

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<(PaymentRunRecord Run, bool Created)> CreateRunAsync(DateOnly cutOff, string startedBy, DateTimeOffset at)
    {
        var runId = PaymentIds.Run(cutOff);
        await using var command = Command(
            "INSERT INTO cmcm_payment_run (service_id, run_id, cut_off, started_by, started_at, status, changed_at) VALUES ($1, $2, $3, $4, $5, 0, $5) " +
            "ON CONFLICT DO NOTHING", serviceId, runId, cutOff, startedBy, at);
        var created = await command.ExecuteNonQueryAsync() == 1;
        return ((await GetRunAsync(runId))!, created);
    }

    public async Task<bool> TryLeaseRunAsync(string runId, string owner, DateTimeOffset now, DateTimeOffset until)
    {
        await using var command = Command(
            "UPDATE cmcm_payment_run SET lease_owner = $3, lease_until = $5 WHERE service_id = $1 AND run_id = $2 " +
            "AND (lease_owner IS NULL OR lease_owner = $3 OR lease_until <= $4)", serviceId, runId, owner, now, until);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task SetRunStatusAsync(string runId, PaymentRunStatus status, DateTimeOffset at)
    {
        await using var command = Command("UPDATE cmcm_payment_run SET status = $3, changed_at = $4 WHERE service_id = $1 AND run_id = $2",
            serviceId, runId, (short)status, at);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<PaymentRunRecord?> GetRunAsync(string runId) =>
        (await RunsAsync("SELECT run_id, cut_off, started_by, started_at, status, changed_at FROM cmcm_payment_run WHERE service_id = $1 AND run_id = $2", serviceId, runId))
            .SingleOrDefault();

    public async Task<IReadOnlyList<PaymentRunRecord>> ListRunsAsync(int limit) =>
        await RunsAsync("SELECT run_id, cut_off, started_by, started_at, status, changed_at FROM cmcm_payment_run WHERE service_id = $1 ORDER BY cut_off DESC LIMIT $2",
            serviceId, (long)limit);

    public async Task<IReadOnlyList<PayeeDue>> ReadDueAsync()
    {
        await using var command = Command(
            "SELECT payee, COALESCE(sum(amount_cents) FILTER (WHERE amount_cents > 0), 0)::bigint, COALESCE(-sum(amount_cents) FILTER (WHERE amount_cents < 0), 0)::bigint, count(*)::int " +
            "FROM cmcm_payable WHERE service_id = $1 AND payment_id IS NULL GROUP BY payee ORDER BY payee", serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        var due = new List<PayeeDue>();
        while (await reader.ReadAsync())
        {
            due.Add(new PayeeDue(reader.GetString(0), new Domain.Money.Money(reader.GetInt64(1)), new Domain.Money.Money(reader.GetInt64(2)), reader.GetInt32(3)));
        }

        return due;
    }

    public async Task<PaymentRecord?> AssignAsync(NewPayment payment, Domain.Money.Money secondConfirmationAbove, DateTimeOffset at) =>
        (await AssignManyAsync([payment], secondConfirmationAbove, at)).SingleOrDefault();

    public async Task<IReadOnlyList<PaymentRecord>> AssignManyAsync(IReadOnlyList<NewPayment> payments, Domain.Money.Money secondConfirmationAbove, DateTimeOffset at)
    {
        if (payments.Count == 0)
        {
            return [];
        }

        var runId = payments[0].RunId;
        if (payments.Any(p => p.RunId != runId))
        {
            throw new ArgumentException("Payments of one run at a time.", nameof(payments));
        }

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        // The run's row is locked first: two processors of one run (a lease that expired under a slow host) take turns here.
        await using (var lockRun = new NpgsqlCommand("SELECT 1 FROM cmcm_payment_run WHERE service_id = $1 AND run_id = $2 FOR UPDATE", connection, transaction))
        {
            lockRun.Parameters.Add(new NpgsqlParameter { Value = serviceId });
            lockRun.Parameters.Add(new NpgsqlParameter { Value = runId });
            await lockRun.ExecuteNonQueryAsync();
        }

        var existing = await ReadPaymentsAsync(connection, transaction, $"SELECT {PaymentColumns} FROM cmcm_payment WHERE service_id = $1 AND run_id = $2 AND holder = ANY($3)",
            serviceId, runId, payments.Select(p => p.Holder.ToString()).ToArray());
        var had = existing.Select(p => p.Holder).ToHashSet(StringComparer.Ordinal);
        var todo = payments.Where(p => !had.Contains(p.Holder.ToString())).ToDictionary(p => p.PaymentId, StringComparer.Ordinal);
        var taken = new Dictionary<string, List<Payable>>(StringComparer.Ordinal);
        if (todo.Count > 0)
        {
            var pairs = todo.Values.SelectMany(p => p.Payees.Select(payee => (Payee: payee, p.PaymentId))).ToArray();
            await using var assign = new NpgsqlCommand(
                "UPDATE cmcm_payable p SET payment_id = m.payment_id FROM unnest($2::text[], $3::text[]) AS m(payee, payment_id) " +
                "WHERE p.service_id = $1 AND p.payment_id IS NULL AND p.payee = m.payee " +
                "RETURNING p.claim_id, p.claim_version, p.member_id, p.family_id, p.payee, p.amount_cents, p.at, p.payment_id", connection, transaction);
            assign.Parameters.Add(new NpgsqlParameter { Value = serviceId });
            assign.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.Payee).ToArray() });
            assign.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.PaymentId).ToArray() });
            await using var reader = await assign.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var paymentId = reader.GetString(7);
                if (!taken.TryGetValue(paymentId, out var rows))
                {
                    taken[paymentId] = rows = [];
                }

                rows.Add(ReadPayable(reader));
            }
        }

        var made = new List<PaymentRecord>(taken.Count);
        var netNothing = new List<string>();
        foreach (var (paymentId, rows) in taken)
        {
            var sum = new Domain.Money.Money(rows.Sum(p => p.Amount.Cents));
            if (sum <= Domain.Money.Money.Zero)
            {
                netNothing.Add(paymentId);
                continue;
            }

            made.Add(MemoryPaymentLedger.NewRecord(todo[paymentId], rows, sum, secondConfirmationAbove));
        }

        if (netNothing.Count > 0)
        {
            // A reversal that came in since the plan left nothing to pay: those payables stay due, as if never taken.
            await using var release = new NpgsqlCommand("UPDATE cmcm_payable SET payment_id = NULL WHERE service_id = $1 AND payment_id = ANY($2)", connection, transaction);
            release.Parameters.Add(new NpgsqlParameter { Value = serviceId });
            release.Parameters.Add(new NpgsqlParameter { Value = netNothing.ToArray() });
            await release.ExecuteNonQueryAsync();
        }

        if (made.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO cmcm_payment (service_id, payment_id, run_id, holder, holder_name, account_id, iban, bic, amount_cents, payables, remittance, status, created_at, changed_at) " +
                "SELECT $1, m.*, $13, $13 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::int[], $11::text[], $12::smallint[]) AS m",
                connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = serviceId });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => r.PaymentId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => r.RunId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => r.Holder).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => r.HolderName).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => r.AccountId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => r.Iban).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => (object?)r.Bic ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => r.Amount.Cents).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => r.Payables).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => r.Remittance).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = made.Select(r => (short)r.Status).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = at });
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return [.. existing, .. made];
    }

    public async Task<PaymentRecord?> GetPaymentAsync(string paymentId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return (await ReadPaymentsAsync(connection, null, $"SELECT {PaymentColumns} FROM cmcm_payment WHERE service_id = $1 AND payment_id = $2", serviceId, paymentId))
            .SingleOrDefault();
    }

    public async Task<IReadOnlyList<PaymentRecord>> ReadPaymentsAsync(string runId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return await ReadPaymentsAsync(connection, null, $"SELECT {PaymentColumns} FROM cmcm_payment WHERE service_id = $1 AND run_id = $2 ORDER BY payment_id",
            serviceId, runId);
    }

    public async IAsyncEnumerable<PaymentRecord> StreamPaymentsAsync(string runId, PaymentStatus status, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = Command($"SELECT {PaymentColumns} FROM cmcm_payment WHERE service_id = $1 AND run_id = $2 AND status = $3 ORDER BY payment_id",
            serviceId, runId, (short)status);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadPayment(reader);
        }
    }

    public async Task<IReadOnlyList<Payable>> ReadPaymentPayablesAsync(string paymentId)
    {
        await using var command = Command(
            "SELECT claim_id, claim_version, member_id, family_id, payee, amount_cents, at FROM cmcm_payable WHERE service_id = $1 AND payment_id = $2 ORDER BY claim_id, claim_version",
            serviceId, paymentId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Payable>();
        while (await reader.ReadAsync())
        {
            rows.Add(ReadPayable(reader));
        }

        return rows;
    }

    public async Task<bool> DecidePaymentAsync(string paymentId, bool confirm, string by, DateTimeOffset at)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var decide = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                BatchCommand("UPDATE cmcm_payment SET status = $3, decided_by = $4, changed_at = $5 WHERE service_id = $1 AND payment_id = $2 AND status = $6",
                    serviceId, paymentId, (short)(confirm ? PaymentStatus.Ready : PaymentStatus.Refused), by, at, (short)PaymentStatus.AwaitingConfirmation),
            },
        };
        await decide.ExecuteNonQueryAsync();
        if (decide.BatchCommands[0].RecordsAffected != 1)
        {
            await transaction.RollbackAsync();
            return false;
        }

        if (!confirm)
        {
            await using var release = new NpgsqlCommand(
                "UPDATE cmcm_payable SET payment_id = NULL, returned_from = $2, return_reason = NULL WHERE service_id = $1 AND payment_id = $2", connection, transaction);
            release.Parameters.Add(new NpgsqlParameter { Value = serviceId });
            release.Parameters.Add(new NpgsqlParameter { Value = paymentId });
            await release.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return true;
    }

    public async Task StoreFileAsync(string runId, Stream content, DateTimeOffset at)
    {
        // Npgsql sends a Stream parameter to bytea as it reads it: the file is never a whole array in this process.
        await using var command = Command("INSERT INTO cmcm_payment_file (service_id, run_id, content, stored_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            serviceId, runId, new NpgsqlParameter { Value = content, NpgsqlDbType = NpgsqlDbType.Bytea }, at);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<Stream?> OpenFileAsync(string runId)
    {
        var connection = await _dataSource.OpenConnectionAsync();
        try
        {
            var command = new NpgsqlCommand("SELECT content FROM cmcm_payment_file WHERE service_id = $1 AND run_id = $2", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
            command.Parameters.Add(new NpgsqlParameter { Value = runId });
            var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess | System.Data.CommandBehavior.CloseConnection);
            if (!await reader.ReadAsync())
            {
                await reader.DisposeAsync();
                await command.DisposeAsync();
                return null;
            }

            return new OwnedStream(reader.GetStream(0), reader, command);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<bool> ApplyReturnAsync(string runId, string messageId, IReadOnlyList<PaymentReturn> returns, DateOnly paidOn, string by, DateTimeOffset at)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var seen = new NpgsqlCommand(
            "INSERT INTO cmcm_payment_return (service_id, message_id, run_id, imported_by, imported_at, transactions) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            connection, transaction))
        {
            foreach (var value in new object[] { serviceId, messageId, runId, by, at, returns.Count })
            {
                seen.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            if (await seen.ExecuteNonQueryAsync() == 0)
            {
                await transaction.RollbackAsync();
                return false;
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var item in returns)
        {
            if (item.Accepted)
            {
                batch.BatchCommands.Add(BatchCommand(
                    "UPDATE cmcm_payment SET status = $4, paid_on = $5, changed_at = $6 WHERE service_id = $1 AND run_id = $2 AND payment_id = $3 AND status = $7",
                    serviceId, runId, item.PaymentId, (short)PaymentStatus.PaidOut, paidOn, at, (short)PaymentStatus.Ready));
                continue;
            }

            // The payables go back to due only when this statement moved the payment (a CTE: both or neither).
            batch.BatchCommands.Add(BatchCommand(
                "WITH returned AS (UPDATE cmcm_payment SET status = $4, return_code = $5, return_reason = $6, changed_at = $7 " +
                "WHERE service_id = $1 AND run_id = $2 AND payment_id = $3 AND status = $8 RETURNING payment_id) " +
                "UPDATE cmcm_payable SET payment_id = NULL, returned_from = $3, return_reason = $9 WHERE service_id = $1 AND payment_id IN (SELECT payment_id FROM returned)",
                serviceId, runId, item.PaymentId, (short)PaymentStatus.Returned, (object?)item.ReasonCode ?? DBNull.Value, (object?)item.Reason ?? DBNull.Value, at,
                (short)PaymentStatus.Ready, MemoryPaymentLedger.ReturnText(item)));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return true;
    }

    public async Task<IReadOnlyList<PayableStanding>> ReadMemberStandingsAsync(string memberId)
    {
        await using var command = Command(
            "SELECT b.claim_id, b.claim_version, b.member_id, b.family_id, b.payee, b.amount_cents, b.at, b.payment_id, p.status, p.paid_on, p.iban, b.return_reason " +
            "FROM cmcm_payable b LEFT JOIN cmcm_payment p ON p.service_id = b.service_id AND p.payment_id = b.payment_id " +
            "WHERE b.service_id = $1 AND b.member_id = $2 ORDER BY b.claim_id, b.claim_version", serviceId, memberId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<PayableStanding>();
        while (await reader.ReadAsync())
        {
            rows.Add(new PayableStanding(ReadPayable(reader),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : (PaymentStatus)reader.GetInt16(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9),
                reader.IsDBNull(10) ? null : AccountMask.Of(reader.GetString(10)),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<Payable>> ReadOwingPayablesAsync()
    {
        await using var command = Command(
            "SELECT claim_id, claim_version, member_id, family_id, payee, amount_cents, at FROM cmcm_payable WHERE service_id = $1 AND payment_id IS NULL AND payee IN " +
            "(SELECT payee FROM cmcm_payable WHERE service_id = $1 AND payment_id IS NULL GROUP BY payee HAVING sum(amount_cents) < 0) ORDER BY payee, at", serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Payable>();
        while (await reader.ReadAsync())
        {
            rows.Add(ReadPayable(reader));
        }

        return rows;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static Payable ReadPayable(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            new Domain.Money.Money(reader.GetInt64(5)), reader.GetFieldValue<DateTimeOffset>(6));

    private static PaymentRecord ReadPayment(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6), new Domain.Money.Money(reader.GetInt64(7)), reader.GetInt32(8), reader.GetString(9),
            (PaymentStatus)reader.GetInt16(10), reader.IsDBNull(11) ? null : reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetFieldValue<DateOnly>(12),
            reader.IsDBNull(13) ? null : reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetString(14));

    private static async Task<List<PaymentRecord>> ReadPaymentsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<PaymentRecord>();
        while (await reader.ReadAsync())
        {
            rows.Add(ReadPayment(reader));
        }

        return rows;
    }

    private async Task<List<PaymentRunRecord>> RunsAsync(string sql, params object[] values)
    {
        await using var command = Command(sql, values);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<PaymentRunRecord>();
        while (await reader.ReadAsync())
        {
            rows.Add(new PaymentRunRecord(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                (PaymentRunStatus)reader.GetInt16(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return rows;
    }

    private NpgsqlCommand Command(string sql, params object[] values)
    {
        var command = _dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>A column's stream that closes its reader, command and connection when disposed.</summary>
    private sealed class OwnedStream(Stream inner, NpgsqlDataReader reader, NpgsqlCommand command) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await reader.DisposeAsync();
            await command.DisposeAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                reader.Dispose();
                command.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
