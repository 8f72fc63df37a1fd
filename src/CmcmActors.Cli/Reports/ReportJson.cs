using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Money = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Cli.Reports;

/// <summary>How reports are written as JSON: amounts as numbers with exactly 2 decimals, dates yyyy-MM-dd, enums by name.</summary>
internal static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new EurosConverter(), new JsonStringEnumConverter() },
    };

    public static void Write<T>(TextWriter output, T report)
    {
        output.WriteLine(JsonSerializer.Serialize(report, Options));
    }

    /// <summary>Writes 1340 as <c>1340.00</c>: the JSON number a person expects for euros.</summary>
    private sealed class EurosConverter : JsonConverter<Money>
    {
        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Money.FromEuros(reader.GetDecimal());

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.ToString(), skipInputValidation: true);
    }
}
