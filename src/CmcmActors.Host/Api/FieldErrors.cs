using System.Buffers;
using CmcmActors.Contracts;
using CmcmActors.Domain.Adjudication;

namespace CmcmActors.Host.Api;

/// <summary>
/// Collects what is wrong with a request, by field path (<c>lines[0].invoiced</c>), so that one answer lists every
/// mistake. The checks return the value when it is usable and null when it is not.
/// </summary>
public sealed class FieldErrors
{
    /// <summary>Dates before this are typos (birth dates included).</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>
    /// Characters a person cannot see but a program acts on: C0 and C1 controls (NUL, escape sequences) except tab and
    /// line breaks, and the bidirectional marks and overrides that make text read otherwise than it is stored.
    /// </summary>
    private static readonly SearchValues<char> Invisible = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Concat(Enumerable.Range(0x7F, 0x21))
            .Concat([0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]).Select(c => (char)c)]);

    /// <summary>An amount in euros has at most this many decimals.</summary>
    public const int AmountDecimals = 2;

    public const string TooManyDecimals = "An amount has at most two decimals.";

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>How many messages have been collected: a check can tell whether it added one.</summary>
    public int Count => _errors.Values.Sum(m => m.Count);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        if (!messages.Contains(message))
        {
            messages.Add(message);
        }
    }

    public void Add(FieldError error) => Add(error.Field, error.Message);

    public bool Has(string field) => _errors.ContainsKey(field);

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>An id of 1 to 64 letters, digits, '-', '_' or '.'.</summary>
    public string? Id(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "Required.");
            return null;
        }

        if (!GrainKeys.IsValidId(value))
        {
            Add(field, $"Not a valid id: 1 to {GrainKeys.MaxIdLength} letters, digits, '-', '_' or '.'.");
            return null;
        }

        return value;
    }

    public T? Required<T>(string field, T? value)
        where T : struct
    {
        if (value is null)
        {
            Add(field, "Required.");
        }

        return value;
    }

    public T? RequiredObject<T>(string field, T? value)
        where T : class
    {
        if (value is null)
        {
            Add(field, "Required.");
        }

        return value;
    }

    /// <summary>A date that has happened: not after <paramref name="today"/>, not before 1900.</summary>
    public DateOnly? PastDate(string field, DateOnly? value, DateOnly today, bool required = true)
    {
        if (value is not { } date)
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        if (date > today)
        {
            Add(field, $"{date:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd}).");
            return null;
        }

        if (date < Earliest)
        {
            Add(field, $"{date:yyyy-MM-dd} is before {Earliest:yyyy-MM-dd}.");
            return null;
        }

        return date;
    }

    /// <summary>A date that may lie ahead (an effective date), within reason.</summary>
    public DateOnly? Date(string field, DateOnly? value, DateOnly today, bool required = true)
    {
        if (value is not { } date)
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        if (date < Earliest || date > today.AddYears(5))
        {
            Add(field, $"{date:yyyy-MM-dd} is not a plausible date.");
            return null;
        }

        return date;
    }

    /// <summary>An amount in euros: at most two decimals, at most <paramref name="max"/>, and positive or non-negative as asked.</summary>
    public decimal? Amount(string field, decimal? value, decimal max, bool required = true, bool allowNegative = false, bool allowZero = true)
    {
        if (value is not { } amount)
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        var ok = true;
        if (decimal.Round(amount, AmountDecimals) != amount)
        {
            Add(field, TooManyDecimals);
            ok = false;
        }

        if (decimal.Abs(amount) > max)
        {
            Add(field, $"The amount is above {max:#,0.00}, which is not plausible here.");
            ok = false;
        }
        else if (amount < 0m && !allowNegative)
        {
            Add(field, "The amount cannot be negative.");
            ok = false;
        }
        else if (amount == 0m && !allowZero)
        {
            Add(field, "The amount must be above zero.");
            ok = false;
        }

        return ok ? amount : null;
    }

    /// <summary>Free text of at most <paramref name="maxLength"/> characters, without <see cref="Invisible"/> characters; blank counts as missing.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        if (value.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
            return null;
        }

        if (value.AsSpan().ContainsAny(Invisible))
        {
            Add(field, "Control characters and bidirectional overrides are not allowed.");
            return null;
        }

        return value.Trim();
    }

    /// <summary>A list of short texts (documents, circumstances): each present, at most <paramref name="maxCount"/> of them.</summary>
    public string[]? Texts(string field, IReadOnlyList<string?>? values, int maxCount = 20, int maxLength = 100, bool required = false)
    {
        if (values is null)
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        if (required && values.Count == 0)
        {
            Add(field, "At least one is required.");
            return null;
        }

        if (values.Count > maxCount)
        {
            Add(field, $"At most {maxCount}.");
            return null;
        }

        var result = new string[values.Count];
        var ok = true;
        for (var i = 0; i < values.Count; i++)
        {
            if (Text($"{field}[{i}]", values[i], maxLength) is { } text)
            {
                result[i] = text;
            }
            else
            {
                ok = false;
            }
        }

        return ok ? result : null;
    }
}
