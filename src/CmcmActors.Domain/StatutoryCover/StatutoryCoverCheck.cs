namespace CmcmActors.Domain.StatutoryCover;

public enum StatutoryCoverStatus
{
    Affiliated,
    Continuation,
    NotCovered,
}

public readonly record struct StatutoryCoverResult(StatutoryCoverStatus Status, DateOnly? CoveredUntil)
{
    public bool IsCovered => Status != StatutoryCoverStatus.NotCovered;
}

/// <summary>Statutory cover on the date of care, with the continuation after an affiliation ends (spec, section 5).</summary>
public static class StatutoryCoverCheck
{
    public const int ContinuityMonths = 6;
    public const int GapIgnoredBelowDays = 8;
    public const int ContinuationMonths = 3;
    public const int IllnessExtraMonths = 3;

    /// <param name="periods">The member's periods, in any order; they must not overlap.</param>
    public static StatutoryCoverResult Check(IReadOnlyList<StatutoryPeriod> periods, DateOnly dateOfCare)
    {
        StatutoryPeriod? lastEndedBefore = null;
        foreach (var period in periods)
        {
            if (period.From <= dateOfCare && (period.To is null || dateOfCare <= period.To.Value))
            {
                return new(StatutoryCoverStatus.Affiliated, period.To);
            }

            if (period.To is { } to && to < dateOfCare && (lastEndedBefore is null || to > lastEndedBefore.To))
            {
                lastEndedBefore = period;
            }
        }

        if (lastEndedBefore is null || lastEndedBefore.OtherLegalCoverAfterEnd)
        {
            return new(StatutoryCoverStatus.NotCovered, null);
        }

        var end = lastEndedBefore.To!.Value;
        if (!WasContinuouslyAffiliated(periods, lastEndedBefore))
        {
            return new(StatutoryCoverStatus.NotCovered, null);
        }

        var until = ContinuationEnd(end, lastEndedBefore.IllnessUnderTreatmentAtEnd);
        return dateOfCare <= until ? new(StatutoryCoverStatus.Continuation, until) : new(StatutoryCoverStatus.NotCovered, null);
    }

    /// <summary>
    /// Decision "continuation length" (spec, section 5): cover continues for the rest of the month of the end and the
    /// following 3 months (6 with an illness under treatment), so the last covered day is the last day of the month
    /// 3 (or 6) months after the month of the end.
    /// </summary>
    public static DateOnly ContinuationEnd(DateOnly lastAffiliatedDay, bool illnessUnderTreatment)
    {
        var months = ContinuationMonths + (illnessUnderTreatment ? IllnessExtraMonths : 0);
        var firstOfMonth = new DateOnly(lastAffiliatedDay.Year, lastAffiliatedDay.Month, 1);
        return firstOfMonth.AddMonths(months + 1).AddDays(-1);
    }

    /// <summary>
    /// Decision "6-month continuity" (spec, section 5): walking back from the period that ended, periods separated by
    /// a gap of fewer than 8 days count as one; the member qualifies when that chain covers at least 6 months, i.e.
    /// <c>chainStart + 6 months &lt;= lastDay + 1</c>.
    /// </summary>
    public static bool WasContinuouslyAffiliated(IReadOnlyList<StatutoryPeriod> periods, StatutoryPeriod ended)
    {
        var chainStart = ended.From;
        var extended = true;
        while (extended)
        {
            extended = false;
            foreach (var p in periods)
            {
                if (p.To is { } to && to < chainStart && p.From < chainStart && GapDays(to, chainStart) < GapIgnoredBelowDays)
                {
                    chainStart = p.From;
                    extended = true;
                }
            }
        }

        return chainStart.AddMonths(ContinuityMonths) <= ended.To!.Value.AddDays(1);
    }

    /// <summary>Days without affiliation between a period's last day and the next period's first day.</summary>
    private static int GapDays(DateOnly lastDay, DateOnly nextFirstDay) => nextFirstDay.DayNumber - lastDay.DayNumber - 1;
}
