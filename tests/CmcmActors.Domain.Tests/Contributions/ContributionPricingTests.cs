using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Contributions;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Contributions;

/// <summary>Contribution quote (spec, section 6): prices are configuration; a single main affiliate under 30 gets 10% off.</summary>
public sealed class ContributionPricingTests
{
    private static readonly ContributionPrices Prices = new(new Dictionary<int, IReadOnlyDictionary<CoverageLevel, M>>
    {
        [2026] = new Dictionary<CoverageLevel, M> { [CoverageLevel.RC] = Eur(123.45m), [CoverageLevel.RC_PP] = Eur(300.00m) },
        [2027] = new Dictionary<CoverageLevel, M> { [CoverageLevel.RC] = Eur(130.00m) },
    });

    [Fact]
    public void Quote_SingleMainAffiliateUnder30_TenPercentOffRoundedHalfAwayFromZero()
    {
        var quote = ContributionPricing.Quote(Prices, CoverageLevel.RC, 2026, D("2000-03-01"), hasCoAffiliates: false);

        Assert.Equal(Eur(123.45m), quote.BasePrice);
        Assert.Equal(Eur(12.35m), quote.Discount);   // 12.345 → 12.35
        Assert.Equal(Eur(111.10m), quote.Due);
    }

    [Fact]
    public void Quote_SingleMainAffiliateUnder30OnRcPp_ThirtyOff()
    {
        var quote = ContributionPricing.Quote(Prices, CoverageLevel.RC_PP, 2026, D("2000-03-01"), hasCoAffiliates: false);

        Assert.Equal((Eur(300.00m), Eur(30.00m), Eur(270.00m)), (quote.BasePrice, quote.Discount, quote.Due));
    }

    [Fact]
    public void Quote_MainAffiliateUnder30WithCoAffiliates_NoDiscount()
    {
        var quote = ContributionPricing.Quote(Prices, CoverageLevel.RC, 2026, D("2000-03-01"), hasCoAffiliates: true);

        Assert.Equal((M.Zero, Eur(123.45m)), (quote.Discount, quote.Due));
    }

    [Fact]
    public void Quote_Single30OrOlder_NoDiscount()
    {
        var quote = ContributionPricing.Quote(Prices, CoverageLevel.RC, 2026, D("1990-03-01"), hasCoAffiliates: false);

        Assert.Equal((M.Zero, Eur(123.45m)), (quote.Discount, quote.Due));
    }

    // Decision "young single discount": age on 1 January of the contribution year.
    [Theory]
    [InlineData("1996-06-15", 2026, true)]    // 29 on 1 January 2026, turns 30 in June: discount all year
    [InlineData("1996-01-02", 2026, true)]    // turns 30 on 2 January
    [InlineData("1996-01-01", 2026, false)]   // 30 on 1 January
    [InlineData("1996-06-15", 2027, false)]
    public void Decision_YoungSingleDiscount_AgeOnFirstJanuary(string birth, int year, bool expected)
    {
        Assert.Equal(expected, ContributionPricing.QualifiesForYoungSingleDiscount(D(birth), hasCoAffiliates: false, year));
    }

    [Fact]
    public void Quote_ExemptYearOfFormerCoAffiliate_NothingDue()
    {
        var quote = ContributionPricing.Quote(Prices, CoverageLevel.RC, 2027, D("1990-03-01"), hasCoAffiliates: false, exemptYear: true);

        Assert.Equal((Eur(130.00m), Eur(130.00m), M.Zero), (quote.BasePrice, quote.Discount, quote.Due));
    }

    [Fact]
    public void Quote_NoPriceConfiguredForLevelAndYear_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ContributionPricing.Quote(Prices, CoverageLevel.RC_PP_DO, 2026, D("1990-03-01"), false));

        Assert.Equal("No contribution price configured for RC+PP+DO in 2026.", error.Message);
    }

    [Fact]
    public void Prices_ByYear_EachYearItsOwn()
    {
        Assert.Equal(Eur(123.45m), Prices.For(2026, CoverageLevel.RC));
        Assert.Equal(Eur(130.00m), Prices.For(2027, CoverageLevel.RC));
        Assert.Null(Prices.For(2028, CoverageLevel.RC));
    }
}
