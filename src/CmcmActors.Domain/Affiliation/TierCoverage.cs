namespace CmcmActors.Domain.Affiliation;

public enum TierCoverageStatus
{
    Covered,
    NotHeld,
    InWaitingPeriod,
}

/// <param name="FirstCoveredDate">When in a waiting period: the first date on which care would be covered.</param>
public readonly record struct TierCoverageResult(TierCoverageStatus Status, DateOnly? FirstCoveredDate);

/// <summary>Whether a member's tier covers care on a date, given the family's spells and the member's own start.</summary>
public static class TierCoverage
{
    /// <param name="memberStart">
    /// The member's own start date when he or she joined after the family (first of the month after being added), or
    /// null when the member takes the family's dates (main affiliate, founding co-affiliates, a newborn or newly
    /// adopted child added within 3 months).
    /// </param>
    public static TierCoverageResult Check(IReadOnlyList<TierSpell> spells, DateOnly? memberStart, Tier tier, DateOnly dateOfCare)
    {
        // ASSIST comes with RC: it is held whenever RC is, with no waiting period.
        var spellTier = tier == Tier.ASSIST ? Tier.RC : tier;
        for (var i = spells.Count - 1; i >= 0; i--)
        {
            var spell = spells[i];
            if (spell.Tier != spellTier || !spell.Contains(dateOfCare))
            {
                continue;
            }

            var joinedLater = memberStart is { } own && own > spell.Start;
            var start = joinedLater ? memberStart!.Value : spell.Start;
            if (dateOfCare < start)
            {
                return new(TierCoverageStatus.NotHeld, null);
            }

            // Decision "late co-affiliate": someone added after the tier started is a first-time affiliate of his or
            // her own, whatever the family's spell had (an exemption, or a readmission's longer wait).
            var waiting = tier == Tier.ASSIST ? 0 : joinedLater ? WaitingPeriods.MonthsFor(tier, EnrolmentReason.FirstTime) : spell.WaitingMonths;
            var firstCovered = WaitingPeriods.FirstCoveredDate(start, waiting);
            return dateOfCare >= firstCovered
                ? new(TierCoverageStatus.Covered, null)
                : new(TierCoverageStatus.InWaitingPeriod, firstCovered);
        }

        return new(TierCoverageStatus.NotHeld, null);
    }

    /// <summary>
    /// Decision "newborn takes the family's dates" (spec, section 4): a child added within 3 months of birth or
    /// adoption takes the family's dates; anyone else added later starts on the first of the month after being added.
    /// </summary>
    public static DateOnly? MemberStartWhenAdded(DateOnly addedOn, DateOnly familyStart, DateOnly? bornOrAdoptedOn)
    {
        if (bornOrAdoptedOn is { } birth && addedOn < birth.AddMonths(3).AddDays(1))
        {
            return null;
        }

        var own = WaitingPeriods.AffiliationStart(addedOn);
        return own > familyStart ? own : null;
    }
}
