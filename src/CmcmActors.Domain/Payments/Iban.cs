using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CmcmActors.Domain.Payments;

/// <summary>
/// An international bank account number (ISO 13616) in electronic form: upper case, no spaces, its country in the IBAN
/// registry, the registry's length for that country and a valid mod-97 check (ISO 7064). Only <see cref="TryParse"/>
/// makes one, so an <see cref="Iban"/> is always valid.
/// </summary>
public sealed record Iban
{
    private Iban(string value) => Value = value;

    /// <summary>Electronic form, e.g. <c>LU280019400644750000</c>.</summary>
    public string Value { get; }

    public string CountryCode => Value[..2];

    /// <summary>What a member or a screen may show: the last four characters only, e.g. <c>****0000</c>.</summary>
    public string Masked => Mask(Value);

    /// <summary>Paper form in groups of four, e.g. <c>LU28 0019 4006 4475 0000</c>.</summary>
    public string ToPrintString()
    {
        var builder = new StringBuilder(Value.Length + Value.Length / 4);
        for (var i = 0; i < Value.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                builder.Append(' ');
            }

            builder.Append(Value[i]);
        }

        return builder.ToString();
    }

    public override string ToString() => Value;

    /// <summary><c>****</c> and the last four characters of <paramref name="iban"/> (electronic form).</summary>
    public static string Mask(string iban) => iban.Length <= 4 ? "****" : "****" + iban[^4..];

    /// <summary>
    /// Reads <paramref name="text"/> as typed by a person: spaces anywhere and any case are accepted. On refusal,
    /// <paramref name="refusal"/> says why in plain words ("length 21, a LU IBAN has 20", "check digits wrong").
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Iban? iban, [NotNullWhen(false)] out string? refusal)
    {
        iban = null;
        refusal = Check(text, out var electronic);
        if (refusal is not null)
        {
            return false;
        }

        iban = new Iban(electronic);
        return true;
    }

    /// <summary>Reads an IBAN that must be valid (configuration, stored data); throws <see cref="ArgumentException"/> with the reason.</summary>
    public static Iban Parse(string text) =>
        TryParse(text, out var iban, out var refusal) ? iban : throw new ArgumentException($"Invalid IBAN: {refusal}.", nameof(text));

    private static string? Check(string? text, out string electronic)
    {
        electronic = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "empty";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is ' ' or '\u00A0' or '\t')
            {
                continue;
            }

            if (!char.IsAsciiLetterOrDigit(c))
            {
                return $"only letters and digits are allowed, found '{c}'";
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        electronic = builder.ToString();
        if (electronic.Length < 4 || !char.IsAsciiLetter(electronic[0]) || !char.IsAsciiLetter(electronic[1])
            || !char.IsAsciiDigit(electronic[2]) || !char.IsAsciiDigit(electronic[3]))
        {
            return "an IBAN starts with two letters (the country) and two check digits";
        }

        var country = electronic[..2];
        if (IbanRegistry.LengthOf(country) is not { } length)
        {
            return $"{country} is not a country of the IBAN registry";
        }

        if (electronic.Length != length)
        {
            return $"length {electronic.Length}, a {country} IBAN has {length}";
        }

        var checkDigits = (electronic[2] - '0') * 10 + (electronic[3] - '0');
        if (checkDigits is < 2 or > 98 || Mod97(electronic) != 1)
        {
            return "check digits wrong";
        }

        return null;
    }

    /// <summary>ISO 7064 MOD 97-10 of the IBAN with its first four characters moved to the end, letters as 10..35.</summary>
    private static int Mod97(string electronic)
    {
        var remainder = 0;
        for (var i = 0; i < electronic.Length; i++)
        {
            var c = electronic[(i + 4) % electronic.Length];
            remainder = char.IsAsciiDigit(c)
                ? (remainder * 10 + (c - '0')) % 97
                : (remainder * 100 + (c - 'A' + 10)) % 97;
        }

        return remainder;
    }
}
