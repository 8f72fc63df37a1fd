using System.Text.Json;
using System.Text.Json.Serialization;

namespace CmcmActors.Domain.Money;

/// <summary>
/// Writes an amount as its whole number of cents (<c>12345</c> for €123.45): compact and exact in stored state and in
/// grain calls. Public APIs that show euros register their own converter, which takes precedence.
/// </summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var cents)
            ? new Money(cents)
            : throw new JsonException("An amount is stored as a whole number of cents.");

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Cents);
}
