using System.ComponentModel.DataAnnotations;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.People;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Host.Api.OpenApi;

namespace CmcmActors.Host.Api.Families;

/// <summary>POST /api/families.</summary>
public sealed class EnrolFamilyRequest
{
    [Required, ApiId]
    public string? FamilyId { get; init; }
    [Required, ApiId]
    public string? MainMemberId { get; init; }
    [Required]
    public DateOnly? MainBirthDate { get; init; }
    [Required]
    public DateOnly? ApplicationReceived { get; init; }
    [Required]
    public CoverageLevel? Level { get; init; }
    [Required]
    public EnrolmentReason? Reason { get; init; }
    [Required]
    public EligibilityRequest? Eligibility { get; init; }
    public IReadOnlyList<StatutoryPeriodRequest?>? StatutoryPeriods { get; init; }
    /// <summary>The main affiliate's names and national number (optional for the API; the desk asks for them).</summary>
    public PersonRequest? MainPerson { get; init; }
}

/// <summary>A member's names and Luxembourg national number (13 digits: birth date, 3 digits, 2 check digits).</summary>
public sealed class PersonRequest
{
    [Required]
    public string? Surname { get; init; }
    [Required]
    public string? GivenNames { get; init; }
    /// <summary>13 digits; spaces between groups are ignored. Optional: null while not known.</summary>
    public string? NationalNumber { get; init; }
}

public sealed class EligibilityRequest
{
    public bool? MemberOfRecognisedMutual { get; init; }
    public bool? PaysMutualityFamilyContribution { get; init; }
    [Required]
    public StatutoryInsuranceKind? Insurance { get; init; }
    [Required]
    public string? DomicileCountry { get; init; }
    public string? DomicileRegion { get; init; }
}

/// <summary>One period of statutory cover; <c>to</c> is the last day covered (inclusive), null while it lasts.</summary>
public sealed class StatutoryPeriodRequest
{
    [Required]
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public bool? IllnessUnderTreatmentAtEnd { get; init; }
    public bool? OtherLegalCoverAfterEnd { get; init; }
}

/// <summary>POST /api/families/{familyId}/level.</summary>
public sealed class ChangeLevelRequest
{
    [Required]
    public DateOnly? RequestReceived { get; init; }
    [Required]
    public CoverageLevel? Level { get; init; }
}

/// <summary>POST /api/families/{familyId}/members.</summary>
public sealed class AddCoAffiliateRequest
{
    [Required, ApiId]
    public string? MemberId { get; init; }
    [Required]
    public MemberKind? Kind { get; init; }
    [Required]
    public DateOnly? BirthDate { get; init; }
    public bool? CoInsuredWithMainAffiliate { get; init; }
    [Required]
    public DateOnly? AddedOn { get; init; }
    public DateOnly? BornOrAdoptedOn { get; init; }
    public IReadOnlyList<StatutoryPeriodRequest?>? StatutoryPeriods { get; init; }
    /// <summary>The co-affiliate's names and national number (optional for the API; the desk asks for them).</summary>
    public PersonRequest? Person { get; init; }
}

/// <summary>POST …/members/{memberId}/removal and POST …/resignation: the first day no longer covered.</summary>
public sealed class EffectiveDateRequest
{
    [Required]
    public DateOnly? Effective { get; init; }
}

/// <summary>POST /api/families/{familyId}/payments.</summary>
public sealed class PaymentRequest
{
    [Required]
    public int? Year { get; init; }
    [Required]
    public decimal? Amount { get; init; }
    [Required]
    public DateOnly? PaidOn { get; init; }
}

/// <summary>POST /api/families/{familyId}/readmission.</summary>
public sealed class ReadmissionRequest
{
    [Required]
    public DateOnly? ApplicationReceived { get; init; }
    [Required]
    public CoverageLevel? Level { get; init; }
}

/// <summary>The checks of the family requests: everything that can be known without the family's state.</summary>
public static class FamilyValidation
{
    /// <summary>A yearly contribution above this is a typo.</summary>
    public const decimal MaxContribution = 100_000m;

    /// <param name="itemPrefix">What the items' paths start with: <paramref name="field"/> by default, "" when the body itself is the list ("[0].from").</param>
    public static StatutoryPeriod[]? Periods(FieldErrors errors, string field, IReadOnlyList<StatutoryPeriodRequest?>? periods, DateOnly today, bool required = false,
        string? itemPrefix = null)
    {
        if (periods is null)
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        if (periods.Count > 50)
        {
            errors.Add(field, "At most 50 periods.");
            return null;
        }

        var result = new List<StatutoryPeriod>(periods.Count);
        for (var i = 0; i < periods.Count; i++)
        {
            var at = $"{itemPrefix ?? field}[{i}]";
            if (periods[i] is not { } period)
            {
                errors.Add(at, "Required.");
                continue;
            }

            var from = errors.PastDate($"{at}.from", period.From, today);
            var to = errors.Date($"{at}.to", period.To, today, required: false);
            if (from is { } f && to is { } t && t < f)
            {
                errors.Add($"{at}.to", $"The period ends ({t:yyyy-MM-dd}) before it starts ({f:yyyy-MM-dd}).");
                continue;
            }

            if (from is { } start && (period.To is null || to is not null))
            {
                result.Add(new StatutoryPeriod(start, to, period.IllnessUnderTreatmentAtEnd ?? false, period.OtherLegalCoverAfterEnd ?? false));
            }
        }

        var ordered = result.OrderBy(p => p.From).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i - 1].To is not { } end || end >= ordered[i].From)
            {
                errors.Add(field, $"The periods starting {ordered[i - 1].From:yyyy-MM-dd} and {ordered[i].From:yyyy-MM-dd} overlap.");
            }
        }

        return result.Count == periods.Count ? ordered : null;
    }

    public static EligibilityFacts? Eligibility(FieldErrors errors, EligibilityRequest? request)
    {
        if (errors.RequiredObject("eligibility", request) is not { } eligibility)
        {
            return null;
        }

        var insurance = errors.Required("eligibility.insurance", eligibility.Insurance);
        var country = Country(errors, "eligibility.domicileCountry", eligibility.DomicileCountry);
        var region = errors.Text("eligibility.domicileRegion", eligibility.DomicileRegion, 100, required: false);
        return insurance is { } kind && country is not null
            ? new EligibilityFacts(eligibility.MemberOfRecognisedMutual ?? false, eligibility.PaysMutualityFamilyContribution ?? false, kind, new Domicile(country, region))
            : null;
    }

    /// <summary>The person of <paramref name="field"/> (errors named <c>field.surname</c>, ...); null when not given or wrong.</summary>
    public static Person? Person(FieldErrors errors, string field, PersonRequest? request, DateOnly? birthDate, bool required = false)
    {
        if (request is null)
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        var (person, mistakes) = PersonValidation.Check(request.Surname, request.GivenNames, request.NationalNumber, birthDate);
        var prefix = field.Length == 0 ? "" : field + ".";
        foreach (var (name, message) in mistakes)
        {
            errors.Add(prefix + name, message);
        }

        return person;
    }

    public static string? Country(FieldErrors errors, string field, string? value)
    {
        if (errors.Text(field, value, 2) is not { } country)
        {
            return null;
        }

        if (country.Length != 2 || !char.IsAsciiLetter(country[0]) || !char.IsAsciiLetter(country[1]))
        {
            errors.Add(field, "A two-letter ISO country code such as LU.");
            return null;
        }

        return country.ToUpperInvariant();
    }
}
