using CmcmActors.Domain.StatutoryCover;
using static CmcmActors.Domain.Tests.Support.Dates;

namespace CmcmActors.Domain.Tests.StatutoryCover;

/// <summary>Statutory cover on the date of care, with the continuation after it ends (spec, section 5; seed 003).</summary>
public sealed class StatutoryCoverCheckTests
{
    private static StatutoryCoverResult Expected(StatutoryCoverStatus status, string? until) => new(status, OptionalD(until));

    // Affiliated 2025-01-01 to 2026-03-15: continuation for the rest of March and the following 3 months.
    [Theory]
    [InlineData("2024-12-31", StatutoryCoverStatus.NotCovered, null)]
    [InlineData("2025-01-01", StatutoryCoverStatus.Affiliated, "2026-03-15")]
    [InlineData("2026-03-15", StatutoryCoverStatus.Affiliated, "2026-03-15")]
    [InlineData("2026-03-16", StatutoryCoverStatus.Continuation, "2026-06-30")]
    [InlineData("2026-06-30", StatutoryCoverStatus.Continuation, "2026-06-30")]
    [InlineData("2026-07-01", StatutoryCoverStatus.NotCovered, null)]
    public void PeriodEnded_CareAroundTheContinuationEnd_Status(string care, StatutoryCoverStatus status, string? until)
    {
        var periods = new[] { new StatutoryPeriod(D("2025-01-01"), D("2026-03-15")) };

        Assert.Equal(Expected(status, until), StatutoryCoverCheck.Check(periods, D(care)));
    }

    [Theory]
    [InlineData("2026-09-30", StatutoryCoverStatus.Continuation, "2026-09-30")]
    [InlineData("2026-10-01", StatutoryCoverStatus.NotCovered, null)]
    public void PeriodEndedDuringAnIllnessUnderTreatment_ThreeMoreMonths(string care, StatutoryCoverStatus status, string? until)
    {
        var periods = new[] { new StatutoryPeriod(D("2025-01-01"), D("2026-03-15"), IllnessUnderTreatmentAtEnd: true) };

        Assert.Equal(Expected(status, until), StatutoryCoverCheck.Check(periods, D(care)));
    }

    [Fact]
    public void PeriodEndedWithOtherLegalCover_DayAfterTheEnd_NotCovered()
    {
        var periods = new[] { new StatutoryPeriod(D("2025-01-01"), D("2026-03-15"), OtherLegalCoverAfterEnd: true) };

        Assert.Equal(Expected(StatutoryCoverStatus.NotCovered, null), StatutoryCoverCheck.Check(periods, D("2026-03-16")));
    }

    // Decision "continuation length": the last covered day is the last day of the month 3 (or 6) months after the end's month.
    [Theory]
    [InlineData("2026-03-01", false, "2026-06-30")]
    [InlineData("2026-03-15", false, "2026-06-30")]
    [InlineData("2026-03-31", false, "2026-06-30")]
    [InlineData("2026-11-10", false, "2027-02-28")]
    [InlineData("2027-11-10", false, "2028-02-29")]
    [InlineData("2026-03-15", true, "2026-09-30")]
    [InlineData("2026-11-10", true, "2027-05-31")]
    public void Decision_ContinuationEnd_LastDayOfMonthEndPlus3Or6WithIllness(string lastAffiliatedDay, bool illness, string expected)
    {
        Assert.Equal(D(expected), StatutoryCoverCheck.ContinuationEnd(D(lastAffiliatedDay), illness));
    }

    // Decision "6-month continuity": chainStart + 6 months <= last day + 1.
    [Theory]
    [InlineData("2026-01-01", "2026-06-30", StatutoryCoverStatus.Continuation)]   // exactly 6 months
    [InlineData("2026-01-01", "2026-06-29", StatutoryCoverStatus.NotCovered)]     // one day short
    [InlineData("2026-01-02", "2026-07-01", StatutoryCoverStatus.Continuation)]
    [InlineData("2026-01-02", "2026-06-30", StatutoryCoverStatus.NotCovered)]
    public void Decision_SixMonthContinuity_OnePeriod(string from, string to, StatutoryCoverStatus expected)
    {
        var periods = new[] { new StatutoryPeriod(D(from), D(to)) };

        Assert.Equal(expected, StatutoryCoverCheck.Check(periods, D(to).AddDays(1)).Status);
    }

    // Two periods: 2025-10-01..2026-01-10, then a second one starting after a gap, ending 2026-04-10 (itself < 6 months).
    [Theory]
    [InlineData("2026-01-12", StatutoryCoverStatus.Continuation)]   // gap of 1 day
    [InlineData("2026-01-18", StatutoryCoverStatus.Continuation)]   // gap of 7 days (11..17): continuity kept
    [InlineData("2026-01-19", StatutoryCoverStatus.NotCovered)]     // gap of 8 days: continuity broken
    public void Decision_SixMonthContinuity_GapsUnder8DaysDoNotBreakIt(string secondFrom, StatutoryCoverStatus expected)
    {
        var periods = new[]
        {
            new StatutoryPeriod(D(secondFrom), D("2026-04-10")),
            new StatutoryPeriod(D("2025-10-01"), D("2026-01-10")),
        };

        Assert.Equal(expected, StatutoryCoverCheck.Check(periods, D("2026-05-01")).Status);
    }

    [Fact]
    public void ChainOfThreePeriods_ShortGaps_CountsFromTheFirst()
    {
        var periods = new[]
        {
            new StatutoryPeriod(D("2026-01-01"), D("2026-02-28")),
            new StatutoryPeriod(D("2026-03-05"), D("2026-04-30")),
            new StatutoryPeriod(D("2026-05-06"), D("2026-07-02")),
        };

        Assert.Equal(Expected(StatutoryCoverStatus.Continuation, "2026-10-31"), StatutoryCoverCheck.Check(periods, D("2026-10-31")));
    }

    [Fact]
    public void OpenPeriod_AnyLaterDate_AffiliatedWithoutEnd()
    {
        var periods = new[] { new StatutoryPeriod(D("2020-01-01"), null) };

        Assert.Equal(Expected(StatutoryCoverStatus.Affiliated, null), StatutoryCoverCheck.Check(periods, D("2030-01-01")));
    }

    [Fact]
    public void NoPeriod_AnyDate_NotCovered()
    {
        Assert.False(StatutoryCoverCheck.Check([], D("2026-09-15")).IsCovered);
    }

    [Fact]
    public void NewPeriodAfterAGap_CareInTheNewPeriod_Affiliated()
    {
        var periods = new[]
        {
            new StatutoryPeriod(D("2020-01-01"), D("2025-12-31")),
            new StatutoryPeriod(D("2026-09-01"), null),
        };

        Assert.Equal(StatutoryCoverStatus.Affiliated, StatutoryCoverCheck.Check(periods, D("2026-09-01")).Status);
        Assert.Equal(StatutoryCoverStatus.NotCovered, StatutoryCoverCheck.Check(periods, D("2026-08-31")).Status);
    }

    [Fact]
    public void Constants_MatchTheStatute()
    {
        Assert.Equal((6, 8, 3, 3), (StatutoryCoverCheck.ContinuityMonths, StatutoryCoverCheck.GapIgnoredBelowDays, StatutoryCoverCheck.ContinuationMonths, StatutoryCoverCheck.IllnessExtraMonths));
    }
}
