using System.Globalization;
using System.Text.Json.Serialization;

namespace CmcmActors.Domain.Money;

/// <summary>
/// An amount in euro cents. Every computed amount is rounded once, half away from zero (spec, section 1).
/// </summary>
[JsonConverter(typeof(MoneyJsonConverter))]
public readonly record struct Money(long Cents) : IComparable<Money>
{
    public static readonly Money Zero = new(0);

    public static Money FromEuros(decimal euros)
    {
        var cents = euros * 100m;
        if (cents != decimal.Truncate(cents))
        {
            throw new ArgumentException($"{euros} has more than two decimals.", nameof(euros));
        }

        return new Money((long)cents);
    }

    public decimal Euros => Cents / 100m;

    public bool IsNegative => Cents < 0;

    public bool IsZero => Cents == 0;

    /// <summary>This amount times <paramref name="rate"/>, rounded half away from zero to the cent.</summary>
    public Money Times(decimal rate) => new((long)Math.Round(Cents * rate, MidpointRounding.AwayFromZero));

    public Money Times(int units) => new(checked(Cents * units));

    public static Money Min(Money a, Money b) => a.Cents <= b.Cents ? a : b;

    public static Money Max(Money a, Money b) => a.Cents >= b.Cents ? a : b;

    public static Money operator +(Money a, Money b) => new(checked(a.Cents + b.Cents));

    public static Money operator -(Money a, Money b) => new(checked(a.Cents - b.Cents));

    public static Money operator -(Money a) => new(-a.Cents);

    public static bool operator <(Money a, Money b) => a.Cents < b.Cents;

    public static bool operator >(Money a, Money b) => a.Cents > b.Cents;

    public static bool operator <=(Money a, Money b) => a.Cents <= b.Cents;

    public static bool operator >=(Money a, Money b) => a.Cents >= b.Cents;

    public int CompareTo(Money other) => Cents.CompareTo(other.Cents);

    /// <summary>Invariant "1234.50" form, as used in files and JSON.</summary>
    public override string ToString() => Euros.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>"€1,234.50", for people. Formatted by hand: this runs several times for every adjudicated line.</summary>
    public string ToDisplayString()
    {
        Span<char> buffer = stackalloc char[32];
        var pos = buffer.Length;
        var value = Cents < 0 ? -(decimal)Cents : Cents;
        var abs = (ulong)value;
        var fraction = abs % 100;
        var whole = abs / 100;
        buffer[--pos] = (char)('0' + (int)(fraction % 10));
        buffer[--pos] = (char)('0' + (int)(fraction / 10));
        buffer[--pos] = '.';
        var digits = 0;
        do
        {
            if (digits > 0 && digits % 3 == 0)
            {
                buffer[--pos] = ',';
            }

            buffer[--pos] = (char)('0' + (int)(whole % 10));
            whole /= 10;
            digits++;
        }
        while (whole > 0);
        buffer[--pos] = '€';
        if (Cents < 0)
        {
            buffer[--pos] = '-';
        }

        return new string(buffer[pos..]);
    }
}
