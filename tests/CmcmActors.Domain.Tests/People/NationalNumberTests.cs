using CmcmActors.Domain.People;

namespace CmcmActors.Domain.Tests.People;

public sealed class NationalNumberTests
{
    // 1893120105732: the example of the lux-utils library's documentation (born 1893-12-01, serial 057, Luhn 3, Verhoeff 2).
    [Theory]
    [InlineData("1893120105732", "1893120105732")]
    [InlineData("1893 1201 057 32", "1893120105732")]
    public void Parse_ValidNumber_GivesTheThirteenDigits(string text, string expected)
    {
        var (number, error) = NationalNumber.Parse(text);
        Assert.Null(error);
        Assert.Equal(expected, number);
    }

    [Fact]
    public void CheckDigits_OfTheFirstElevenDigits_AreLuhnThenVerhoeff()
    {
        Assert.Equal(3, NationalNumber.LuhnCheckDigit("18931201057"));
        Assert.Equal(2, NationalNumber.VerhoeffCheckDigit("18931201057"));
        // The textbook Verhoeff example: 236 → 3; and Luhn's: 7992739871 → 3.
        Assert.Equal(3, NationalNumber.VerhoeffCheckDigit("236"));
        Assert.Equal(3, NationalNumber.LuhnCheckDigit("7992739871"));
    }

    [Theory]
    [InlineData("1893120105733", "The check digits do not match: a digit was mistyped.")]   // Verhoeff digit wrong
    [InlineData("1893120105722", "The check digits do not match: a digit was mistyped.")]   // Luhn digit wrong
    [InlineData("1893120105832", "The check digits do not match: a digit was mistyped.")]   // a body digit mistyped
    [InlineData("189312010573", "A national number has 13 digits (birth date YYYYMMDD, 3 digits, 2 check digits).")]
    [InlineData("18931201057321", "A national number has 13 digits (birth date YYYYMMDD, 3 digits, 2 check digits).")]
    [InlineData("18931201O5732", "A national number has 13 digits (birth date YYYYMMDD, 3 digits, 2 check digits).")]
    [InlineData("1893-12-01-057", "A national number has 13 digits (birth date YYYYMMDD, 3 digits, 2 check digits).")]
    [InlineData("", "Required.")]
    public void Parse_InvalidNumber_SaysWhy(string text, string expected)
    {
        var (number, error) = NationalNumber.Parse(text);
        Assert.Null(number);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Parse_NotADateOfBirth_IsRefusedEvenWithMatchingCheckDigits()
    {
        var body = "19801332123";   // month 13
        var text = body + NationalNumber.LuhnCheckDigit(body) + NationalNumber.VerhoeffCheckDigit(body);
        Assert.Equal("The first 8 digits are not a date of birth (YYYYMMDD): 19801332.", NationalNumber.Parse(text).Error);
    }

    [Fact]
    public void Check_NumberOfAnotherBirthDate_IsRefusedAtTheNationalNumber()
    {
        var (person, errors) = PersonValidation.Check("Kieffer", "Paul", "1893120105732", new DateOnly(1961, 7, 24));
        Assert.Null(person);
        Assert.Equal([("nationalNumber", "The number starts with the birth date 1893-12-01, not 1961-07-24.")], errors);
    }

    [Fact]
    public void Check_NamesAndNumber_GivesThePerson()
    {
        var (person, errors) = PersonValidation.Check("  Müller ", "Élise", "1893 1201 05732", new DateOnly(1893, 12, 1));
        Assert.Empty(errors);
        Assert.Equal(new Person("Müller", "Élise", "1893120105732"), person);
        Assert.Equal("muller elise", person!.SearchName);
    }

    [Fact]
    public void Check_MissingNamesAndControlCharacters_NameEachField()
    {
        var (_, errors) = PersonValidation.Check("", "A\u0000b", null, null);
        Assert.Equal([("surname", "Required."), ("givenNames", "A name has no control characters.")], errors);
    }

    [Theory]
    [InlineData("Müller-Schmit  Élise", "muller-schmit elise")]
    [InlineData("STRAßE", "strasse")]
    [InlineData("  Gaëlle   Œuvray ", "gaelle oeuvray")]
    public void Fold_IgnoresCaseAccentsAndExtraSpaces(string text, string expected) => Assert.Equal(expected, SearchText.Fold(text));
}
