using CmcmActors.Domain.Catalogue;

namespace CmcmActors.Domain.Tests.Catalogue;

/// <summary>When an edition may be published and withdrawn, and what an edition may be called.</summary>
public sealed class PublicationTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("2207-01-01")]
    [InlineData("2028-12-07")]
    public void PublicationHorizon_DateBeyondTwoYears_RefusedNamingEffectiveFrom(string date)
    {
        var refused = Publication.Refusal(CatalogueSet.BuiltIn, "cmcm-2027", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Today, Publication.DefaultHorizon);

        Assert.Equal(("effectiveFrom", false), (refused!.Field, refused.Conflict));
        Assert.Equal($"{date} is beyond the publication horizon: an edition is published for 2028-12-06 at the latest (730 days from today).", refused.Message);
    }

    [Fact]
    public void PublicationHorizon_LastDayOfTheHorizon_Accepted_AndAShorterHorizonRefusesIt()
    {
        // 730 days from 2026-12-07 (2028 has a 29 February): 2028-12-06.
        Assert.Null(Publication.Refusal(CatalogueSet.BuiltIn, "cmcm-2028", new DateOnly(2028, 12, 6), Today, Publication.DefaultHorizon));
        Assert.Equal("effectiveFrom", Publication.Refusal(CatalogueSet.BuiltIn, "cmcm-2028", new DateOnly(2028, 12, 6), Today, TimeSpan.FromDays(365))!.Field);
        Assert.Equal(new DateOnly(2027, 12, 7), Publication.LatestDate(Today, TimeSpan.FromDays(365)));
    }

    [Fact]
    public void Withdrawal_EditionNotYetInForce_Allowed_WithAReason()
    {
        Assert.Null(Publication.WithdrawalRefusal(Today.AddDays(1), Today, "typo: 9999 for 2027"));
        Assert.Equal(("reason", false), (Publication.WithdrawalRefusal(Today.AddDays(1), Today, " ")!.Field, Publication.WithdrawalRefusal(Today.AddDays(1), Today, null)!.Conflict));
    }

    [Fact]
    public void Withdrawal_EditionInForceFromToday_RefusedAsAConflict()
    {
        var refused = Publication.WithdrawalRefusal(Today, Today, "too late");

        Assert.Equal(("edition", true), (refused!.Field, refused.Conflict));
    }

    [Theory]
    [InlineData("cmcm-2027-01-01 (janvier)")]
    [InlineData("Édition 2027 — révisée")]
    public void EditionName_PlainText_Accepted(string name) => Assert.Null(EditionName.Problem(name));

    [Theory]
    [InlineData("<script>alert(1)</script>", "holds markup ('<', '>' or '&')")]
    [InlineData("2027 & co", "holds markup ('<', '>' or '&')")]
    [InlineData("2027\0", "holds a control, format or invisible character (U+0000)")]
    [InlineData("2027\u202Eevil", "holds a control, format or invisible character (U+202E)")]
    [InlineData("2027\u200B", "holds a control, format or invisible character (U+200B)")]
    [InlineData("20\n27", "holds a control, format or invisible character (U+000A)")]
    [InlineData(" 2027", "starts or ends with a space")]
    public void EditionName_MarkupControlOrBidi_RefusedSayingWhy(string name, string problem) => Assert.Equal(problem, EditionName.Problem(name));

    [Fact]
    public void EditionName_LongerThan64_Refused_AndTheLoaderRefusesTheDraft()
    {
        var name = new string('x', 10_000);

        Assert.Equal("is longer than 64 characters", EditionName.Problem(name));
        Assert.Null(EditionName.Problem(new string('x', 64)));
        var refused = Assert.Throws<CatalogueException>(() => CatalogueLoader.Parse(Support.TestCatalogues.File(Support.TestCatalogues.Benefit(), edition: name), "draft"));
        Assert.Equal(["edition is longer than 64 characters"], refused.Errors);
    }
}
