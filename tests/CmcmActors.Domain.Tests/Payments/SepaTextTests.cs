using CmcmActors.Domain.Payments.Sepa;

namespace CmcmActors.Domain.Tests.Payments;

/// <summary>SEPA Latin character set: each transliteration rule of <see cref="SepaText"/>.</summary>
public sealed class SepaTextTests
{
    [Theory]
    [InlineData("Hélène Lefèvre-Çaglar", "Helene Lefevre-Caglar")]
    [InlineData("Ñuñez Åström", "Nunez Astroem")]
    [InlineData("Søren Łukasz", "Soren Lukasz")]
    public void Transliterate_AccentedLetters_LoseTheirAccent(string text, string expected)
    {
        Assert.Equal(expected, SepaText.Transliterate(text, 70));
    }

    [Fact]
    public void Transliterate_GermanUmlauts_BecomeTwoLetters()
    {
        Assert.Equal("Mueller Kaethe Oestreich Uebel", SepaText.Transliterate("Müller Käthe Östreich Übel", 70));
    }

    [Fact]
    public void Transliterate_SharpSAndLigatures_Split()
    {
        Assert.Equal("Strasse Caesar Oeuvre", SepaText.Transliterate("Straße Cæsar Œuvre", 70));
    }

    [Fact]
    public void Transliterate_QuotesDashesAmpersand_BecomeTheirSepaKin()
    {
        Assert.Equal("Clinique l'Espoir - Dupont + Fils 'A'", SepaText.Transliterate("Clinique l’Espoir – Dupont & Fils “A”", 70));
    }

    [Fact]
    public void Transliterate_OtherCharacters_BecomeSpace()
    {
        Assert.Equal("jean paul example.lu 12 EUR", SepaText.Transliterate("jean_paul@example.lu #12 €EUR", 70));
    }

    [Fact]
    public void Transliterate_AllowedPunctuation_IsKept()
    {
        Assert.Equal("a/b-c?d:(e).f,g'h+i", SepaText.Transliterate("a/b-c?d:(e).f,g'h+i", 70));
    }

    [Fact]
    public void Transliterate_SpacesAndLineBreaks_CollapseAndTrim()
    {
        Assert.Equal("A B C", SepaText.Transliterate("  A \r\n\t B    C  ", 70));
    }

    [Fact]
    public void Transliterate_TooLong_CutsAtLastSpaceWithinLimit()
    {
        Assert.Equal("Claims C-1 C-2", SepaText.Transliterate("Claims C-1 C-2 C-3", 16));
    }

    [Fact]
    public void Transliterate_TooLongEndingOnWordBoundary_KeepsWholeLastWord()
    {
        Assert.Equal("Claims C-1 C-2", SepaText.Transliterate("Claims C-1 C-2 C-3", 14));
    }

    [Fact]
    public void Transliterate_FirstWordLongerThanLimit_CutsHard()
    {
        Assert.Equal("Abcdefghij", SepaText.Transliterate("Abcdefghijklmnop qr", 10));
    }

    [Fact]
    public void Transliterate_ExpansionAtLimit_CountsTheExpandedLength()
    {
        // ß becomes two letters: the limit applies to what is written.
        Assert.Equal("Gross", SepaText.Transliterate("Groß Hans", 6));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@@@ ###")]
    [InlineData("東京")]
    public void Transliterate_NothingWritable_IsEmpty(string? text)
    {
        Assert.Equal(string.Empty, SepaText.Transliterate(text, 70));
    }

    [Theory]
    [InlineData("PAY-0001", true)]
    [InlineData("3f2504e04f8911d39a0c0305e82c3301", true)]
    [InlineData("12345678901234567890123456789012345", true)]
    [InlineData("123456789012345678901234567890123456", false)]
    [InlineData("PAY 0001", false)]
    [InlineData("/PAY", false)]
    [InlineData("PAY/", false)]
    [InlineData("PAY//1", false)]
    [InlineData("PAY_1", false)]
    [InlineData("", false)]
    public void IsIdentifier_SepaIdRules(string id, bool expected)
    {
        Assert.Equal(expected, SepaText.IsIdentifier(id));
    }
}
