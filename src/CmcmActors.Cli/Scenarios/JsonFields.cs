using System.Globalization;
using System.Text.Json;
using Money = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Cli.Scenarios;

/// <summary>
/// Reads the fields of one JSON object and records, for each field that is missing, unknown or of the wrong kind,
/// an error naming its place in the file. A getter returns null when the field is absent or wrong.
/// </summary>
internal sealed class JsonFields
{
    /// <summary>More than any amount a scenario needs; above it the conversion to cents could overflow.</summary>
    private const decimal LargestAmount = 1_000_000_000m;

    private readonly JsonElement _object;
    private readonly List<InputError> _errors;

    private JsonFields(JsonElement element, string place, List<InputError> errors)
    {
        _object = element;
        Place = place;
        _errors = errors;
    }

    public string Place { get; }

    /// <summary>The fields of <paramref name="element"/>, or null (with an error) when it is not an object.</summary>
    public static JsonFields? Of(JsonElement element, string place, List<InputError> errors, IReadOnlyCollection<string> allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(place, $"expected an object, found {Describe(element)}"));
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                errors.Add(new(At(place, property.Name), "the field appears twice"));
            }
            else if (!allowed.Contains(property.Name))
            {
                errors.Add(new(At(place, property.Name), $"unknown field; expected one of: {string.Join(", ", allowed)}"));
            }
        }

        return new JsonFields(element, place, errors);
    }

    public static string At(string place, string name) => place.Length == 0 ? name : place + "." + name;

    public string PlaceOf(string name) => At(Place, name);

    public void Error(string name, string message) => _errors.Add(new(PlaceOf(name), message));

    public bool Has(string name) => _object.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Wrong<string>(name, value, "a string");
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(name, "is empty");
            return null;
        }

        return text;
    }

    public DateOnly? Date(string name, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Wrong<string>(name, value, "a date written \"yyyy-MM-dd\"");
            return null;
        }

        var text = value.GetString()!;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Error(name, $"'{text}' is not a date written yyyy-MM-dd");
            return null;
        }

        return date;
    }

    /// <summary>An amount in euros: a JSON number with at most two decimals. A negative amount is read, for the rules to refuse.</summary>
    public Money? Amount(string name, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var euros))
        {
            Wrong<string>(name, value, "an amount in euros (a JSON number such as 1340.00)");
            return null;
        }

        if (Math.Abs(euros) > LargestAmount)
        {
            Error(name, $"{value.GetRawText()} is too large for an amount in euros");
            return null;
        }

        if (euros * 100m != decimal.Truncate(euros * 100m))
        {
            Error(name, $"{value.GetRawText()} has more than 2 decimals; amounts are euros and cents");
            return null;
        }

        return Money.FromEuros(euros);
    }

    public int? Integer(string name, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Wrong<string>(name, value, "a whole number");
            return null;
        }

        return number;
    }

    public bool? Boolean(string name, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Wrong<string>(name, value, "true or false");
            return null;
        }

        return value.GetBoolean();
    }

    public IReadOnlyList<string>? Strings(string name)
    {
        if (!TryGet(name, required: false, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Wrong<IReadOnlyList<string>>(name, value, "an array of strings");
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString()))
            {
                items.Add(item.GetString()!);
            }
            else
            {
                _errors.Add(new($"{PlaceOf(name)}[{index}]", $"expected a non-empty string, found {Describe(item)}"));
            }

            index++;
        }

        return items;
    }

    /// <summary>The elements of an array field, with their places, or null (with an error) when it is missing or not an array.</summary>
    public IReadOnlyList<(JsonElement Element, string Place)>? Array(string name)
    {
        if (!TryGet(name, required: true, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Wrong<IReadOnlyList<(JsonElement, string)>>(name, value, "an array");
        }

        return value.EnumerateArray().Select((e, i) => (e, $"{PlaceOf(name)}[{i}]")).ToArray();
    }

    public JsonElement? Object(string name)
    {
        if (!TryGet(name, required: true, out var value))
        {
            return null;
        }

        return value;
    }

    /// <summary>One of the words of <paramref name="choices"/>, spelt exactly.</summary>
    public T? Choice<T>(string name, IReadOnlyDictionary<string, T> choices, bool required = true)
        where T : struct
    {
        var word = String(name, required);
        if (word is null)
        {
            return null;
        }

        if (choices.TryGetValue(word, out var chosen))
        {
            return chosen;
        }

        Error(name, $"'{word}' is not one of: {string.Join(", ", choices.Keys)}");
        return null;
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        if (_object.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Error(name, "is required");
        }

        return false;
    }

    private T? Wrong<T>(string name, JsonElement value, string expected)
        where T : class
    {
        Error(name, $"expected {expected}, found {Describe(value)}");
        return null;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString(),
    };
}
