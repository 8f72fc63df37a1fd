using System.Globalization;

namespace CmcmActors.Domain.Import;

/// <summary>Reads typed values from one row, recording a named error for every field that is missing or malformed.</summary>
internal sealed class ImportFields(ImportRow row, List<ImportError> errors)
{
    public ImportRow Row => row;

    public int ErrorCount { get; private set; }

    public void Error(string field, string message)
    {
        errors.Add(new ImportError(row.File, row.Line, field, message));
        ErrorCount++;
    }

    public string? Text(string field, bool required = true, int maxLength = 100)
    {
        var value = row[field];
        if (value is null)
        {
            if (required)
            {
                Error(field, "Required.");
            }

            return null;
        }

        if (value.Length > maxLength || value.Any(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'))
        {
            Error(field, $"At most {maxLength} characters, without control characters.");
            return null;
        }

        return value;
    }

    /// <summary>An identifier: letters, digits, '-', '_' and '.', at most 64 characters.</summary>
    public string? Id(string field, bool required = true)
    {
        var value = row[field];
        if (value is null)
        {
            if (required)
            {
                Error(field, "Required.");
            }

            return null;
        }

        if (value.Length > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            Error(field, "An identifier has at most 64 letters, digits, '-', '_' or '.'.");
            return null;
        }

        return value;
    }

    public DateOnly? Date(string field, bool required = true)
    {
        var value = row[field];
        if (value is null)
        {
            if (required)
            {
                Error(field, "Required (yyyy-MM-dd).");
            }

            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Error(field, $"Not a date (yyyy-MM-dd): {Shown(value)}.");
            return null;
        }

        return date;
    }

    public int? Int(string field, int min, int max, bool required = true)
    {
        var value = row[field];
        if (value is null)
        {
            if (required)
            {
                Error(field, "Required.");
            }

            return null;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Error(field, $"A whole number from {min} to {max}: {Shown(value)}.");
            return null;
        }

        return number;
    }

    /// <summary>Euros with at most two decimals and a '.' as decimal separator, not negative.</summary>
    public Money.Money? Euros(string field)
    {
        var value = row[field];
        if (value is null)
        {
            Error(field, "Required (euros, e.g. 80.00).");
            return null;
        }

        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros) || euros > 10_000_000m || decimal.Round(euros, 2) != euros)
        {
            Error(field, $"Euros with at most two decimals (e.g. 80.00), not negative: {Shown(value)}.");
            return null;
        }

        return Money.Money.FromEuros(euros);
    }

    public bool? Bool(string field, bool fallback)
    {
        switch (row[field]?.ToLowerInvariant())
        {
            case null: return fallback;
            case "true" or "yes" or "1": return true;
            case "false" or "no" or "0": return false;
            default:
                Error(field, $"true or false: {Shown(row[field]!)}.");
                return null;
        }
    }

    public T? Choice<T>(string field, IReadOnlyDictionary<string, T> choices, T? fallback = null)
        where T : struct
    {
        var value = row[field];
        if (value is null)
        {
            if (fallback is null)
            {
                Error(field, $"Required: {string.Join(", ", choices.Keys)}.");
            }

            return fallback;
        }

        if (!choices.TryGetValue(value, out var choice))
        {
            Error(field, $"One of {string.Join(", ", choices.Keys)}: {Shown(value)}.");
            return null;
        }

        return choice;
    }

    private static string Shown(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
