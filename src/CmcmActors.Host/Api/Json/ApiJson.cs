using System.Text.Json;
using System.Text.Json.Serialization;

namespace CmcmActors.Host.Api.Json;

/// <summary>
/// How the API writes and reads JSON: camelCase names, enums as camelCase strings (levels as "RC+PP+DO", tiers as
/// "RC"), dates as yyyy-MM-dd, money as euros. Requests are read more strictly than the defaults (see
/// <see cref="ForRequests"/>), so that a typo in a field name or a number sent as a string is an error, not a silent
/// default.
/// </summary>
public static class ApiJson
{
    /// <summary>The names an enum is written with, as <see cref="Configure"/>'s converters write them (for the OpenAPI document).</summary>
    public static IReadOnlyList<string> NamesOf(Type enumType) => enumType switch
    {
        _ when enumType == typeof(Domain.Affiliation.CoverageLevel) => [.. Enum.GetValues<Domain.Affiliation.CoverageLevel>().Select(l => Domain.Affiliation.CoverageLevels.DisplayName(l))],
        _ when enumType == typeof(Domain.Affiliation.Tier) => Enum.GetNames<Domain.Affiliation.Tier>(),
        _ => [.. Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName)],
    };

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new DateOnlyJsonConverter());
        options.Converters.Add(new MoneyJsonConverter());
        options.Converters.Add(new CoverageLevelJsonConverter());
        options.Converters.Add(new TierJsonConverter());
        options.Converters.Add(new CamelCaseEnumConverterFactory());
    }

    /// <summary>
    /// The options for request bodies: those of the API, refusing unknown fields and a field sent twice (which value
    /// would count is a guess another reader of the same body could make differently), and reading every decimal exactly
    /// (<see cref="RequestDecimalJsonConverter"/>).
    /// </summary>
    public static JsonSerializerOptions ForRequests(JsonSerializerOptions api)
    {
        var options = new JsonSerializerOptions(api)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
        };
        options.Converters.Add(new RequestDecimalJsonConverter());
        return options;
    }
}
