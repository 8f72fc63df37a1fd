using CmcmActors.Cli.Scenarios;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;
using Money = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Cli.Replay;

/// <summary>A claim of the scenario and the decision on it.</summary>
internal sealed class ClaimRecord(ClaimStep step, string familyId, ClaimAdjudication adjudication)
{
    public ClaimStep Step { get; } = step;

    public string FamilyId { get; } = familyId;

    public ClaimAdjudication Adjudication { get; } = adjudication;

    /// <summary>The reversal that undid this claim later in the scenario, if any.</summary>
    public ReversalStep? ReversedBy { get; set; }

    public bool IsPended => Adjudication.Outcome == ClaimOutcome.Pended;

    /// <summary>What the claim pays by tier. A pended claim pays nothing until a person resolves it.</summary>
    public TierAmounts Paid => IsPended ? TierAmounts.Zero : TierAmounts.Of(Adjudication.PaidBy);

    /// <summary>What line <paramref name="index"/> (from 0) pays by tier; nothing while the claim is pended.</summary>
    public TierAmounts PaidOnLine(int index) => IsPended ? TierAmounts.Zero : TierAmounts.Of(Adjudication.Lines[index].PaidBy);
}

/// <summary>A reversal of an earlier claim: what it gives back.</summary>
internal sealed record ReversalRecord(ReversalStep Step, ClaimRecord Claim)
{
    public TierAmounts GivenBack => Claim.Paid;

    public IReadOnlyList<AccumulatorChange> Changes => Claim.Adjudication.ReversalChanges;
}

/// <summary>Everything a replay decided, in the order of the steps.</summary>
internal sealed record ReplayResult(
    Scenario Scenario,
    CatalogueSet Catalogues,
    IReadOnlyList<ClaimRecord> Claims,
    IReadOnlyList<ReversalRecord> Reversals,
    IReadOnlyDictionary<string, Family> Families,
    IReadOnlyDictionary<string, AccumulatorBook> Books)
{
    public TierAmounts Paid => Claims.Aggregate(TierAmounts.Zero, (sum, c) => sum + c.Paid);

    public TierAmounts Reversed => Reversals.Aggregate(TierAmounts.Zero, (sum, r) => sum + r.GivenBack);

    /// <summary>Paid minus reversed: what the CMCM pays in the end.</summary>
    public TierAmounts Net => Paid - Reversed;

    public Money NetTotal => Net.Total;

    public ClaimRecord Claim(string claimId) => Claims.First(c => c.Step.ClaimId == claimId);
}
