using System.Diagnostics.CodeAnalysis;

namespace CmcmActors.Domain.Payments;

/// <summary>
/// A business identifier code (ISO 9362, "BIC" or "SWIFT code"): 4 letters or digits for the institution, 2 letters for a
/// known country, 2 letters or digits for the location, and optionally 3 letters or digits for the branch; 8 or 11 in
/// all (the pattern of the pain.001 <c>BICFI</c> element). Stored upper case without spaces.
/// </summary>
public sealed record Bic
{
    private Bic(string value) => Value = value;

    public string Value { get; }

    public string CountryCode => Value.Substring(4, 2);

    public override string ToString() => Value;

    /// <summary>Reads a BIC as typed (any case, spaces around or inside accepted); <paramref name="refusal"/> says why not.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Bic? bic, [NotNullWhen(false)] out string? refusal)
    {
        bic = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            refusal = "empty";
            return false;
        }

        var value = text.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        refusal = Check(value);
        if (refusal is not null)
        {
            return false;
        }

        bic = new Bic(value);
        return true;
    }

    /// <summary>Reads a BIC that must be valid (configuration, stored data); throws <see cref="ArgumentException"/> with the reason.</summary>
    public static Bic Parse(string text) =>
        TryParse(text, out var bic, out var refusal) ? bic : throw new ArgumentException($"Invalid BIC: {refusal}.", nameof(text));

    private static string? Check(string value)
    {
        if (value.Length is not (8 or 11))
        {
            return $"length {value.Length}, a BIC has 8 or 11 characters";
        }

        if (!value.All(char.IsAsciiLetterOrDigit))
        {
            return "only letters and digits are allowed";
        }

        var country = value.Substring(4, 2);
        if (!char.IsAsciiLetter(country[0]) || !char.IsAsciiLetter(country[1]))
        {
            return "characters 5 and 6 are the country and must be letters";
        }

        if (!CountryCodes.IsKnown(country))
        {
            return $"{country} is not a known country";
        }

        return null;
    }
}
