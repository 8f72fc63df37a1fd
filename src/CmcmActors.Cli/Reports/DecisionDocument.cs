using CmcmActors.Cli.Replay;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Routing;
using Money = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Cli.Reports;

/// <summary>The JSON document of a replay: every decision, every reversal and the totals.</summary>
internal sealed record DecisionDocument(
    string Scenario,
    string? Title,
    IReadOnlyList<EditionView> Catalogue,
    IReadOnlyList<ClaimDecisionView> Decisions,
    IReadOnlyList<ReversalView> Reversals,
    TotalsView Totals)
{
    public static DecisionDocument Of(ReplayResult replay) => new(
        replay.Scenario.Source,
        replay.Scenario.Title,
        EditionView.Of(replay.Catalogues),
        replay.Claims.Select(ClaimDecisionView.Of).ToArray(),
        replay.Reversals.Select(ReversalView.Of).ToArray(),
        new TotalsView(replay.Claims.Count, replay.Paid.Total, replay.Reversed.Total, replay.NetTotal, replay.Net));
}

internal sealed record EditionView(string Edition, DateOnly EffectiveFrom)
{
    public static IReadOnlyList<EditionView> Of(CatalogueSet catalogues) =>
        catalogues.Editions.Select(e => new EditionView(e.Edition, e.EffectiveFrom)).ToArray();
}

/// <param name="ReversedByStep">The step that reversed the claim later in the scenario, if any.</param>
internal sealed record ClaimDecisionView(
    int Step,
    string ClaimId,
    string MemberId,
    string FamilyId,
    DateOnly Received,
    string? Note,
    ClaimOutcome Outcome,
    Money TotalPaid,
    TierAmounts PaidByTier,
    Department Department,
    string Explanation,
    int? ReversedByStep,
    IReadOnlyList<LineView> Lines)
{
    public static ClaimDecisionView Of(ClaimRecord claim) => new(
        claim.Step.Index,
        claim.Step.ClaimId,
        claim.Step.MemberId,
        claim.FamilyId,
        claim.Step.Date,
        claim.Step.Note,
        claim.Adjudication.Outcome,
        claim.Paid.Total,
        claim.Paid,
        claim.Adjudication.Department,
        claim.Adjudication.Explanation,
        claim.ReversedBy?.Index,
        claim.Adjudication.Lines.Select((line, i) => LineView.Of(claim, line, i)).ToArray());
}

/// <param name="Payments">What each tier pays on the line.</param>
/// <param name="ProvisionalPayments">For the lines of a pended claim: what would be paid once a person resolves it; nothing is paid yet.</param>
/// <param name="NotPaying">The benefits of the line's chain that pay nothing, and why.</param>
internal sealed record LineView(
    int Line,
    string BenefitCode,
    string? Element,
    DateOnly DateOfCare,
    string? Edition,
    Money Invoiced,
    Money StatutoryReimbursement,
    Money Uncovered,
    LineOutcome Outcome,
    ReasonCode? Reason,
    Money TotalPaid,
    TierAmounts PaidByTier,
    string Explanation,
    IReadOnlyList<PaymentView>? Payments,
    IReadOnlyList<PaymentView>? ProvisionalPayments,
    IReadOnlyList<NotPayingView> NotPaying,
    PendingView? Pending)
{
    public static LineView Of(ClaimRecord claim, LineDecision line, int index)
    {
        var payments = line.Payments.Select(PaymentView.Of).ToArray();
        var paid = claim.PaidOnLine(index);
        return new LineView(
            line.LineNumber,
            line.BenefitCode,
            claim.Step.Lines[index].Element,
            line.DateOfCare,
            line.Edition,
            line.Invoiced,
            line.StatutoryReimbursement,
            line.Uncovered,
            line.Outcome,
            line.Reason,
            paid.Total,
            paid,
            line.Explanation,
            claim.IsPended ? null : payments,
            claim.IsPended && payments.Length > 0 ? payments : null,
            line.NotPaying.Select(n => new NotPayingView(n.Tier, n.BenefitCode, n.Reason, n.Explanation, n.FirstCoveredDate)).ToArray(),
            line.Pending is { } p ? new PendingView(p.Reason, p.Items, p.Explanation) : null);
    }
}

internal sealed record PaymentView(Tier Tier, string BenefitCode, string Title, Money RuleAmount, Money Paid, string Explanation, IReadOnlyList<CapView> Caps)
{
    public static PaymentView Of(TierPayment payment) => new(
        payment.Tier, payment.BenefitCode, payment.BenefitTitle, payment.RuleAmount, payment.Paid, payment.Explanation,
        payment.Caps.Select(CapView.Of).ToArray());
}

/// <param name="Key">The running total the cap draws on (none for a cap per unit).</param>
internal sealed record CapView(
    string CapId,
    string Description,
    string? Key,
    Money? Limit,
    Money? RoomBefore,
    Money? RoomAfter,
    int? UnitsLimit,
    int? UnitsRoomBefore,
    int? UnitsRoomAfter,
    bool Limited)
{
    public static CapView Of(CapEffect cap) => new(
        cap.CapId, cap.Description, cap.Key, cap.Limit, cap.RoomBefore, cap.RoomAfter, cap.UnitsLimit, cap.UnitsRoomBefore, cap.UnitsRoomAfter, cap.Limited);
}

internal sealed record NotPayingView(Tier Tier, string BenefitCode, ReasonCode Reason, string Explanation, DateOnly? FirstCoveredDate);

internal sealed record PendingView(ReasonCode Reason, IReadOnlyList<string> Items, string Explanation);

/// <param name="CapRoomGivenBack">The running totals the reversal lowers, so that their caps have that room again.</param>
internal sealed record ReversalView(
    int Step,
    DateOnly Date,
    string ClaimId,
    string MemberId,
    string? Note,
    Money AmountReversed,
    TierAmounts ReversedByTier,
    IReadOnlyList<CapRoomView> CapRoomGivenBack)
{
    public static ReversalView Of(ReversalRecord reversal) => new(
        reversal.Step.Index,
        reversal.Step.Date,
        reversal.Step.ClaimId,
        reversal.Claim.Step.MemberId,
        reversal.Step.Note,
        reversal.GivenBack.Total,
        reversal.GivenBack,
        reversal.Changes.Select(c => new CapRoomView(c.Key.ToString(), -c.Paid, -c.Units)).ToArray());
}

internal sealed record CapRoomView(string Key, Money Amount, int Units);

/// <param name="Net">Paid minus reversed, by tier.</param>
internal sealed record TotalsView(int Claims, Money Paid, Money Reversed, Money NetPaid, TierAmounts Net);
