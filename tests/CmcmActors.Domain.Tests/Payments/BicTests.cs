using CmcmActors.Domain.Payments;

namespace CmcmActors.Domain.Tests.Payments;

/// <summary>ISO 9362: 4 letters/digits, 2-letter known country, 2 letters/digits, optional 3-character branch.</summary>
public sealed class BicTests
{
    [Theory]
    [InlineData("BCEELULL", "LU")]
    [InlineData("bgllLULL", "LU")]
    [InlineData("CCRALULL", "LU")]
    [InlineData("DEUTDEFF500", "DE")]
    [InlineData("BNPAFRPP", "FR")]
    [InlineData("GEBABEBB", "BE")]
    [InlineData("ABNANL2A", "NL")]
    [InlineData("DEUT DE FF XXX", "DE")]
    public void TryParse_RealBic_IsAcceptedUpperCase(string typed, string country)
    {
        Assert.True(Bic.TryParse(typed, out var bic, out var refusal), refusal);
        Assert.Equal(typed.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant(), bic.Value);
        Assert.Equal(country, bic.CountryCode);
    }

    [Theory]
    [InlineData("BCEELU", "length 6, a BIC has 8 or 11 characters")]
    [InlineData("BCEELULL1", "length 9, a BIC has 8 or 11 characters")]
    [InlineData("BCEELULL12345", "length 13, a BIC has 8 or 11 characters")]
    [InlineData("BCEE1ULL", "characters 5 and 6 are the country and must be letters")]
    [InlineData("BCEEXXLL", "XX is not a known country")]
    [InlineData("BCEE-ULL", "only letters and digits are allowed")]
    [InlineData("", "empty")]
    public void TryParse_Malformed_SaysWhy(string typed, string expected)
    {
        Assert.False(Bic.TryParse(typed, out _, out var refusal));
        Assert.Equal(expected, refusal);
    }

    [Fact]
    public void CountryCodes_AreIsoListAndKosovo()
    {
        Assert.Equal(250, CountryCodes.Count);
        Assert.True(CountryCodes.IsKnown("XK"));
        Assert.False(CountryCodes.IsKnown("EU"));
    }
}
