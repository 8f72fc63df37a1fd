using CmcmActors.Domain.Payments;
using CmcmActors.Domain.Payments.Sepa;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Payments;

/// <summary>What importing a bank report did: refused (with the reason and, for unknown payments, their ids), or applied (or found applied already).</summary>
public sealed record ReturnImport(string? RefusalCode, string? RefusalField, string? RefusalMessage, IReadOnlyList<string> UnknownPaymentIds,
    bool AlreadyImported, IReadOnlyList<string> PaidOut, IReadOnlyList<string> Returned)
{
    public bool IsRefused => RefusalCode is not null;

    public static ReturnImport Refused(string code, string field, string message, IReadOnlyList<string>? unknown = null) =>
        new(code, field, message, unknown ?? [], false, [], []);
}

/// <summary>
/// The bank's status reports (pain.002.001.10) for a run: accepted payments become paid out, rejected ones send their
/// payables back to due with the reason and flag the account, once per report (by its message id).
/// </summary>
public sealed partial class PaymentReturns(IPaymentLedger ledger, IPayeeDirectory directory, TimeProvider clock, ILogger<PaymentReturns> logger)
{
    /// <summary>Status codes that mean the money left (ISO 20022 ExternalPaymentTransactionStatus1Code).</summary>
    private static readonly HashSet<string> Accepted = new(StringComparer.Ordinal) { "ACCP", "ACSC", "ACSP", "ACWC" };

    public async Task<ReturnImport> ImportAsync(string runId, Pain002Report report, string by)
    {
        var run = await ledger.GetRunAsync(runId);
        if (run is null)
        {
            return ReturnImport.Refused("unknown-run", "runId", $"There is no payment run {runId}.");
        }

        if (report.OriginalMessageId != run.RunId)
        {
            return ReturnImport.Refused("other-run", "file", $"The report answers the file {report.OriginalMessageId}, not the file of run {runId}.");
        }

        var payments = (await ledger.ReadPaymentsAsync(runId)).ToDictionary(p => p.PaymentId, StringComparer.Ordinal);
        var unknown = report.Transactions.Select(t => t.OriginalEndToEndId).Where(id => !payments.ContainsKey(id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            return ReturnImport.Refused("unknown-payments", "file", $"The report names payments that are not in run {runId}: {string.Join(", ", unknown)}.", unknown);
        }

        var outcomes = report.Transactions.Count > 0
            ? report.Transactions.Select(t => (Id: t.OriginalEndToEndId, t.Status, t.ReasonCode, t.AdditionalInformation))
            : payments.Values.Select(p => (Id: p.PaymentId, Status: report.GroupStatus ?? "", ReasonCode: (string?)null, AdditionalInformation: (string?)null));
        var returns = outcomes
            .Where(o => Accepted.Contains(o.Status) || o.Status == "RJCT")
            .Where(o => payments[o.Id].Status == PaymentStatus.Ready)
            .Select(o => new PaymentReturn(o.Id, Accepted.Contains(o.Status), o.ReasonCode, o.AdditionalInformation ?? ReasonText(o.ReasonCode)))
            .ToArray();
        var now = clock.GetUtcNow();
        if (!await ledger.ApplyReturnAsync(runId, report.MessageId, returns, DateOnly.FromDateTime(now.UtcDateTime), by, now))
        {
            return new ReturnImport(null, null, null, [], true, [], []);
        }

        foreach (var rejected in returns.Where(r => !r.Accepted))
        {
            await directory.FlagRejectedAsync(payments[rejected.PaymentId].AccountId, rejected.ReasonCode ?? "RJCT", rejected.Reason ?? "Rejected by the bank.");
        }

        string[] paidOut = [.. returns.Where(r => r.Accepted).Select(r => r.PaymentId)];
        string[] returned = [.. returns.Where(r => !r.Accepted).Select(r => r.PaymentId)];
        LogImported(logger, report.MessageId, runId, paidOut.Length, returned.Length);
        return new ReturnImport(null, null, null, [], false, paidOut, returned);
    }

    /// <summary>The words of a reject reason (ISO 20022 ExternalStatusReason1Code), in English for the record; pages translate the code.</summary>
    public static string? ReasonText(string? code) => code is null ? null : SepaReturnReasons.Describe(code) + ".";

    [LoggerMessage(Level = LogLevel.Information, Message = "Bank report {MessageId} for run {RunId}: {PaidOut} paid out, {Returned} returned")]
    private static partial void LogImported(ILogger logger, string messageId, string runId, int paidOut, int returned);
}
