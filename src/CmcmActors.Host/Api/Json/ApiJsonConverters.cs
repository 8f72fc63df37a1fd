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
