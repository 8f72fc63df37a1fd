using System.Security.Claims;
using System.Text.Json.Serialization;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Claims;
using CmcmActors.Host.Security;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Routing;

namespace CmcmActors.Host.Api.Claims;

/// <summary>
/// A claim and its decision, for people: status, what the CMCM pays in all and per tier, and per line each tier's
/// payment with the caps that bore on it (room before and after). <see cref="TotalPaid"/> and
/// <see cref="PaidByTier"/> are what is paid now: zero while pended, after a refusal and after a reversal; the lines
/// keep the decision's detail.
/// </summary>
/// <param name="Pending">While pended: the department, the expected weeks for the claim's channel, and what is needed.</param>
/// <param name="SubmittedLines">The lines as submitted (or as last corrected): what a correction starts from.</param>
/// <param name="AllowedActions">
/// What the caller may do to the claim now: what its state allows (<see cref="ClaimLifecycle"/>) and the caller's role
/// permits. Staff: every action the state allows; the member: documents, on his or her own pended claim; anyone else
/// (the main affiliate reading a co-affiliate's claim): none. The pages show these buttons and no others.
/// </param>
public sealed record ClaimResponse(
    string ClaimId,
    string FamilyId,
    string MemberId,
    string InvoiceReference,
    Channel Channel,
    DateOnly ReceivedOn,
    ClaimStatus Status,
    bool Final,
    decimal TotalPaid,
    TierAmounts PaidByTier,
    string? Explanation,
    Department? Department,
    PendingResponse? Pending,
    IReadOnlyList<LineResponse> Lines,
    IReadOnlyList<SubmittedLineResponse> SubmittedLines,
    IReadOnlyList<string> Documents,
    IReadOnlyList<StatusChangeResponse> History,
    long Version,
    IReadOnlyList<ClaimAction> AllowedActions)
{
    public static ClaimResponse From(ClaimRecord record, ClaimsPrincipal user)
    {
        var decision = record.Decision;
        var paying = record.Status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved && decision is not null;
        var submission = record.Submission;
        return new ClaimResponse(
            record.ClaimId, submission.FamilyId, submission.MemberId, submission.InvoiceReference, submission.Channel, submission.ReceivedOn,
            record.Status, record.IsFinal, record.TotalPaid.Euros, paying ? TierAmounts.Of(decision!) : TierAmounts.Zero,
            decision?.Explanation, decision?.Department,
            record.Pending is { } p ? new PendingResponse(p.Department, p.Channel, p.ExpectedWeeks, p.Need) : null,
            decision is null ? [] : [.. decision.Lines.Select(LineResponse.From)],
            [.. submission.Lines.Select(SubmittedLineResponse.From)],
            record.Documents,
            [.. record.History.Select(h => new StatusChangeResponse(h.Status, h.At, h.Note))],
            record.Version,
            AllowedFor(record, user));
    }

    /// <summary>Resolution, correction and reversal are for staff (the routes' policy); documents also for the member himself or herself.</summary>
    public static IReadOnlyList<ClaimAction> AllowedFor(ClaimRecord record, ClaimsPrincipal user)
    {
        var allowed = ClaimLifecycle.AllowedActions(record.Status.ToState());
        if (user.IsStaff())
        {
            return allowed;
        }

        return ClaimsApi.IsTheMember(user, record.Submission.FamilyId, record.Submission.MemberId) ? [.. allowed.Where(a => a == ClaimAction.AddDocuments)] : [];
    }
}

/// <summary>What a claim would pay (an estimate): the same decision as a claim's, with no cap consumed.</summary>
public sealed record DecisionResponse(
    ClaimOutcome Outcome,
    decimal TotalPaid,
    TierAmounts PaidByTier,
    string Explanation,
    Department Department,
    IReadOnlyList<LineResponse> Lines)
{
    public static DecisionResponse From(ClaimAdjudication decision) => new(
        decision.Outcome, decision.TotalPaid.Euros,
        decision.Outcome == ClaimOutcome.Pended ? TierAmounts.Zero : TierAmounts.Of(decision),
        decision.Explanation, decision.Department, [.. decision.Lines.Select(LineResponse.From)]);
}

/// <summary>Euros per tier, under the tiers' own names.</summary>
public sealed record TierAmounts(
    [property: JsonPropertyName("RC")] decimal RC,
    [property: JsonPropertyName("ASSIST")] decimal ASSIST,
    [property: JsonPropertyName("PP")] decimal PP,
    [property: JsonPropertyName("DO")] decimal DO)
{
    public static readonly TierAmounts Zero = new(0m, 0m, 0m, 0m);

    public static TierAmounts Of(ClaimAdjudication decision) =>
        new(decision.PaidBy(Tier.RC).Euros, decision.PaidBy(Tier.ASSIST).Euros, decision.PaidBy(Tier.PP).Euros, decision.PaidBy(Tier.DO).Euros);
}

public sealed record PendingResponse(Department Department, Channel Channel, int ExpectedWeeks, string Need);

public sealed record StatusChangeResponse(ClaimStatus Status, DateTimeOffset At, string Note);

/// <summary>One line's decision.</summary>
/// <param name="Paid">What the line pays in all tiers.</param>
/// <param name="Reason">Why it paid less than it could, was refused or pended; null when paid in full.</param>
/// <param name="Pending">What the line needs before it can be decided.</param>
public sealed record LineResponse(
    int LineNumber,
    string BenefitCode,
    DateOnly DateOfCare,
    string? Edition,
    decimal Invoiced,
    decimal StatutoryReimbursement,
    decimal Uncovered,
    decimal Paid,
    LineOutcome Outcome,
    ReasonCode? Reason,
    string Explanation,
    Department Department,
    IReadOnlyList<TierPaymentResponse> Payments,
    IReadOnlyList<NotPayingResponse> NotPaying,
    LinePendingResponse? Pending)
{
    public static LineResponse From(LineDecision line) => new(
        line.LineNumber, line.BenefitCode, line.DateOfCare, line.Edition, line.Invoiced.Euros, line.StatutoryReimbursement.Euros, line.Uncovered.Euros,
        line.TotalPaid.Euros, line.Outcome, line.Reason, line.Explanation, line.Department,
        [.. line.Payments.Select(TierPaymentResponse.From)],
        [.. line.NotPaying.Select(n => new NotPayingResponse(n.Tier, n.BenefitCode, n.Reason, n.Explanation, n.FirstCoveredDate))],
        line.Pending is { } p ? new LinePendingResponse(p.Reason, p.Items, p.Explanation) : null);
}

/// <summary>A claim line as it was submitted: the request's fields, amounts in euros.</summary>
public sealed record SubmittedLineResponse(
    string BenefitCode,
    DateOnly DateOfCare,
    decimal Invoiced,
    decimal StatutoryReimbursement,
    decimal? OfficialTariff,
    int Units,
    string? Element,
    string CountryOfCare,
    bool? Authorised,
    bool? Serious,
    bool? ProgrammeCompleted,
    IReadOnlyList<string>? Circumstances,
    IReadOnlyList<string>? Documents,
    string? IncidentId,
    string? TripId)
{
    public static SubmittedLineResponse From(ClaimLine line) => new(
        line.BenefitCode, line.DateOfCare, line.Invoiced.Euros, line.StatutoryReimbursement.Euros, line.OfficialTariff?.Euros, line.Units, line.Element,
        line.CountryOfCare, line.Authorised, line.Serious, line.ProgrammeCompleted, line.Circumstances, line.Documents, line.IncidentId, line.TripId);
}

/// <summary>What one tier's benefit paid on a line.</summary>
/// <param name="RuleAmount">What the benefit's rule alone gives, before the uncovered amount and the caps.</param>
/// <param name="Amount">What it pays.</param>
public sealed record TierPaymentResponse(
    Tier Tier,
    string BenefitCode,
    string BenefitTitle,
    decimal RuleAmount,
    decimal Amount,
    string Explanation,
    IReadOnlyList<CapEffectResponse> Caps)
{
    public static TierPaymentResponse From(TierPayment p) => new(p.Tier, p.BenefitCode, p.BenefitTitle, p.RuleAmount.Euros, p.Paid.Euros, p.Explanation,
        [.. p.Caps.Select(c => new CapEffectResponse(c.CapId, c.Description, c.Key, c.Limit?.Euros, c.RoomBefore?.Euros, c.RoomAfter?.Euros,
            c.UnitsLimit, c.UnitsRoomBefore, c.UnitsRoomAfter, c.Limited))]);
}

/// <summary>How one cap bore on a payment: its room before and after, and whether it reduced the payment.</summary>
public sealed record CapEffectResponse(
    string CapId,
    string Description,
    string? Key,
    decimal? Limit,
    decimal? RoomBefore,
    decimal? RoomAfter,
    int? UnitsLimit,
    int? UnitsRoomBefore,
    int? UnitsRoomAfter,
    bool Limited);

/// <summary>Why a benefit of the line's chain paid nothing.</summary>
public sealed record NotPayingResponse(Tier Tier, string BenefitCode, ReasonCode Reason, string Explanation, DateOnly? FirstCoveredDate);

public sealed record LinePendingResponse(ReasonCode Reason, IReadOnlyList<string> Items, string Explanation);

/// <summary>A claim in the front desk's queue.</summary>
/// <param name="ExpectedWeeks">The department's current processing time for the claim's channel.</param>
public sealed record PendedClaimResponse(
    string ClaimId,
    string FamilyId,
    string MemberId,
    string InvoiceReference,
    Department Department,
    Channel Channel,
    int ExpectedWeeks,
    DateOnly ReceivedOn,
    DateTimeOffset PendedAt,
    string Need)
{
    public static PendedClaimResponse From(PendedClaim c, Domain.Routing.ProcessingTimes times) =>
        new(c.ClaimId, c.FamilyId, c.MemberId, c.InvoiceReference, c.Department, c.Channel, times.WeeksFor(c.Department, c.Channel), c.ReceivedOn, c.PendedAt, c.Need);
}

/// <summary>What a reversal or a correction would do, consuming nothing: the claim's payment before and after, and the claims it would re-decide.</summary>
public sealed record CascadePreviewResponse(decimal PaidBefore, decimal PaidAfter, IReadOnlyList<RedecidedClaimResponse> Redecided)
{
    public static CascadePreviewResponse From(Contracts.Members.CascadePreview preview) => new(preview.PaidBefore.Euros, preview.PaidAfter.Euros,
        [.. preview.Redecided.Select(r => new RedecidedClaimResponse(r.ClaimId, r.PaidBefore.Euros, r.PaidAfter.Euros, (r.PaidAfter - r.PaidBefore).Euros))]);
}

public sealed record RedecidedClaimResponse(string ClaimId, decimal PaidBefore, decimal PaidAfter, decimal TopUp);
