using CmcmActors.Domain.Payments;
using CmcmActors.Grains.Payments;

namespace CmcmActors.Host.Api.Payments;

/// <summary>Start the run of a cut-off date (today, Luxembourg time, when absent): payables written until now are in it.</summary>
public sealed record StartRunRequest(DateOnly? CutOff);

public sealed record RunResponse(string RunId, DateOnly CutOff, string StartedBy, DateTimeOffset StartedAt, string Status, DateTimeOffset ChangedAt, string? FileUrl)
{
    public static RunResponse From(PaymentRunRecord run) =>
        new(run.RunId, run.CutOff, run.StartedBy, run.StartedAt, Camel(run.Status.ToString()), run.ChangedAt,
            run.Status == PaymentRunStatus.FileStored ? $"/api/payment-runs/{run.RunId}/file" : null);

    internal static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>A run with its payments, their count and the control sum of those in (or waiting for) its file.</summary>
public sealed record RunDetailResponse(RunResponse Run, int Transfers, decimal ControlSum, IReadOnlyList<PaymentResponse> Payments);

/// <summary>A payment: whom, which account (masked), how much, for which claims (the remittance text), and where it stands.</summary>
public sealed record PaymentResponse(
    string PaymentId, string RunId, string Holder, string HolderName, string Account, string? Bic, decimal Amount, int Payables, string Remittance,
    string Status, string? DecidedBy, DateOnly? PaidOn, string? ReturnCode, string? ReturnReason)
{
    public static PaymentResponse From(PaymentRecord p) =>
        new(p.PaymentId, p.RunId, p.Holder, p.HolderName, AccountMask.Of(p.Iban), p.Bic, p.Amount.Euros, p.Payables, p.Remittance,
            RunResponse.Camel(p.Status.ToString()), p.DecidedBy, p.PaidOn, p.ReturnCode, p.ReturnReason);
}

/// <summary>A payment with the claim changes it pays (its full list: the remittance text holds 140 characters at most).</summary>
public sealed record PaymentDetailResponse(PaymentResponse Payment, IReadOnlyList<PayableResponse> Claims);

public sealed record PayableResponse(string ClaimId, long ClaimVersion, string MemberId, string FamilyId, string Payee, decimal Amount, DateTimeOffset At)
{
    public static PayableResponse From(Payable p) => new(p.ClaimId, p.ClaimVersion, p.MemberId, p.FamilyId, p.Payee, p.Amount.Euros, p.At);
}

/// <summary>A run's preview, holder by holder, and its totals.</summary>
public sealed record PreviewResponse(int Transfers, decimal Total, int Held, int AwaitingSecondConfirmation, IReadOnlyList<PreviewLineResponse> Lines);

/// <summary>
/// One holder: what he is owed, what is netted (recovered), the net, what the run does (pay, payAfterSecondConfirmation,
/// held, nothingToPay) and why; the payees whose dues it takes.
/// </summary>
public sealed record PreviewLineResponse(string Holder, string HolderName, string? Account, decimal Owed, decimal Recovered, decimal Net, int Payables,
    string Outcome, decimal Amount, string? Reason, IReadOnlyList<string> Payees)
{
    public static PreviewLineResponse From(PreviewLine line) =>
        new(line.Plan.Balance.Holder, line.Plan.Balance.HolderName, line.Account is null ? null : AccountMask.Of(line.Account.Iban),
            line.Plan.Balance.Owed.Euros, line.Plan.Balance.Recovered.Euros, line.Plan.Balance.Net.Euros, line.Plan.Balance.Payables,
            RunResponse.Camel(line.Plan.Outcome.ToString()), line.Plan.Amount.Euros, line.Plan.Reason, line.Payees);
}

/// <summary>A decision of a second finance officer on a large payment.</summary>
public sealed record DecisionResponse(PaymentResponse Payment, RunResponse Run);

/// <summary>What a bank report did: payments paid out, payments returned, or nothing (imported before).</summary>
public sealed record ReturnImportResponse(string RunId, string MessageId, bool AlreadyImported, IReadOnlyList<string> PaidOut, IReadOnlyList<string> Returned);

/// <summary>What a payee owes the CMCM, since when, and the claims that make it.</summary>
public sealed record ReceivableResponse(string Payee, decimal Amount, DateTimeOffset OpenSince, int DaysOpen, IReadOnlyList<PayableResponse> Claims);

public sealed record RecoveryResponse(int OverdueAfterDays, decimal Total, IReadOnlyList<ReceivableResponse> Receivables);

/// <summary>A claim's payment state: none, due, inRun, paidOut (on, to ****1234), returned (why), owing.</summary>
public sealed record ClaimPaymentResponse(string ClaimId, string State, decimal Amount, DateOnly? PaidOn, string? Account, string? ReturnReason)
{
    public static ClaimPaymentResponse From(ClaimPaymentStanding s) =>
        new(s.ClaimId, RunResponse.Camel(s.State.ToString()), s.Amount.Euros, s.PaidOn, s.AccountMasked, s.ReturnReason);
}

/// <summary>A member's claims' payment states and what he owes the CMCM (with the claims that make it).</summary>
public sealed record MemberPaymentsResponse(string MemberId, decimal Owes, IReadOnlyList<ClaimPaymentResponse> Claims);
