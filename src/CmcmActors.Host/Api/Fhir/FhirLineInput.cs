using System.Globalization;
using System.Text.Json;
using CmcmActors.Host.Api.Claims;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// One line of a FHIR Claim or CoverageEligibilityRequest as the JSON API's <see cref="ClaimLineRequest"/>, so that it
/// is checked and decided by the same code (<see cref="ClaimLineInput"/>). What FHIR has an element for comes from it
/// (productOrService, the date, the amount, quantity, the country of the location address); the rest from the line's
/// extensions, one per field of ours: <c>https://cmcm.lu/fhir/StructureDefinition/line-{field}</c>. A value of the
/// wrong kind is an error under our field's name, and the field is left out (so it is reported once more as missing if
/// it is required).
/// </summary>
public static class FhirLineInput
{
    /// <summary>Our fields that travel as extensions, with the FHIR type of their value.</summary>
    public static readonly IReadOnlyDictionary<string, string> Extensions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["statutoryReimbursement"] = "Money",
        ["officialTariff"] = "Money",
        ["element"] = "string",
        ["incidentId"] = "string",
        ["tripId"] = "string",
        ["authorised"] = "boolean",
        ["serious"] = "boolean",
        ["programmeCompleted"] = "boolean",
        ["circumstance"] = "code (repeats)",
        ["document"] = "string (repeats)",
    };

    public static ClaimLineRequest Line(FieldErrors errors, string at, CodeableConcept? productOrService, DataType? serviced, Money? amount,
        Quantity? quantity, string? country, IReadOnlyList<Extension> extensions)
    {
        var known = extensions.Where(e => e.Url is { } url && url.StartsWith(FhirIds.LineExtension, StringComparison.Ordinal)).ToList();
        foreach (var unknown in known.Where(e => !Extensions.ContainsKey(e.Url![FhirIds.LineExtension.Length..])))
        {
            errors.Add(at, $"Unknown extension {unknown.Url}.");
        }

        return new ClaimLineRequest
        {
            BenefitCode = Code(errors, $"{at}.benefitCode", productOrService),
            DateOfCare = Date(errors, $"{at}.dateOfCare", serviced),
            Invoiced = Euros(errors, $"{at}.invoiced", amount),
            StatutoryReimbursement = Euros(errors, $"{at}.statutoryReimbursement", Value<Money>(errors, at, known, "statutoryReimbursement")),
            OfficialTariff = Euros(errors, $"{at}.officialTariff", Value<Money>(errors, at, known, "officialTariff")),
            Units = Units(errors, $"{at}.units", quantity),
            Element = Text(errors, at, known, "element"),
            CountryOfCare = country,
            Authorised = Value<FhirBoolean>(errors, at, known, "authorised")?.Value,
            Serious = Value<FhirBoolean>(errors, at, known, "serious")?.Value,
            ProgrammeCompleted = Value<FhirBoolean>(errors, at, known, "programmeCompleted")?.Value,
            Circumstances = Values(errors, at, known, "circumstance", "circumstances"),
            Documents = Values(errors, at, known, "document", "documents"),
            IncidentId = Text(errors, at, known, "incidentId"),
            TripId = Text(errors, at, known, "tripId"),
        };
    }

    /// <summary>Our field of a line ("lines[0].invoiced") as the FHIR element it comes from, under <paramref name="item"/> ("Claim.item").</summary>
    public static string? PathOf(string field, string item, string dateElement, string amountElement)
    {
        if (!field.StartsWith("lines", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = field["lines".Length..];
        if (rest.Length == 0)
        {
            return item;
        }

        var close = rest.IndexOf(']', StringComparison.Ordinal);
        if (!rest.StartsWith('[') || close < 0)
        {
            return null;
        }

        var at = item + rest[..(close + 1)];
        var name = rest[(close + 1)..].TrimStart('.');
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        var leaf = bracket < 0 ? name : name[..bracket];
        return leaf switch
        {
            "" => at,
            "benefitCode" => at + ".productOrService",
            "dateOfCare" => dateElement.StartsWith('.') ? at + dateElement : dateElement,
            "invoiced" => at + "." + amountElement,
            "units" => at + ".quantity",
            "countryOfCare" => at + ".locationAddress.country",
            "circumstances" => $"{at}.extension('{FhirIds.LineExtension}circumstance')",
            "documents" => $"{at}.extension('{FhirIds.LineExtension}document')",
            _ => $"{at}.extension('{FhirIds.LineExtension}{leaf}')",
        };
    }

    private static string? Code(FieldErrors errors, string field, CodeableConcept? concept)
    {
        if (concept is null)
        {
            return null;
        }

        var ours = concept.Coding.Where(c => c.System == FhirIds.BenefitSystem).ToList();
        if (ours.Count == 0)
        {
            errors.Add(field, $"Expected a coding of {FhirIds.BenefitSystem} (our benefit code).");
            return null;
        }

        return ours[0].Code;
    }

    private static DateOnly? Date(FieldErrors errors, string field, DataType? serviced)
    {
        switch (serviced)
        {
            case null:
                return null;
            case Hl7.Fhir.Model.Date { Value: { } text } when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return date;
            default:
                errors.Add(field, "Expected a full date (servicedDate, yyyy-MM-dd).");
                return null;
        }
    }

    private static decimal? Euros(FieldErrors errors, string field, Money? money)
    {
        if (money is null)
        {
            return null;
        }

        if (money.Currency is not Money.Currencies.EUR)
        {
            errors.Add(field, "Amounts are in euros (currency EUR).");
            return null;
        }

        return money.Value;
    }

    private static int? Units(FieldErrors errors, string field, Quantity? quantity)
    {
        if (quantity?.Value is not { } value)
        {
            return null;
        }

        if (decimal.Truncate(value) != value || value is < int.MinValue or > int.MaxValue)
        {
            errors.Add(field, "Expected a whole number.");
            return null;
        }

        return (int)value;
    }

    private static T? Value<T>(FieldErrors errors, string at, List<Extension> extensions, string name)
        where T : DataType
    {
        var url = FhirIds.LineExtension + name;
        var matching = extensions.Where(e => e.Url == url).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        if (matching.Count > 1)
        {
            errors.Add($"{at}.{name}", "The extension appears more than once; send it once.");
            return null;
        }

        if (matching[0].Value is T value)
        {
            return value;
        }

        errors.Add($"{at}.{name}", $"Expected the extension's value as {Extensions[name]}.");
        return null;
    }

    private static string? Text(FieldErrors errors, string at, List<Extension> extensions, string name) =>
        Value<PrimitiveType>(errors, at, extensions, name) switch
        {
            null => null,
            { JsonValue: string text } => text,
            _ => Invalid(errors, $"{at}.{name}", "Expected the extension's value as string or code."),
        };

    private static string? Invalid(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    private static List<string?>? Values(FieldErrors errors, string at, List<Extension> extensions, string name, string field)
    {
        var url = FhirIds.LineExtension + name;
        var matching = extensions.Where(e => e.Url == url).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        var values = new List<string?>();
        for (var i = 0; i < matching.Count; i++)
        {
            if (matching[i].Value is PrimitiveType { JsonValue: string text })
            {
                values.Add(text);
            }
            else
            {
                errors.Add($"{at}.{field}[{i}]", "Expected valueCode or valueString.");
                values.Add(null);
            }
        }

        return values;
    }

    /// <summary>Our code for an enum value, as the JSON API writes it ("capReached").</summary>
    public static string CodeOf<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
