using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Money;

namespace CmcmActors.Host.Api.Json;

/// <summary>Dates as yyyy-MM-dd, nothing else.</summary>
public sealed class DateOnlyJsonConverter : JsonConverter<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new JsonException("Expected a date as yyyy-MM-dd.");

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}

/// <summary>Money as a JSON number of euros with at most two decimals.</summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var euros))
        {
            throw new JsonException("Expected an amount in euros as a number.");
        }

        if (decimal.Abs(euros) > 1_000_000_000m || euros * 100m != decimal.Truncate(euros * 100m))
        {
            throw new JsonException("Expected an amount in euros with at most two decimals.");
        }

        return Money.FromEuros(euros);
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Euros);
}

/// <summary>
/// The decimals of a request (every one an amount in euros), read as they are written. A decimal holds about 28
/// significant digits, so System.Text.Json rounds 40.0000000000000000000000000000001 to 40; such a number, with a
/// non-zero digit past the second decimal that the parse rounded away, is refused here with the message of
/// <see cref="FieldErrors.Amount"/>. Numbers a decimal holds exactly (40.001) go on to <see cref="FieldErrors.Amount"/>,
/// which refuses them among the request's other mistakes. Trailing zeros (40.010) are not digits that count.
/// </summary>
public sealed class RequestDecimalJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
        {
            throw new JsonException("Expected a number.");
        }

        if (decimal.Round(value, FieldErrors.AmountDecimals) == value)
        {
            ReadOnlySpan<byte> text = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
            if (JsonNumbers.HasNonZeroDigitPast(text, FieldErrors.AmountDecimals))
            {
                throw new JsonException(FieldErrors.TooManyDecimals);
            }
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>Reads the text of a JSON number (RFC 8259: <c>-? int frac? exp?</c>) without converting it.</summary>
public static class JsonNumbers
{
    /// <summary>
    /// True when the number has a non-zero digit more than <paramref name="places"/> places after the decimal point,
    /// exponent included: 40.001 and 4.0001e1 do for 2 places; 40.010, 4001e-2 and 1e3 do not.
    /// </summary>
    public static bool HasNonZeroDigitPast(ReadOnlySpan<byte> number, int places)
    {
        var mantissaEnd = number.IndexOfAny((byte)'e', (byte)'E');
        var exponent = mantissaEnd < 0 ? 0L : Exponent(number[(mantissaEnd + 1)..]);
        var mantissa = mantissaEnd < 0 ? number : number[..mantissaEnd];
        var point = mantissa.IndexOf((byte)'.');
        var integerEnd = point < 0 ? mantissa.Length : point;
        for (var i = 0; i < mantissa.Length; i++)
        {
            var c = mantissa[i];
            if (c is < (byte)'1' or > (byte)'9')
            {
                continue;
            }

            // The digit's place after the point as written (1 = tenths; 0 or less = the integer part), moved by the exponent.
            long place = i < integerEnd ? i - integerEnd + 1 : i - integerEnd;
            if (place - exponent > places)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The exponent, saturated far beyond any place that matters.</summary>
    private static long Exponent(ReadOnlySpan<byte> text)
    {
        var negative = text.Length > 0 && text[0] == (byte)'-';
        var digits = text.Length > 0 && text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        long value = 0;
        foreach (var c in digits)
        {
            value = Math.Min(value * 10 + (c - '0'), 1_000_000_000L);
        }

        return negative ? -value : value;
    }
}

/// <summary>Levels as the brochure writes them: "RC", "RC+PP", "RC+PP+DO".</summary>
public sealed class CoverageLevelJsonConverter : JsonConverter<CoverageLevel>
{
    public override CoverageLevel Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && CoverageLevels.TryParse(reader.GetString()!, out var level)
            ? level
            : throw new JsonException("Expected a level: RC, RC+PP or RC+PP+DO.");

    public override void Write(Utf8JsonWriter writer, CoverageLevel value, JsonSerializerOptions options) => writer.WriteStringValue(value.DisplayName());
}

/// <summary>Tiers by their short names: "RC", "ASSIST", "PP", "DO".</summary>
public sealed class TierJsonConverter : JsonConverter<Tier>
{
    public override Tier Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Enum.TryParse<Tier>(reader.GetString(), ignoreCase: true, out var tier) && Enum.IsDefined(tier)
        && !int.TryParse(reader.GetString(), out _)
            ? tier
            : throw new JsonException("Expected a tier: RC, ASSIST, PP or DO.");

    public override void Write(Utf8JsonWriter writer, Tier value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

/// <summary>
/// Every other enum as its camelCase name ("app", "spouseOrPartner", "partiallyApproved"); reading is case-insensitive,
/// refuses numbers, and an unknown name is an error that lists the names allowed.
/// </summary>
public sealed class CamelCaseEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(CamelCaseEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class CamelCaseEnumConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()));
        private static readonly Dictionary<string, T> Values = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
        private static readonly string Allowed = string.Join(", ", Names.Values);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && Values.TryGetValue(reader.GetString()!, out var value)
                ? value
                : throw new JsonException($"Expected one of: {Allowed}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Names.TryGetValue(value, out var name) ? name : value.ToString());
    }
}
