using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace CmcmActors.Domain.Affiliation;

/// <summary>
/// A family's history of tiers: every spell of every tier, with its own start date and waiting period.
/// Immutable: each operation returns a new history.
/// </summary>
public sealed record FamilyAffiliation(ImmutableList<TierSpell> Spells, CoverageLevel? CurrentLevel, DateOnly? ResignedOn)
{
    public static readonly FamilyAffiliation None = new([], null, null);

    [JsonIgnore]
    public bool IsActive => CurrentLevel is not null;

    /// <summary>Enrolment (first time or with an exemption) or re-admission: all subscribed tiers start on the first of the next month.</summary>
    public static FamilyAffiliation Enrol(DateOnly applicationReceived, CoverageLevel level, EnrolmentReason reason) =>
        None.StartTiers(applicationReceived, level, reason);

    public FamilyAffiliation Readmit(DateOnly applicationReceived, CoverageLevel level)
    {
        if (IsActive)
        {
            throw new InvalidOperationException("Only a family that has resigned can be re-admitted.");
        }

        return StartTiers(applicationReceived, level, EnrolmentReason.Readmission);
    }

    private FamilyAffiliation StartTiers(DateOnly applicationReceived, CoverageLevel level, EnrolmentReason reason)
    {
        var start = WaitingPeriods.AffiliationStart(applicationReceived);
        var spells = Spells;
        foreach (var tier in level.SubscribedTiers())
        {
            spells = spells.Add(new TierSpell(tier, start, null, WaitingPeriods.MonthsFor(tier, reason)));
        }

        spells = spells.Add(new TierSpell(Tier.ASSIST, start, null, 0));
        return new FamilyAffiliation(spells, level, null);
    }

    /// <summary>
    /// A change of level takes effect on the first of the month after the request. Tiers added get their own spell and
    /// a first-time waiting period; tiers kept are untouched (an upgrade never restarts a tier already held); tiers
    /// dropped end that day.
    /// </summary>
    public FamilyAffiliation ChangeLevel(DateOnly requestReceived, CoverageLevel newLevel)
    {
        if (CurrentLevel is not { } current)
        {
            throw new InvalidOperationException("The family has no active affiliation.");
        }

        var effective = WaitingPeriods.AffiliationStart(requestReceived);
        var before = current.SubscribedTiers();
        var after = newLevel.SubscribedTiers();
        var spells = Spells;
        foreach (var dropped in before.Except(after))
        {
            spells = EndOpenSpell(spells, dropped, effective);
        }

        foreach (var added in after.Except(before))
        {
            spells = spells.Add(new TierSpell(added, effective, null, WaitingPeriods.MonthsFor(added, EnrolmentReason.FirstTime)));
        }

        return this with { Spells = spells, CurrentLevel = newLevel };
    }

    /// <summary>Resignation: every tier ends on <paramref name="effective"/> (care from that day on is not covered).</summary>
    public FamilyAffiliation Resign(DateOnly effective)
    {
        if (!IsActive)
        {
            throw new InvalidOperationException("The family has no active affiliation.");
        }

        var spells = Spells;
        foreach (var tier in Enum.GetValues<Tier>())
        {
            spells = EndOpenSpell(spells, tier, effective);
        }

        return new FamilyAffiliation(spells, null, effective);
    }

    /// <summary>Date on which the current affiliation started (the open RC spell), if any.</summary>
    [JsonIgnore]
    public DateOnly? CurrentStart => Spells.LastOrDefault(s => s.Tier == Tier.RC && s.End is null)?.Start;

    private static ImmutableList<TierSpell> EndOpenSpell(ImmutableList<TierSpell> spells, Tier tier, DateOnly end)
    {
        var open = spells.FindLastIndex(s => s.Tier == tier && s.End is null);
        if (open < 0)
        {
            return spells;
        }

        var spell = spells[open];
        // A spell that never started (ended before its start) is dropped.
        return end <= spell.Start ? spells.RemoveAt(open) : spells.SetItem(open, spell with { End = end });
    }
}
