using CmcmActors.Domain.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CmcmActors.Grains.Payments;

/// <summary>A holder's line of a run's preview: the plan's outcome and the payees (member or provider) whose dues it nets.</summary>
public sealed record PreviewLine(PlannedHolder Plan, PayeeAccount? Account, IReadOnlyList<string> Payees);

/// <summary>Why a decision on a payment was refused (maps to 404 or 409).</summary>
public sealed record PaymentRefusal(bool NotFound, string Code, string Message);

/// <summary>
/// Payment runs: preview, start (exactly one run per cut-off, taken up again after a crash), the second confirmation of
/// large payments, the pain.001 file. The preview and the run decide through the same function
/// (<see cref="PaymentPlan.For"/>); amounts of payments are what the ledger assigned in the payment's own transaction.
/// </summary>
public sealed partial class PaymentRuns(
    IPaymentLedger ledger,
    IPayeeDirectory directory,
    IOptions<PaymentOptions> options,
    TimeProvider clock,
    ILogger<PaymentRuns> logger)
{
    /// <summary>Who this process is when it holds a run's lease.</summary>
    private readonly string _owner = Environment.MachineName + "/" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Holders whose payments are made in one transaction (one commit for many, short enough to hold few locks).</summary>
    private const int AssignBatch = 500;

    private PaymentOptions Options => options.Value;

    /// <summary>What a run started now would pay, holder by holder: who gets what, who is held, who is netted to nothing.</summary>
    public async Task<IReadOnlyList<PreviewLine>> PreviewAsync(CancellationToken cancellationToken = default)
    {
        var due = await ledger.ReadDueAsync();
        var routes = new List<(PayeeDue Due, PayeeRoute Route)>(due.Count);
        foreach (var payee in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            routes.Add((payee, await directory.RouteAsync(ParsePayee(payee.Payee), cancellationToken)));
        }

        return [.. routes.GroupBy(r => r.Route.Holder.ToString(), StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.First().Route;
                var hold = g.Select(r => r.Route).FirstOrDefault(r => r.IsHeld) is { } held ? held.HoldReason ?? "No confirmed account." : null;
                var balance = new HolderBalance(g.Key, first.HolderName,
                    g.Aggregate(Domain.Money.Money.Zero, (s, r) => s + r.Due.Owed), g.Aggregate(Domain.Money.Money.Zero, (s, r) => s + r.Due.Recovered),
                    g.Sum(r => r.Due.Payables), hold);
                return new PreviewLine(PaymentPlan.For(balance, Options.SecondConfirmationAbove), hold is null ? first.Account : null,
                    [.. g.Select(r => r.Due.Payee)]);
            })
            .OrderBy(l => l.Plan.Balance.Holder, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Starts the run of <paramref name="cutOff"/>, or returns the one that exists (Created false). The caller that created
    /// it, or any caller once the run's lease expired, processes it to its end.
    /// </summary>
    public async Task<(PaymentRunRecord Run, bool Created)> StartAsync(DateOnly cutOff, string by, CancellationToken cancellationToken = default)
    {
        var (run, created) = await ledger.CreateRunAsync(cutOff, by, clock.GetUtcNow());
        if (run.Status == PaymentRunStatus.Assigning)
        {
            run = await ProcessAsync(run, cancellationToken);
        }

        return (run, created);
    }

    /// <summary>
    /// Makes the run's payments and, when none waits for a confirmation, its file. Idempotent: the ledger skips holders
    /// that have their payment in the run, so a run taken up after a crash ends as it would have.
    /// </summary>
    public async Task<PaymentRunRecord> ProcessAsync(PaymentRunRecord run, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (!await ledger.TryLeaseRunAsync(run.RunId, _owner, now, now.AddSeconds(Options.RunLeaseSeconds)))
        {
            return run;
        }

        var toPay = (await PreviewAsync(cancellationToken))
            .Where(l => l.Plan.Outcome is PlannedOutcome.Pay or PlannedOutcome.PayAfterSecondConfirmation && l.Account is not null)
            .Select(l => new NewPayment(PaymentIds.Payment(run.CutOff, l.Plan.Balance.Holder), run.RunId, ParsePayee(l.Plan.Balance.Holder), l.Plan.Balance.HolderName,
                l.Account!, l.Payees));
        foreach (var chunk in toPay.Chunk(AssignBatch))
        {
            await ledger.AssignManyAsync(chunk, Options.SecondConfirmationAbove, clock.GetUtcNow());
            if (clock.GetUtcNow() > now.AddSeconds(Options.RunLeaseSeconds / 2.0))
            {
                now = clock.GetUtcNow();
                if (!await ledger.TryLeaseRunAsync(run.RunId, _owner, now, now.AddSeconds(Options.RunLeaseSeconds)))
                {
                    return (await ledger.GetRunAsync(run.RunId))!;
                }
            }
        }

        return await FinishAsync(run.RunId, cancellationToken);
    }

    /// <summary>A second officer confirms or refuses a payment awaiting it; the run's file is written once none waits.</summary>
    public async Task<PaymentRefusal?> DecideAsync(string paymentId, bool confirm, string by, CancellationToken cancellationToken = default)
    {
        var payment = await ledger.GetPaymentAsync(paymentId);
        if (payment is null)
        {
            return new PaymentRefusal(true, "unknown-payment", $"There is no payment {paymentId}.");
        }

        var run = (await ledger.GetRunAsync(payment.RunId))!;
        if (SecondConfirmation.Refusal(payment.Status, run.StartedBy, by) is { } refusal)
        {
            return new PaymentRefusal(false, refusal.Code, refusal.Message);
        }

        if (!await ledger.DecidePaymentAsync(paymentId, confirm, by, clock.GetUtcNow()))
        {
            return new PaymentRefusal(false, "not-awaiting-confirmation", "Another officer decided on the payment first.");
        }

        LogDecided(logger, paymentId, confirm ? "confirmed" : "refused", by);
        if (run.Status == PaymentRunStatus.AwaitingConfirmation)
        {
            await FinishAsync(run.RunId, cancellationToken);
        }

        return null;
    }

    /// <summary>The run waits while a payment awaits its confirmation; else its file is written and stored (once).</summary>
    private async Task<PaymentRunRecord> FinishAsync(string runId, CancellationToken cancellationToken)
    {
        var payments = await ledger.ReadPaymentsAsync(runId);
        var run = (await ledger.GetRunAsync(runId))!;
        if (payments.Any(p => p.Status == PaymentStatus.AwaitingConfirmation))
        {
            await ledger.SetRunStatusAsync(runId, PaymentRunStatus.AwaitingConfirmation, clock.GetUtcNow());
            return (await ledger.GetRunAsync(runId))!;
        }

        var ready = payments.Where(p => p.Status == PaymentStatus.Ready).ToArray();
        if (ready.Length == 0)
        {
            await ledger.SetRunStatusAsync(runId, PaymentRunStatus.NothingToPay, clock.GetUtcNow());
            return (await ledger.GetRunAsync(runId))!;
        }

        await PaymentRunFile.WriteAndStoreAsync(ledger, run, ready.Length, ready.Aggregate(Domain.Money.Money.Zero, (s, p) => s + p.Amount), Options, cancellationToken);
        await ledger.SetRunStatusAsync(runId, PaymentRunStatus.FileStored, clock.GetUtcNow());
        LogFileStored(logger, runId, ready.Length);
        return (await ledger.GetRunAsync(runId))!;
    }

    /// <summary>"member/ID" or "provider/ID" as the directory's reference.</summary>
    public static PayeeRef ParsePayee(string payee) =>
        payee.StartsWith("provider/", StringComparison.Ordinal) ? new PayeeRef(PayeeKind.Provider, payee["provider/".Length..])
        : payee.StartsWith("member/", StringComparison.Ordinal) ? new PayeeRef(PayeeKind.Member, payee["member/".Length..])
        : throw new ArgumentException($"'{payee}' is not a payee key.", nameof(payee));

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} {Decision} by {By}")]
    private static partial void LogDecided(ILogger logger, string paymentId, string decision, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment run {RunId}: file stored with {Count} transfer(s)")]
    private static partial void LogFileStored(ILogger logger, string runId, int count);
}
