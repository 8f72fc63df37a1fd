using System.Text.Json.Serialization;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Routing;

namespace CmcmActors.Domain.Adjudication;

/// <summary>Why a line (or one benefit of its chain) paid less than it could, was refused or was pended.</summary>
public enum ReasonCode
{
    NoEditionInForce,
    UnknownBenefit,
    ContributionUnpaid,
    AffiliationNotStarted,
    NotOnRoster,
    NotCoAffiliated,
    NoStatutoryCover,
    TierNotHeld,
    WaitingPeriod,
    ConditionNotMet,
    ElementNotCovered,
    NothingUncovered,
    AmountNotSet,
    CapReached,
    MissingDocuments,
    NeedsConfirmation,

    /// <summary>The amounts are above what a claim of the kind plausibly is: a person reviews them (<see cref="PlausibilityLimits"/>).</summary>
    PlausibilityReview,
}

public enum LineOutcome
{
    /// <summary>Paid, and no cap reduced it.</summary>
    Paid,

    /// <summary>Paid, but a cap reduced what would otherwise have been paid.</summary>
    PartiallyPaid,
    Refused,

    /// <summary>Needs a person: documents missing or a condition only a person can confirm.</summary>
    Pended,
}

public enum ClaimOutcome
{
    Approved,
    PartiallyApproved,
    Refused,
    Pended,
}

/// <summary>How one cap bore on one payment: its room before and after, and whether it reduced the payment.</summary>
/// <param name="Key">The accumulator, or null for a per-unit cap.</param>
/// <param name="Limit">The cap's amount for this line (per-unit caps: the amount times the units), or null for a count-only cap.</param>
public sealed record CapEffect(
    string CapId,
    string Description,
    string? Key,
    Money.Money? Limit,
    Money.Money? RoomBefore,
    Money.Money? RoomAfter,
    int? UnitsLimit,
    int? UnitsRoomBefore,
    int? UnitsRoomAfter,
    bool Limited);

/// <summary>What one tier's benefit paid on a line.</summary>
/// <param name="RuleAmount">What the rule alone gives, before the uncovered amount and the caps.</param>
public sealed record TierPayment(
    Tier Tier,
    string BenefitCode,
    string BenefitTitle,
    Money.Money RuleAmount,
    Money.Money Paid,
    string Explanation,
    IReadOnlyList<CapEffect> Caps);

/// <summary>Why a benefit of the line's chain paid nothing.</summary>
public sealed record BenefitNote(Tier Tier, string BenefitCode, ReasonCode Reason, string Explanation, DateOnly? FirstCoveredDate = null);

/// <summary>What a line needs before it can be decided.</summary>
public sealed record PendingNeed(ReasonCode Reason, IReadOnlyList<string> Items, string Explanation);

public sealed record LineDecision(
    int LineNumber,
    string BenefitCode,
    DateOnly DateOfCare,
    string? Edition,
    Money.Money Invoiced,
    Money.Money StatutoryReimbursement,
    Money.Money Uncovered,
    IReadOnlyList<TierPayment> Payments,
    IReadOnlyList<BenefitNote> NotPaying,
    Money.Money TotalPaid,
    LineOutcome Outcome,
    ReasonCode? Reason,
    string Explanation,
    Department Department,
    PendingNeed? Pending)
{
    public Money.Money PaidBy(Tier tier)
    {
        var total = Money.Money.Zero;
        foreach (var payment in Payments)
        {
            if (payment.Tier == tier)
            {
                total += payment.Paid;
            }
        }

        return total;
    }
}

/// <summary>
/// The decision on a whole claim, and the accumulator changes that applying it makes. A pended claim changes nothing
/// until it is resolved; reversing a decided claim applies <see cref="ReversalChanges"/>.
/// </summary>
public sealed record ClaimAdjudication(
    IReadOnlyList<LineDecision> Lines,
    ClaimOutcome Outcome,
    Money.Money TotalPaid,
    IReadOnlyList<AccumulatorChange> Changes,
    Department Department,
    string Explanation)
{
    [JsonIgnore]
    public IReadOnlyList<AccumulatorChange> ReversalChanges => Changes.Select(c => c.Negate()).ToArray();

    public Money.Money PaidBy(Tier tier)
    {
        var total = Money.Money.Zero;
        foreach (var line in Lines)
        {
            total += line.PaidBy(tier);
        }

        return total;
    }
}
