using CmcmActors.Domain.Affiliation;
using static CmcmActors.Domain.Tests.Support.Dates;

namespace CmcmActors.Domain.Tests.Affiliation;

/// <summary>Decision "late co-affiliate": a member added after the tier started waits the first-time 3 months from his or her own start.</summary>
public sealed class LateCoAffiliateWaitingTests
{
    [Theory]
    [InlineData(EnrolmentReason.FormerCoAffiliate, Tier.RC, "2027-02-28", TierCoverageStatus.InWaitingPeriod, "2027-03-01")]
    [InlineData(EnrolmentReason.FormerCoAffiliate, Tier.RC, "2027-03-01", TierCoverageStatus.Covered, null)]
    [InlineData(EnrolmentReason.Readmission, Tier.DO, "2027-02-28", TierCoverageStatus.InWaitingPeriod, "2027-03-01")]
    [InlineData(EnrolmentReason.Readmission, Tier.DO, "2027-03-01", TierCoverageStatus.Covered, null)]
    public void Decision_LateCoAffiliate_WaitsFirstTimeMonthsWhateverTheFamilysSpell(EnrolmentReason familyReason, Tier tier, string care, TierCoverageStatus status, string? firstCovered)
    {
        // Family started 2026-04-01; the co-affiliate was added in November 2026, own start 2026-12-01.
        var affiliation = FamilyAffiliation.Enrol(D("2026-03-10"), CoverageLevel.RC_PP_DO, familyReason);

        var result = TierCoverage.Check(affiliation.Spells, D("2026-12-01"), tier, D(care));

        Assert.Equal(new TierCoverageResult(status, OptionalD(firstCovered)), result);
    }

    [Fact]
    public void FoundingMember_OfAnExemptFamily_HasNoWaitingPeriod()
    {
        var affiliation = FamilyAffiliation.Enrol(D("2026-03-10"), CoverageLevel.RC, EnrolmentReason.FormerCoAffiliate);

        Assert.Equal(new TierCoverageResult(TierCoverageStatus.Covered, null), TierCoverage.Check(affiliation.Spells, null, Tier.RC, D("2026-04-01")));
    }
}
