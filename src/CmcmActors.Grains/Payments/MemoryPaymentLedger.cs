using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CmcmActors.Domain.Payments;

namespace CmcmActors.Grains.Payments;

/// <summary>
/// The ledger in this process's memory (the embedded default), one per Orleans service id like the members' journal,
/// which adds payables under its own lock in the same step as the claims. Every method runs under one lock: each is
/// atomic, as a transaction is on PostgreSQL.
/// </summary>
public sealed class MemoryPaymentLedger : IPaymentLedger
{
    private static readonly ConcurrentDictionary<string, MemoryPaymentLedger> Services = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly Dictionary<(string ClaimId, long Version), Row> _payables = [];
    private readonly Dictionary<string, RunRow> _runs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, PaymentRecord> _payments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _returns = new(StringComparer.Ordinal);

    public static MemoryPaymentLedger For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryPaymentLedger());

    /// <summary>Called by the memory journal inside its append's lock: the payables land with the claims or not at all.</summary>
    internal void Add(IReadOnlyList<Payable> payables)
    {
        lock (_lock)
        {
            foreach (var payable in payables)
            {
                _payables.TryAdd((payable.ClaimId, payable.ClaimVersion), new Row(payable));
            }
        }
    }

    public Task<(PaymentRunRecord Run, bool Created)> CreateRunAsync(DateOnly cutOff, string startedBy, DateTimeOffset at)
    {
        var runId = PaymentIds.Run(cutOff);
        lock (_lock)
        {
            if (_runs.TryGetValue(runId, out var existing))
            {
                return Task.FromResult((existing.Record, false));
            }

            var run = new RunRow(new PaymentRunRecord(runId, cutOff, startedBy, at, PaymentRunStatus.Assigning, at));
            _runs.Add(runId, run);
            return Task.FromResult((run.Record, true));
        }
    }

    public Task<bool> TryLeaseRunAsync(string runId, string owner, DateTimeOffset now, DateTimeOffset until)
    {
        lock (_lock)
        {
            var run = _runs[runId];
            if (run.LeaseOwner is not null && run.LeaseOwner != owner && run.LeaseUntil > now)
            {
                return Task.FromResult(false);
            }

            (run.LeaseOwner, run.LeaseUntil) = (owner, until);
            return Task.FromResult(true);
        }
    }

    public Task SetRunStatusAsync(string runId, PaymentRunStatus status, DateTimeOffset at)
    {
        lock (_lock)
        {
            var run = _runs[runId];
            run.Record = run.Record with { Status = status, ChangedAt = at };
        }

        return Task.CompletedTask;
    }

    public Task<PaymentRunRecord?> GetRunAsync(string runId)
    {
        lock (_lock)
        {
            return Task.FromResult(_runs.TryGetValue(runId, out var run) ? run.Record : null);
        }
    }

    public Task<IReadOnlyList<PaymentRunRecord>> ListRunsAsync(int limit)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<PaymentRunRecord>>([.. _runs.Values.Select(r => r.Record).OrderByDescending(r => r.CutOff).Take(limit)]);
        }
    }

    public Task<IReadOnlyList<PayeeDue>> ReadDueAsync()
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<PayeeDue>>([.. _payables.Values.Where(r => r.PaymentId is null)
                .GroupBy(r => r.Payable.Payee, StringComparer.Ordinal)
                .Select(g => new PayeeDue(g.Key,
                    new Domain.Money.Money(g.Where(r => !r.Payable.Amount.IsNegative).Sum(r => r.Payable.Amount.Cents)),
                    new Domain.Money.Money(-g.Where(r => r.Payable.Amount.IsNegative).Sum(r => r.Payable.Amount.Cents)),
                    g.Count()))
                .OrderBy(d => d.Payee, StringComparer.Ordinal)]);
        }
    }

    public Task<PaymentRecord?> AssignAsync(NewPayment payment, Domain.Money.Money secondConfirmationAbove, DateTimeOffset at)
    {
        lock (_lock)
        {
            var holder = payment.Holder.ToString();
            var existing = _payments.Values.FirstOrDefault(p => p.RunId == payment.RunId && p.Holder == holder);
            if (existing is not null)
            {
                return Task.FromResult<PaymentRecord?>(existing);
            }

            var payees = payment.Payees.ToHashSet(StringComparer.Ordinal);
            var rows = _payables.Values.Where(r => r.PaymentId is null && payees.Contains(r.Payable.Payee)).ToArray();
            var sum = new Domain.Money.Money(rows.Sum(r => r.Payable.Amount.Cents));
            if (sum <= Domain.Money.Money.Zero)
            {
                return Task.FromResult<PaymentRecord?>(null);
            }

            foreach (var row in rows)
            {
                row.PaymentId = payment.PaymentId;
            }

            var record = NewRecord(payment, rows.Select(r => r.Payable).ToArray(), sum, secondConfirmationAbove);
            _payments.Add(record.PaymentId, record);
            return Task.FromResult<PaymentRecord?>(record);
        }
    }

    public async Task<IReadOnlyList<PaymentRecord>> AssignManyAsync(IReadOnlyList<NewPayment> payments, Domain.Money.Money secondConfirmationAbove, DateTimeOffset at)
    {
        var made = new List<PaymentRecord>(payments.Count);
        foreach (var payment in payments)
        {
            if (await AssignAsync(payment, secondConfirmationAbove, at) is { } record)
            {
                made.Add(record);
            }
        }

        return made;
    }

    /// <summary>A new payment's record; shared with the PostgreSQL ledger so both make the same payment from the same payables.</summary>
    internal static PaymentRecord NewRecord(NewPayment payment, IReadOnlyList<Payable> payables, Domain.Money.Money sum, Domain.Money.Money secondConfirmationAbove) =>
        new(payment.PaymentId, payment.RunId, payment.Holder.ToString(), payment.HolderName, payment.Account.AccountId, payment.Account.Iban, payment.Account.Bic,
            sum, payables.Count, Remittance.For(payables.Select(p => InvoiceOf(p.ClaimId))),
            PaymentPlan.NeedsSecondConfirmation(sum, secondConfirmationAbove) ? PaymentStatus.AwaitingConfirmation : PaymentStatus.Ready,
            null, null, null, null);

    /// <summary>The invoice reference of a claim id (member/invoice).</summary>
    internal static string InvoiceOf(string claimId) => claimId[(claimId.IndexOf('/', StringComparison.Ordinal) + 1)..];

    public Task<PaymentRecord?> GetPaymentAsync(string paymentId)
    {
        lock (_lock)
        {
            return Task.FromResult(_payments.GetValueOrDefault(paymentId));
        }
    }

    public Task<IReadOnlyList<PaymentRecord>> ReadPaymentsAsync(string runId)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<PaymentRecord>>([.. _payments.Values.Where(p => p.RunId == runId)]);
        }
    }

    public async IAsyncEnumerable<PaymentRecord> StreamPaymentsAsync(string runId, PaymentStatus status, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        PaymentRecord[] payments;
        lock (_lock)
        {
            payments = [.. _payments.Values.Where(p => p.RunId == runId && p.Status == status)];
        }

        foreach (var payment in payments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return payment;
        }
    }

    public Task<IReadOnlyList<Payable>> ReadPaymentPayablesAsync(string paymentId)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Payable>>([.. _payables.Values.Where(r => r.PaymentId == paymentId).Select(r => r.Payable)
                .OrderBy(p => p.ClaimId, StringComparer.Ordinal).ThenBy(p => p.ClaimVersion)]);
        }
    }

    public Task<bool> DecidePaymentAsync(string paymentId, bool confirm, string by, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_payments.TryGetValue(paymentId, out var payment) || payment.Status != PaymentStatus.AwaitingConfirmation)
            {
                return Task.FromResult(false);
            }

            _payments[paymentId] = payment with { Status = confirm ? PaymentStatus.Ready : PaymentStatus.Refused, DecidedBy = by };
            if (!confirm)
            {
                Release(paymentId, null);
            }

            return Task.FromResult(true);
        }
    }

    public async Task StoreFileAsync(string runId, Stream content, DateTimeOffset at)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        lock (_lock)
        {
            _files.TryAdd(runId, copy.ToArray());
        }
    }

    public Task<Stream?> OpenFileAsync(string runId)
    {
        lock (_lock)
        {
            return Task.FromResult<Stream?>(_files.TryGetValue(runId, out var bytes) ? new MemoryStream(bytes, writable: false) : null);
        }
    }

    public Task<bool> ApplyReturnAsync(string runId, string messageId, IReadOnlyList<PaymentReturn> returns, DateOnly paidOn, string by, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_returns.Add(messageId))
            {
                return Task.FromResult(false);
            }

            foreach (var item in returns)
            {
                if (!_payments.TryGetValue(item.PaymentId, out var payment) || payment.RunId != runId || payment.Status != PaymentStatus.Ready)
                {
                    continue;
                }

                _payments[item.PaymentId] = item.Accepted
                    ? payment with { Status = PaymentStatus.PaidOut, PaidOn = paidOn }
                    : payment with { Status = PaymentStatus.Returned, ReturnCode = item.ReasonCode, ReturnReason = item.Reason };
                if (!item.Accepted)
                {
                    Release(item.PaymentId, ReturnText(item));
                }
            }

            return Task.FromResult(true);
        }
    }

    /// <summary>How a return's reason reads on the claims it sends back to due.</summary>
    internal static string ReturnText(PaymentReturn item) => $"{item.ReasonCode ?? "RJCT"}: {item.Reason ?? "returned by the bank"}";

    public Task<IReadOnlyList<PayableStanding>> ReadMemberStandingsAsync(string memberId)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<PayableStanding>>([.. _payables.Values.Where(r => r.Payable.MemberId == memberId).Select(Standing)]);
        }
    }

    public Task<IReadOnlyList<Payable>> ReadOwingPayablesAsync()
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Payable>>([.. _payables.Values.Where(r => r.PaymentId is null)
                .GroupBy(r => r.Payable.Payee, StringComparer.Ordinal)
                .Where(g => g.Sum(r => r.Payable.Amount.Cents) < 0)
                .SelectMany(g => g.Select(r => r.Payable))]);
        }
    }

    private PayableStanding Standing(Row row)
    {
        var payment = row.PaymentId is null ? null : _payments[row.PaymentId];
        return new PayableStanding(row.Payable, row.PaymentId, payment?.Status, payment?.PaidOn,
            payment is null ? null : AccountMask.Of(payment.Iban), row.ReturnReason);
    }

    private void Release(string paymentId, string? reason)
    {
        foreach (var row in _payables.Values.Where(r => r.PaymentId == paymentId))
        {
            (row.PaymentId, row.ReturnedFrom, row.ReturnReason) = (null, paymentId, reason);
        }
    }

    private sealed class Row(Payable payable)
    {
        public Payable Payable { get; } = payable;

        public string? PaymentId { get; set; }

        public string? ReturnedFrom { get; set; }

        public string? ReturnReason { get; set; }
    }

    private sealed class RunRow(PaymentRunRecord record)
    {
        public PaymentRunRecord Record { get; set; } = record;

        public string? LeaseOwner { get; set; }

        public DateTimeOffset LeaseUntil { get; set; }
    }
}
