using CmcmActors.Domain.Catalogue;

namespace CmcmActors.Domain.Adjudication;

/// <summary>A field of a claim that is wrong, named by its path (for example <c>lines[1].statutoryReimbursement</c>).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Checks claim input before it reaches adjudication: bad input is an error, never a decision.</summary>
public static class ClaimLineValidation
{
    /// <summary>More than any single medical invoice line: an amount above this is a typo, not a claim.</summary>
    public static readonly Money.Money MaxLineAmount = Money.Money.FromEuros(1_000_000m);

    public const int MaxUnits = 100;
    public const int MaxLines = 50;

    /// <param name="today">The date the claim is received; care cannot be later.</param>
    public static IReadOnlyList<FieldError> Validate(IReadOnlyList<ClaimLine> lines, CatalogueSet catalogues, DateOnly today, string prefix = "lines")
    {
        var errors = new List<FieldError>();
        if (lines.Count == 0)
        {
            errors.Add(new(prefix, "A claim needs at least one line."));
        }

        if (lines.Count > MaxLines)
        {
            errors.Add(new(prefix, $"A claim has at most {MaxLines} lines."));
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var at = $"{prefix}[{i}]";
            if (string.IsNullOrWhiteSpace(line.BenefitCode))
            {
                errors.Add(new($"{at}.benefitCode", "The benefit code is missing."));
            }
            else if (!catalogues.IsKnownCode(line.BenefitCode))
            {
                errors.Add(new($"{at}.benefitCode", $"Unknown benefit code '{line.BenefitCode}'."));
            }

            if (line.DateOfCare > today)
            {
                errors.Add(new($"{at}.dateOfCare", $"The date of care {line.DateOfCare:yyyy-MM-dd} is in the future."));
            }

            CheckAmount(errors, $"{at}.invoiced", line.Invoiced);
            CheckAmount(errors, $"{at}.statutoryReimbursement", line.StatutoryReimbursement);
            if (line.OfficialTariff is { } tariff)
            {
                CheckAmount(errors, $"{at}.officialTariff", tariff);
            }

            if (line.StatutoryReimbursement > line.Invoiced)
            {
                errors.Add(new($"{at}.statutoryReimbursement", "The statutory reimbursement cannot exceed the invoiced amount."));
            }

            if (line.Units is < 1 or > MaxUnits)
            {
                errors.Add(new($"{at}.units", $"Units must be between 1 and {MaxUnits}."));
            }

            if (catalogues.InForceOn(line.DateOfCare) is { } edition && edition.TryGet(line.BenefitCode, out _))
            {
                var periods = edition.ChainFor(line.BenefitCode).SelectMany(b => b.Caps).Select(c => c.Period).ToHashSet();
                if (periods.Contains(CapPeriod.Trip) && string.IsNullOrWhiteSpace(line.TripId))
                {
                    errors.Add(new($"{at}.tripId", $"{line.BenefitCode} is capped per trip: name the trip."));
                }

                if (periods.Contains(CapPeriod.Incident) && string.IsNullOrWhiteSpace(line.IncidentId))
                {
                    errors.Add(new($"{at}.incidentId", $"{line.BenefitCode} is capped per incident: name the incident."));
                }

                if (edition.ChainFor(line.BenefitCode).Any(b => b.Caps.Any(c => c.PerElement)) && string.IsNullOrWhiteSpace(line.Element))
                {
                    errors.Add(new($"{at}.element", $"{line.BenefitCode} is capped per element: name the act code or eye."));
                }
            }

            if (line.CountryOfCare is not { Length: 2 } country || !char.IsAsciiLetter(country[0]) || !char.IsAsciiLetter(country[1]))
            {
                errors.Add(new($"{at}.countryOfCare", "The country of care is a two-letter ISO code such as LU."));
            }
        }

        return errors;
    }

    private static void CheckAmount(List<FieldError> errors, string field, Money.Money amount)
    {
        if (amount.IsNegative)
        {
            errors.Add(new(field, "The amount cannot be negative."));
        }
        else if (amount > MaxLineAmount)
        {
            errors.Add(new(field, $"The amount is above {MaxLineAmount.ToDisplayString()}, which no invoice line reaches."));
        }
    }
}
