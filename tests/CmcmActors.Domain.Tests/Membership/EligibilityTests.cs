using CmcmActors.Domain.Families;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Membership;

/// <summary>Who can join (spec, section 2; seed 002).</summary>
public sealed class EligibilityTests
{
    private static EligibilityResult Check(StatutoryInsuranceKind insurance, string country, string? region = null, bool mutual = true, bool pays18 = false) =>
        Eligibility.Check(new EligibilityFacts(mutual, pays18, insurance, new Domicile(country, region)));

    [Theory]
    [InlineData("LU")]
    [InlineData("DE")]
    [InlineData("BE")]
    [InlineData("FR")]
    [InlineData("lu")]
    public void LuxembourgFund_DomicileInLuxembourgOrANeighbour_Eligible(string country)
    {
        Assert.Equal(EligibilityResult.Eligible, Check(StatutoryInsuranceKind.LuxembourgFund, country));
    }

    [Theory]
    [InlineData("LU")]
    [InlineData("DE")]
    [InlineData("BE")]
    [InlineData("FR")]
    public void EuInstitutionsScheme_DomicileInLuxembourgOrANeighbour_Eligible(string country)
    {
        Assert.Equal(EligibilityResult.Eligible, Check(StatutoryInsuranceKind.EuInstitutions, country));
    }

    [Theory]
    [InlineData(StatutoryInsuranceKind.LuxembourgFund, "NL")]
    [InlineData(StatutoryInsuranceKind.LuxembourgFund, "IT")]
    [InlineData(StatutoryInsuranceKind.EuInstitutions, "ES")]
    public void LuxembourgOrEuScheme_DomicileFurtherAway_RefusedForDomicile(StatutoryInsuranceKind insurance, string country)
    {
        var result = Check(insurance, country);

        Assert.False(result.IsEligible);
        Assert.Equal("domicile", result.ReasonCode);
    }

    [Theory]
    [InlineData("BE", "BE-WLG")]
    [InlineData("BE", "Liège")]
    [InlineData("BE", "Liege")]
    [InlineData("BE", "BE-WLX")]
    [InlineData("BE", "Luxembourg")]
    [InlineData("BE", "Province de Luxembourg")]
    [InlineData("FR", "FR-54")]
    [InlineData("FR", "Meurthe-et-Moselle")]
    [InlineData("FR", "FR-57")]
    [InlineData("FR", "Moselle")]
    [InlineData("FR", " moselle ")]
    [InlineData("DE", "DE-RP")]
    [InlineData("DE", "Rheinland-Pfalz")]
    [InlineData("DE", "Rhineland-Palatinate")]
    [InlineData("DE", "DE-SL")]
    [InlineData("DE", "Saarland")]
    public void NeighbouringScheme_DomicileInABorderRegion_Eligible(string country, string region)
    {
        Assert.Equal(EligibilityResult.Eligible, Check(StatutoryInsuranceKind.NeighbouringCountryScheme, country, region));
    }

    [Fact]
    public void NeighbouringScheme_DomicileInLuxembourg_Eligible()
    {
        Assert.Equal(EligibilityResult.Eligible, Check(StatutoryInsuranceKind.NeighbouringCountryScheme, "LU"));
    }

    [Theory]
    [InlineData("BE", "BE-VLG")]      // Flanders
    [InlineData("BE", "BE-WNA")]      // Namur
    [InlineData("FR", "FR-67")]       // Bas-Rhin
    [InlineData("FR", "FR-55")]       // Meuse
    [InlineData("DE", "DE-NW")]       // Nordrhein-Westfalen
    [InlineData("DE", "FR-57")]       // a border region, but of another country
    [InlineData("BE", null)]          // region unknown
    [InlineData("NL", "NL-LI")]
    public void NeighbouringScheme_DomicileOutsideTheBorderRegions_RefusedForDomicile(string country, string? region)
    {
        var result = Check(StatutoryInsuranceKind.NeighbouringCountryScheme, country, region);

        Assert.False(result.IsEligible);
        Assert.Equal("domicile", result.ReasonCode);
    }

    [Fact]
    public void NotMutualist_NeitherMemberNorPayingTheContribution_RefusedFirst()
    {
        var result = Check(StatutoryInsuranceKind.LuxembourgFund, "LU", mutual: false, pays18: false);

        Assert.False(result.IsEligible);
        Assert.Equal("not-mutualist", result.ReasonCode);
    }

    [Fact]
    public void NotMemberOfAMutual_PaysTheYearlyFamilyContribution_Eligible()
    {
        Assert.Equal(EligibilityResult.Eligible, Check(StatutoryInsuranceKind.LuxembourgFund, "LU", mutual: false, pays18: true));
    }

    [Fact]
    public void NoStatutoryInsurance_DomicileInLuxembourg_RefusedForInsurance()
    {
        var result = Check(StatutoryInsuranceKind.None, "LU");

        Assert.False(result.IsEligible);
        Assert.Equal("no-statutory-insurance", result.ReasonCode);
    }

    [Fact]
    public void MutualityFamilyContribution_IsEighteenEuros()
    {
        Assert.Equal(Eur(18.00m), Eligibility.MutualityFamilyContribution);
    }
}
