using CmcmActors.Domain.Money;
using CmcmActors.Host.MemberSpace;

namespace CmcmActors.Host.Tests.MemberSpace;

/// <summary>The server writes amounts and dates as the pages do (js/i18n.js money and date).</summary>
public sealed class PageWordsTests
{
    [Theory]
    [InlineData("fr", 130000, "1\u00a0300,00\u00a0€")]
    [InlineData("de", 130000, "1\u00a0300,00\u00a0€")]
    [InlineData("en", 130000, "€1,300.00")]
    [InlineData("fr", 5, "0,05\u00a0€")]
    [InlineData("en", 123456789, "€1,234,567.89")]
    [InlineData("fr", 123456789, "1\u00a0234\u00a0567,89\u00a0€")]
    [InlineData("en", -4000, "−€40.00")]
    [InlineData("de", -4000, "−40,00\u00a0€")]
    [InlineData("en", 0, "€0.00")]
    public void Money_AsThePagesWriteIt(string language, long cents, string expected) => Assert.Equal(expected, PageWords.Money(language, new Money(cents)));

    [Fact]
    public void Date_DayMonthYear() => Assert.Equal("05/01/2026", PageWords.Date(new DateOnly(2026, 1, 5)));

    [Fact]
    public void T_KeyMissingInALanguage_EnglishWords_AndPlaceholdersFilled()
    {
        var words = new PageWords(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["fr"] = new Dictionary<string, string> { ["a"] = "Bonjour {name}" },
            ["de"] = new Dictionary<string, string>(),
            ["en"] = new Dictionary<string, string> { ["a"] = "Hello {name}", ["b"] = "Only {n} in English" },
        });

        Assert.Equal(("Bonjour Élise", "Only 2 in English", "Hello {name}", "missing.key"),
            (words.T("fr", "a", ("name", "Élise")), words.T("de", "b", ("n", "2")), words.T("de", "a"), words.T("fr", "missing.key")));
    }
}
