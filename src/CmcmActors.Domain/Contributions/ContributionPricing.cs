using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;

namespace CmcmActors.Domain.Contributions;

/// <summary>Yearly base price of each level. The sources give no prices, so they are configuration.</summary>
public sealed record ContributionPrices(IReadOnlyDictionary<int, IReadOnlyDictionary<CoverageLevel, Money.Money>> ByYear)
{
    public Money.Money? For(int year, CoverageLevel level) =>
        ByYear.TryGetValue(year, out var levels) && levels.TryGetValue(level, out var price) ? price : null;
}

public sealed record ContributionQuote(Money.Money BasePrice, Money.Money Discount, Money.Money Due, string Explanation);

public static class ContributionPricing
{
    public const decimal YoungSingleDiscountRate = 0.10m;
    public const int YoungSingleAgeLimit = 30;

    /// <summary>
    /// Decision "young single discount" (spec, section 6): a main affiliate with no co-affiliate who is under 30 on
    /// 1 January of the contribution year gets 10% off every cover.
    /// </summary>
    public static bool QualifiesForYoungSingleDiscount(DateOnly mainAffiliateBirthDate, bool hasCoAffiliates, int year) =>
        !hasCoAffiliates && Age.InYears(mainAffiliateBirthDate, new DateOnly(year, 1, 1)) < YoungSingleAgeLimit;

    /// <param name="exemptYear">True for a former co-affiliate in the year he or she lost that status and the next.</param>
    public static ContributionQuote Quote(ContributionPrices prices, CoverageLevel level, int year, DateOnly mainAffiliateBirthDate, bool hasCoAffiliates, bool exemptYear = false)
    {
        var price = prices.For(year, level)
            ?? throw new InvalidOperationException($"No contribution price configured for {level.DisplayName()} in {year}.");
        if (exemptYear)
        {
            return new(price, price, Money.Money.Zero, "No contribution: former co-affiliate, year of losing that status or the next.");
        }

        if (QualifiesForYoungSingleDiscount(mainAffiliateBirthDate, hasCoAffiliates, year))
        {
            var discount = price.Times(YoungSingleDiscountRate);
            return new(price, discount, price - discount, "10% young-single discount (single main affiliate under 30).");
        }

        return new(price, Money.Money.Zero, price, "Base price; co-affiliates pay nothing extra.");
    }
}
