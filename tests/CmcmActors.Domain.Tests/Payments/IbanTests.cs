using CmcmActors.Domain.Payments;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CmcmActors.Domain.Tests.Payments;

/// <summary>ISO 13616: registry country, its length, mod-97 check; typed form accepted, electronic form kept.</summary>
public sealed class IbanTests
{
    [Theory]
    [InlineData("LU28 0019 4006 4475 0000", "LU280019400644750000")]
    [InlineData("DE89 3704 0044 0532 0130 00", "DE89370400440532013000")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606")]
    [InlineData("BE68 5390 0754 7034", "BE68539007547034")]
    [InlineData("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300")]
    [InlineData("GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819")]
    [InlineData("CH93 0076 2011 6238 5295 7", "CH9300762011623852957")]
    [InlineData("NO93 8601 1117 947", "NO9386011117947")]
    [InlineData("MT84 MALT 0110 0001 2345 MTLC AST0 01S", "MT84MALT011000012345MTLCAST001S")]
    public void TryParse_RealIbanInPaperForm_KeepsElectronicForm(string typed, string electronic)
    {
        Assert.True(Iban.TryParse(typed, out var iban, out var refusal), refusal);
        Assert.Equal(electronic, iban.Value);
    }

    [Fact]
    public void TryParse_LowerCaseAndIrregularSpaces_AreAccepted()
    {
        Assert.True(Iban.TryParse("  nl91abna 04171643 00 ", out var iban, out _));
        Assert.Equal("NL91ABNA0417164300", iban.Value);
        Assert.Equal("NL", iban.CountryCode);
    }

    [Fact]
    public void TryParse_OneDigitMissing_SaysLengthAndCountryLength()
    {
        Assert.False(Iban.TryParse("LU28 0019 4006 4475 000", out _, out var refusal));
        Assert.Equal("length 19, a LU IBAN has 20", refusal);
    }

    [Fact]
    public void TryParse_OneDigitTooMany_SaysLengthAndCountryLength()
    {
        Assert.False(Iban.TryParse("DE89 3704 0044 0532 0130 001", out _, out var refusal));
        Assert.Equal("length 23, a DE IBAN has 22", refusal);
    }

    [Theory]
    [InlineData("LU29 0019 4006 4475 0000")] // check digits changed
    [InlineData("LU28 0019 4006 4475 0001")] // one account digit changed
    [InlineData("DE89 3704 0044 0532 0131 00")]
    [InlineData("BE68 5390 0754 7043")] // two digits swapped
    public void TryParse_WrongCheckDigits_SaysCheckDigitsWrong(string typed)
    {
        Assert.False(Iban.TryParse(typed, out _, out var refusal));
        Assert.Equal("check digits wrong", refusal);
    }

    [Fact]
    public void TryParse_CheckDigits01EquivalentTo98_IsRefused()
    {
        // 98 ≡ 1 (mod 97): an IBAN valid with 98 also passes mod-97 with 01, which ISO 13616 does not allow.
        var valid = FindValidWithCheckDigits98();
        Assert.True(Iban.TryParse(valid, out _, out _));
        Assert.False(Iban.TryParse(string.Concat(valid.AsSpan(0, 2), "01", valid.AsSpan(4)), out _, out var refusal));
        Assert.Equal("check digits wrong", refusal);
    }

    [Fact]
    public void TryParse_UnknownCountry_SaysNotInRegistry()
    {
        Assert.False(Iban.TryParse("US12 3456 7890 1234 5678", out _, out var refusal));
        Assert.Equal("US is not a country of the IBAN registry", refusal);
    }

    [Theory]
    [InlineData("2812 0019 4006 4475 0000")]
    [InlineData("LUAB 0019 4006 4475 0000")]
    [InlineData("LU")]
    public void TryParse_NoCountryOrCheckDigits_SaysHowAnIbanStarts(string typed)
    {
        Assert.False(Iban.TryParse(typed, out _, out var refusal));
        Assert.Equal("an IBAN starts with two letters (the country) and two check digits", refusal);
    }

    [Fact]
    public void TryParse_Punctuation_SaysOnlyLettersAndDigits()
    {
        Assert.False(Iban.TryParse("LU28-0019-4006-4475-0000", out _, out var refusal));
        Assert.Equal("only letters and digits are allowed, found '-'", refusal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_Nothing_SaysEmpty(string? typed)
    {
        Assert.False(Iban.TryParse(typed, out _, out var refusal));
        Assert.Equal("empty", refusal);
    }

    [Fact]
    public void Masked_ShowsOnlyLastFour()
    {
        Assert.Equal("****0000", Iban.Parse("LU28 0019 4006 4475 0000").Masked);
        Assert.Equal("****3000", Iban.Mask("DE89370400440532013000"));
    }

    [Fact]
    public void ToPrintString_GroupsOfFour()
    {
        Assert.Equal("FR14 2004 1010 0505 0001 3M02 606", Iban.Parse("FR1420041010050500013M02606").ToPrintString());
    }

    [Fact]
    public void Parse_Invalid_ThrowsWithReason()
    {
        var error = Assert.Throws<ArgumentException>(() => Iban.Parse("LU29 0019 4006 4475 0000"));
        Assert.StartsWith("Invalid IBAN: check digits wrong.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LU", 20)]
    [InlineData("DE", 22)]
    [InlineData("FR", 27)]
    [InlineData("BE", 16)]
    [InlineData("NL", 18)]
    [InlineData("NO", 15)]
    [InlineData("LC", 32)]
    [InlineData("RU", 33)]
    public void Registry_CountryLengths_AreTheRegistrys(string country, int length)
    {
        Assert.Equal(length, IbanRegistry.LengthOf(country));
    }

    [Fact]
    public void Registry_HasEveryRegistryCountry()
    {
        Assert.Equal(89, IbanRegistry.Count);
        Assert.Null(IbanRegistry.LengthOf("US"));
    }

    private static string FindValidWithCheckDigits98()
    {
        for (var account = 0; account < 10_000; account++)
        {
            var candidate = $"LU98001940064475{account:0000}";
            if (Iban.TryParse(candidate, out _, out _))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No LU IBAN with check digits 98 in the range.");
    }
}

/// <summary>Mod-97 against an independent computation (BigInteger), and the errors it must catch.</summary>
public sealed class IbanCheckDigitPropertyTests
{
    private static readonly Gen<string> Bban16Digits =
        Gen.ArrayOf(Gen.Choose(0, 9), 16).Select(d => string.Concat(d));

    [Property(MaxTest = 200)]
    public Property TryParse_CheckDigitsComputedIndependently_Accepted_AndAnyOneDigitChanged_Refused()
    {
        var cases = Gen.Zip(Bban16Digits, Gen.Zip(Gen.Choose(0, 15), Gen.Choose(1, 9)));
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (bban, (position, delta)) = c;
            var iban = "LU" + CheckDigits("LU", bban) + bban;
            var changedDigit = (char)('0' + (bban[position] - '0' + delta) % 10);
            var changed = "LU" + iban[2..4] + bban[..position] + changedDigit + bban[(position + 1)..];
            return Iban.TryParse(iban, out _, out _) && !Iban.TryParse(changed, out _, out var refusal) && refusal == "check digits wrong";
        });
    }

    /// <summary>ISO 13616's recipe, with arbitrary precision: 98 minus the remainder of BBAN + country as digits + "00".</summary>
    private static string CheckDigits(string country, string bban)
    {
        var digits = string.Concat((bban + country + "00").Select(ch => char.IsAsciiDigit(ch) ? ch.ToString() : (ch - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var remainder = (int)(System.Numerics.BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % 97);
        return (98 - remainder).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
    }
}
