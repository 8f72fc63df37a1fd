using CmcmActors.Domain.Affiliation;
using static CmcmActors.Domain.Tests.Support.Dates;

namespace CmcmActors.Domain.Tests.Affiliation;

/// <summary>Changes of level (spec, section 4): options have their own start and waiting period; held tiers are untouched.</summary>
public sealed class LevelChangeTests
{
    // RC since 2026-04-01 (application 2026-03-10), upgraded to RC+PP+DO on a request of 2026-08-20: options start 2026-09-01.
    private static readonly FamilyAffiliation Upgraded = FamilyAffiliation.Enrol(D("2026-03-10"), CoverageLevel.RC, EnrolmentReason.FirstTime)
        .ChangeLevel(D("2026-08-20"), CoverageLevel.RC_PP_DO);

    [Theory]
    [InlineData(Tier.RC, "2026-09-01", TierCoverageStatus.Covered, null)]
    [InlineData(Tier.PP, "2026-08-31", TierCoverageStatus.NotHeld, null)]
    [InlineData(Tier.PP, "2026-09-01", TierCoverageStatus.InWaitingPeriod, "2026-12-01")]
    [InlineData(Tier.PP, "2026-11-30", TierCoverageStatus.InWaitingPeriod, "2026-12-01")]
    [InlineData(Tier.PP, "2026-12-01", TierCoverageStatus.Covered, null)]
    [InlineData(Tier.DO, "2026-11-30", TierCoverageStatus.InWaitingPeriod, "2026-12-01")]
    [InlineData(Tier.DO, "2026-12-01", TierCoverageStatus.Covered, null)]
    public void Upgrade_AddedOptions_OwnStartAndWaitingWhileRcStaysCovered(Tier tier, string care, TierCoverageStatus status, string? firstCovered)
    {
        Assert.Equal(new TierCoverageResult(status, OptionalD(firstCovered)), TierCoverage.Check(Upgraded.Spells, null, tier, D(care)));
    }

    [Fact]
    public void Upgrade_TierAlreadyHeld_KeepsItsOnlySpellUntouched()
    {
        Assert.Equal(new TierSpell(Tier.RC, D("2026-04-01"), null, 3), Assert.Single(Upgraded.Spells, s => s.Tier == Tier.RC));
        Assert.Equal(CoverageLevel.RC_PP_DO, Upgraded.CurrentLevel);
    }

    [Theory]
    [InlineData(Tier.DO, "2026-08-31", TierCoverageStatus.Covered)]
    [InlineData(Tier.DO, "2026-09-01", TierCoverageStatus.NotHeld)]
    [InlineData(Tier.PP, "2026-09-01", TierCoverageStatus.Covered)]
    [InlineData(Tier.RC, "2026-09-01", TierCoverageStatus.Covered)]
    public void Downgrade_DroppedTier_EndsOnTheFirstOfNextMonth(Tier tier, string care, TierCoverageStatus status)
    {
        var affiliation = FamilyAffiliation.Enrol(D("2026-01-10"), CoverageLevel.RC_PP_DO, EnrolmentReason.FirstTime)
            .ChangeLevel(D("2026-08-20"), CoverageLevel.RC_PP);

        Assert.Equal(status, TierCoverage.Check(affiliation.Spells, null, tier, D(care)).Status);
    }

    [Fact]
    public void Downgrade_BeforeTheOptionStarted_DropsTheSpellThatNeverStarted()
    {
        var affiliation = FamilyAffiliation.Enrol(D("2026-06-10"), CoverageLevel.RC_PP, EnrolmentReason.FirstTime)
            .ChangeLevel(D("2026-06-20"), CoverageLevel.RC);

        Assert.DoesNotContain(affiliation.Spells, s => s.Tier == Tier.PP);
        Assert.Equal(CoverageLevel.RC, affiliation.CurrentLevel);
    }

    [Fact]
    public void ReUpgrade_AfterDroppingAnOption_NewSpellWithFirstTimeWaiting()
    {
        var affiliation = FamilyAffiliation.Enrol(D("2026-01-10"), CoverageLevel.RC_PP, EnrolmentReason.FirstTime)
            .ChangeLevel(D("2026-08-20"), CoverageLevel.RC)
            .ChangeLevel(D("2027-01-15"), CoverageLevel.RC_PP);

        Assert.Equal(
            new[] { new TierSpell(Tier.PP, D("2026-02-01"), D("2026-09-01"), 3), new TierSpell(Tier.PP, D("2027-02-01"), null, 3) },
            affiliation.Spells.Where(s => s.Tier == Tier.PP));
        Assert.Equal(new TierCoverageResult(TierCoverageStatus.InWaitingPeriod, D("2027-05-01")), TierCoverage.Check(affiliation.Spells, null, Tier.PP, D("2027-04-30")));
    }

    [Fact]
    public void ChangeLevel_NotActive_Throws()
    {
        var resigned = FamilyAffiliation.Enrol(D("2026-01-10"), CoverageLevel.RC, EnrolmentReason.FirstTime).Resign(D("2026-06-01"));

        Assert.Throws<InvalidOperationException>(() => resigned.ChangeLevel(D("2026-07-01"), CoverageLevel.RC_PP));
    }

    [Fact]
    public void Readmit_StillActive_Throws()
    {
        var active = FamilyAffiliation.Enrol(D("2026-01-10"), CoverageLevel.RC, EnrolmentReason.FirstTime);

        Assert.Throws<InvalidOperationException>(() => active.Readmit(D("2026-07-01"), CoverageLevel.RC));
    }

    [Fact]
    public void Resign_BeforeTheStart_DropsEverySpell()
    {
        var affiliation = FamilyAffiliation.Enrol(D("2026-06-10"), CoverageLevel.RC_PP_DO, EnrolmentReason.FirstTime).Resign(D("2026-06-30"));

        Assert.Empty(affiliation.Spells);
        Assert.False(affiliation.IsActive);
    }

    [Theory]
    [InlineData("RC", CoverageLevel.RC)]
    [InlineData("rc+pp", CoverageLevel.RC_PP)]
    [InlineData("RC + PP + DO", CoverageLevel.RC_PP_DO)]
    [InlineData("RC_PP_DO", CoverageLevel.RC_PP_DO)]
    public void TryParse_LevelText_Level(string text, CoverageLevel expected)
    {
        Assert.True(CoverageLevels.TryParse(text, out var level));
        Assert.Equal(expected, level);
    }

    [Fact]
    public void TryParse_UnknownLevel_False()
    {
        Assert.False(CoverageLevels.TryParse("DO", out _));
    }

    [Theory]
    [InlineData(CoverageLevel.RC, "RC")]
    [InlineData(CoverageLevel.RC_PP, "RC+PP")]
    [InlineData(CoverageLevel.RC_PP_DO, "RC+PP+DO")]
    public void DisplayName_Level_AsTheBrochureWritesIt(CoverageLevel level, string expected)
    {
        Assert.Equal(expected, level.DisplayName());
    }
}
