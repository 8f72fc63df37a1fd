using System.Globalization;

namespace CmcmActors.Domain.People;

/// <summary>
/// The Luxembourg national identification number of a person (matricule): 13 digits, the birth date as YYYYMMDD, a
/// 3-digit serial, then two check digits computed over the first 11 digits: the 12th by Luhn (mod 10), the 13th by
/// Verhoeff. Spaces a person types between groups are ignored; nothing else is.
/// </summary>
public static class NationalNumber
{
    public const int Length = 13;

    /// <summary>The number as 13 digits, or the reason it is not one, in words for the person who typed it.</summary>
    public static (string? Number, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "Required.");
        }

        var digits = text.Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length != Length || !digits.All(char.IsAsciiDigit))
        {
            return (null, "A national number has 13 digits (birth date YYYYMMDD, 3 digits, 2 check digits).");
        }

        if (BirthDate(digits) is null)
        {
            return (null, $"The first 8 digits are not a date of birth (YYYYMMDD): {digits[..8]}.");
        }

        var body = digits[..11];
        if (digits[11] - '0' != LuhnCheckDigit(body) || digits[12] - '0' != VerhoeffCheckDigit(body))
        {
            return (null, "The check digits do not match: a digit was mistyped.");
        }

        return (digits, null);
    }

    /// <summary>The date of birth the number starts with; null when its first 8 digits are not a date.</summary>
    public static DateOnly? BirthDate(string number) =>
        number.Length >= 8 && DateOnly.TryParseExact(number[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>The Luhn (mod 10) check digit of <paramref name="digits"/>: the rightmost digit of the body is doubled.</summary>
    public static int LuhnCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (10 - (sum % 10)) % 10;
    }

    private static readonly byte[,] VerhoeffMultiplication =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 }, { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
        { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 }, { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
        { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 }, { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
        { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
    };

    private static readonly byte[,] VerhoeffPermutation =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 }, { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
        { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 }, { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
        { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
    };

    private static readonly byte[] VerhoeffInverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

    /// <summary>The Verhoeff check digit of <paramref name="digits"/> (dihedral group D5).</summary>
    public static int VerhoeffCheckDigit(string digits)
    {
        var c = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            c = VerhoeffMultiplication[c, VerhoeffPermutation[(i + 1) % 8, d]];
        }

        return VerhoeffInverse[c];
    }
}
