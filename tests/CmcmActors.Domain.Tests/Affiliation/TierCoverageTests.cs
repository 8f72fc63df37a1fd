using CmcmActors.Domain.Affiliation;
using static CmcmActors.Domain.Tests.Support.Dates;

namespace CmcmActors.Domain.Tests.Affiliation;

/// <summary>
/// Whether a tier covers care on a date (spec, section 4): the day before and the day of every boundary.
/// </summary>
public sealed class TierCoverageTests
{
    private static TierCoverageResult Check(FamilyAffiliation affiliation, Tier tier, string care, string? memberStart = null) =>
        TierCoverage.Check(affiliation.Spells, OptionalD(memberStart), tier, D(care));

    private static TierCoverageResult Expected(TierCoverageStatus status, string? firstCovered) => new(status, OptionalD(firstCovered));

    // First-time family: application 2026-03-10, start 2026-04-01, 3 months for RC, PP and DO.
    [Theory]
    [InlineData(Tier.RC, "2026-03-31", TierCoverageStatus.NotHeld, null)]
    [InlineData(Tier.RC, "2026-04-01", TierCoverageStatus.InWaitingPeriod, "2026-07-01")]
    [InlineData(Tier.RC, "2026-06-30", TierCoverageStatus.InWaitingPeriod, "2026-07-01")]
    [InlineData(Tier.RC, "2026-07-01", TierCoverageStatus.Covered, null)]
    [InlineData(Tier.PP, "2026-06-30", TierCoverageStatus.InWaitingPeriod, "2026-07-01")]
    [InlineData(Tier.PP, "2026-07-01", TierCoverageStatus.Covered, null)]
    [InlineData(Tier.DO, "2026-06-30", TierCoverageStatus.InWaitingPeriod, "2026-07-01")]
    [InlineData(Tier.DO, "2026-07-01", TierCoverageStatus.Covered, null)]
    [InlineData(Tier.ASSIST, "2026-03-31", TierCoverageStatus.NotHeld, null)]
    [InlineData(Tier.ASSIST, "2026-04-01", TierCoverageStatus.Covered, null)]
    public void FirstTimeFamily_CareAroundStartAndWaitingEnd_Status(Tier tier, string care, TierCoverageStatus status, string? firstCovered)
    {
        var affiliation = FamilyAffiliation.Enrol(D("2026-03-10"), CoverageLevel.RC_PP_DO, EnrolmentReason.FirstTime);

        Assert.Equal(Expected(status, firstCovered), Check(affiliation, tier, care));
    }

    // Family since 2020, resigned 2026-03-01, re-admitted on an application of 2026-03-10: new start 2026-04-01.
    [Theory]
    [InlineData(Tier.RC, "2026-02-28", TierCoverageStatus.Covered, null)]              // old spell
    [InlineData(Tier.RC, "2026-03-01", TierCoverageStatus.NotHeld, null)]              // resigned
    [InlineData(Tier.RC, "2026-03-31", TierCoverageStatus.NotHeld, null)]
    [InlineData(Tier.RC, "2026-04-01", TierCoverageStatus.InWaitingPeriod, "2027-04-01")]
    [InlineData(Tier.RC, "2027-03-31", TierCoverageStatus.InWaitingPeriod, "2027-04-01")]
    [InlineData(Tier.RC, "2027-04-01", TierCoverageStatus.Covered, null)]
    [InlineData(Tier.PP, "2027-03-31", TierCoverageStatus.InWaitingPeriod, "2027-04-01")]
    [InlineData(Tier.PP, "2027-04-01", TierCoverageStatus.Covered, null)]
    [InlineData(Tier.DO, "2029-03-31", TierCoverageStatus.InWaitingPeriod, "2029-04-01")]
    [InlineData(Tier.DO, "2029-04-01", TierCoverageStatus.Covered, null)]
    [InlineData(Tier.ASSIST, "2026-03-31", TierCoverageStatus.NotHeld, null)]
    [InlineData(Tier.ASSIST, "2026-04-01", TierCoverageStatus.Covered, null)]
    public void ReadmittedFamily_12MonthsForRcAndPp36ForDo_Status(Tier tier, string care, TierCoverageStatus status, string? firstCovered)
    {
        var affiliation = FamilyAffiliation.Enrol(D("2020-01-10"), CoverageLevel.RC_PP_DO, EnrolmentReason.FirstTime)
            .Resign(D("2026-03-01"))
            .Readmit(D("2026-03-10"), CoverageLevel.RC_PP_DO);

        Assert.Equal(Expected(status, firstCovered), Check(affiliation, tier, care));
    }

    [Theory]
    [InlineData(EnrolmentReason.FormerCoAffiliate, Tier.RC)]
    [InlineData(EnrolmentReason.FormerCoAffiliate, Tier.PP)]
    [InlineData(EnrolmentReason.FormerCoAffiliate, Tier.DO)]
    [InlineData(EnrolmentReason.AfterDivorceOrEndOfPartnership, Tier.RC)]
    [InlineData(EnrolmentReason.AfterDivorceOrEndOfPartnership, Tier.PP)]
    [InlineData(EnrolmentReason.AfterDivorceOrEndOfPartnership, Tier.DO)]
    public void ExemptedEnrolment_CareOnTheStartDate_CoveredAndNotTheDayBefore(EnrolmentReason reason, Tier tier)
    {
        var affiliation = FamilyAffiliation.Enrol(D("2026-03-10"), CoverageLevel.RC_PP_DO, reason);

        Assert.Equal(Expected(TierCoverageStatus.NotHeld, null), Check(affiliation, tier, "2026-03-31"));
        Assert.Equal(Expected(TierCoverageStatus.Covered, null), Check(affiliation, tier, "2026-04-01"));
    }

    [Theory]
    [InlineData(Tier.PP)]
    [InlineData(Tier.DO)]
    public void RcOnlyFamily_OptionTier_NotHeld(Tier tier)
    {
        var affiliation = FamilyAffiliation.Enrol(D("2020-01-10"), CoverageLevel.RC, EnrolmentReason.FirstTime);

        Assert.Equal(Expected(TierCoverageStatus.NotHeld, null), Check(affiliation, tier, "2026-09-15"));
    }

    // Decision: a co-affiliate added later has his or her own start date (first of next month) and waiting period.
    [Theory]
    [InlineData(Tier.RC, "2026-11-30", TierCoverageStatus.NotHeld, null)]
    [InlineData(Tier.RC, "2026-12-01", TierCoverageStatus.InWaitingPeriod, "2027-03-01")]
    [InlineData(Tier.RC, "2027-02-28", TierCoverageStatus.InWaitingPeriod, "2027-03-01")]
    [InlineData(Tier.RC, "2027-03-01", TierCoverageStatus.Covered, null)]
    [InlineData(Tier.DO, "2027-02-28", TierCoverageStatus.InWaitingPeriod, "2027-03-01")]
    [InlineData(Tier.DO, "2027-03-01", TierCoverageStatus.Covered, null)]
    [InlineData(Tier.ASSIST, "2026-12-01", TierCoverageStatus.Covered, null)]
    public void LateCoAffiliate_OwnStart_WaitingRunsFromOwnStart(Tier tier, string care, TierCoverageStatus status, string? firstCovered)
    {
        var affiliation = FamilyAffiliation.Enrol(D("2026-03-10"), CoverageLevel.RC_PP_DO, EnrolmentReason.FirstTime);

        Assert.Equal(Expected(status, firstCovered), Check(affiliation, tier, care, memberStart: "2026-12-01"));
    }

    [Theory]
    [InlineData("2026-11-20", "2026-04-01", null, "2026-12-01")]           // added later: first of the next month
    [InlineData("2026-03-20", "2026-04-01", null, null)]                   // added before the family starts: the family's dates
    [InlineData("2026-04-30", "2026-05-01", null, null)]                   // own start would equal the family's
    [InlineData("2026-05-01", "2026-05-01", null, "2026-06-01")]           // added on the family's start day
    [InlineData("2027-02-10", "2026-04-01", "2026-11-10", null)]           // newborn, added on the last day of the 3 months
    [InlineData("2027-02-11", "2026-04-01", "2026-11-10", "2027-03-01")]   // newborn, added the day after
    [InlineData("2026-11-30", "2026-04-01", "2026-11-30", null)]           // added on the day of birth
    [InlineData("2026-08-01", "2026-04-01", "2026-05-01", null)]           // adopted, added exactly 3 months later
    public void MemberStartWhenAdded_AddedOnAndBirth_OwnStartOrFamilysDates(string addedOn, string familyStart, string? bornOn, string? expected)
    {
        Assert.Equal(OptionalD(expected), TierCoverage.MemberStartWhenAdded(D(addedOn), D(familyStart), OptionalD(bornOn)));
    }
}
