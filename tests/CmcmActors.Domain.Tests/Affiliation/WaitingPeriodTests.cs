using CmcmActors.Domain.Affiliation;
using static CmcmActors.Domain.Tests.Support.Dates;

namespace CmcmActors.Domain.Tests.Affiliation;

/// <summary>Affiliation start and waiting periods (spec, section 4), as tables of dates.</summary>
public sealed class WaitingPeriodTests
{
    [Theory]
    [InlineData("2026-06-01", "2026-07-01")]
    [InlineData("2026-06-10", "2026-07-01")]
    [InlineData("2026-06-30", "2026-07-01")]
    [InlineData("2026-12-15", "2027-01-01")]
    [InlineData("2028-02-29", "2028-03-01")]
    public void AffiliationStart_ApplicationReceived_FirstDayOfTheNextMonth(string received, string expected)
    {
        Assert.Equal(D(expected), WaitingPeriods.AffiliationStart(D(received)));
    }

    [Theory]
    [InlineData(Tier.RC, EnrolmentReason.FirstTime, 3)]
    [InlineData(Tier.PP, EnrolmentReason.FirstTime, 3)]
    [InlineData(Tier.DO, EnrolmentReason.FirstTime, 3)]
    [InlineData(Tier.ASSIST, EnrolmentReason.FirstTime, 0)]
    [InlineData(Tier.RC, EnrolmentReason.Readmission, 12)]
    [InlineData(Tier.PP, EnrolmentReason.Readmission, 12)]
    [InlineData(Tier.DO, EnrolmentReason.Readmission, 36)]
    [InlineData(Tier.ASSIST, EnrolmentReason.Readmission, 0)]
    [InlineData(Tier.RC, EnrolmentReason.FormerCoAffiliate, 0)]
    [InlineData(Tier.PP, EnrolmentReason.FormerCoAffiliate, 0)]
    [InlineData(Tier.DO, EnrolmentReason.FormerCoAffiliate, 0)]
    [InlineData(Tier.RC, EnrolmentReason.AfterDivorceOrEndOfPartnership, 0)]
    [InlineData(Tier.PP, EnrolmentReason.AfterDivorceOrEndOfPartnership, 0)]
    [InlineData(Tier.DO, EnrolmentReason.AfterDivorceOrEndOfPartnership, 0)]
    public void MonthsFor_TierAndReason_WaitingMonths(Tier tier, EnrolmentReason reason, int expected)
    {
        Assert.Equal(expected, WaitingPeriods.MonthsFor(tier, reason));
    }

    [Theory]
    [InlineData("2026-07-01", 3, "2026-10-01")]
    [InlineData("2026-12-01", 3, "2027-03-01")]
    [InlineData("2026-04-01", 12, "2027-04-01")]
    [InlineData("2026-04-01", 36, "2029-04-01")]
    [InlineData("2026-04-01", 0, "2026-04-01")]
    public void FirstCoveredDate_StartPlusNMonths(string start, int months, string expected)
    {
        Assert.Equal(D(expected), WaitingPeriods.FirstCoveredDate(D(start), months));
        Assert.Equal(D(expected), new TierSpell(Tier.RC, D(start), null, months).FirstCoveredDate);
    }
}
