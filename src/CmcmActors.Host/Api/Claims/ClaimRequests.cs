using System.ComponentModel.DataAnnotations;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Routing;
using CmcmActors.Host.Api.OpenApi;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Host.Api.Claims;

/// <summary>POST /api/claims.</summary>
public sealed class SubmitClaimRequest
{
    [Required, ApiId]
    public string? FamilyId { get; init; }
    [Required, ApiId]
    public string? MemberId { get; init; }
    [Required, ApiId]
    public string? InvoiceReference { get; init; }
    [Required]
    public Channel? Channel { get; init; }

    /// <summary>The date the CMCM received the claim; today when left out. Care cannot be later.</summary>
    public DateOnly? ReceivedOn { get; init; }

    [Required]
    public IReadOnlyList<ClaimLineRequest?>? Lines { get; init; }
}

/// <summary>One line of an invoice, after the statutory fund paid its share. Amounts in euros, at most two decimals.</summary>
public sealed class ClaimLineRequest
{
    [Required]
    public string? BenefitCode { get; init; }
    [Required]
    public DateOnly? DateOfCare { get; init; }
    [Required]
    public decimal? Invoiced { get; init; }
    [Required]
    public decimal? StatutoryReimbursement { get; init; }
    public decimal? OfficialTariff { get; init; }

    /// <summary>Sessions, devices, implants, eyes; 1 when left out.</summary>
    public int? Units { get; init; }

    public string? Element { get; init; }

    /// <summary>ISO 3166-1 alpha-2; LU when left out.</summary>
    public string? CountryOfCare { get; init; }

    public bool? Authorised { get; init; }
    public bool? Serious { get; init; }
    public bool? ProgrammeCompleted { get; init; }
    public IReadOnlyList<string?>? Circumstances { get; init; }
    public IReadOnlyList<string?>? Documents { get; init; }
    public string? IncidentId { get; init; }
    public string? TripId { get; init; }
}

/// <summary>POST /api/claims/{memberId}/{invoiceReference}/documents.</summary>
public sealed class AddDocumentsRequest
{
    [Required]
    public IReadOnlyList<string?>? Documents { get; init; }
}

/// <summary>POST /api/claims/{memberId}/{invoiceReference}/resolution: refuse with a reason, or confirm facts.</summary>
public sealed class ResolutionRequest
{
    [Required]
    public bool? Refuse { get; init; }
    public string? Reason { get; init; }
    public bool? Authorised { get; init; }
    public bool? Serious { get; init; }
    public bool? ProgrammeCompleted { get; init; }
    public IReadOnlyList<string?>? Circumstances { get; init; }
    public IReadOnlyList<string?>? Documents { get; init; }
    public decimal? OfficialTariff { get; init; }

    /// <summary>A person checked amounts the plausibility guard stopped: the claim is decided on them.</summary>
    public bool? AmountsReviewed { get; init; }
}

/// <summary>POST /api/claims/{memberId}/{invoiceReference}/correction (and /correction-preview): the claim's lines as they should have been.</summary>
public sealed class CorrectionRequest
{
    [Required]
    public string? Reason { get; init; }

    [Required]
    public IReadOnlyList<ClaimLineRequest?>? Lines { get; init; }
}

/// <summary>POST /api/claims/{memberId}/{invoiceReference}/reversal.</summary>
public sealed class ReversalRequest
{
    [Required]
    public string? Reason { get; init; }
}

/// <summary>
/// Turns request lines into claim lines: first the shape (required fields, two decimals, amounts a line can hold),
/// then the domain's own checks (<see cref="ClaimLineValidation"/>: codes, dates, statutory share, units, trips),
/// every error under its path.
/// </summary>
public static class ClaimLineInput
{
    public const int MaxTextLength = 64;

    public static ClaimLine[]? Parse(FieldErrors errors, string field, IReadOnlyList<ClaimLineRequest?>? requests, CatalogueSet catalogues, DateOnly today)
    {
        if (requests is null)
        {
            errors.Add(field, "Required.");
            return null;
        }

        if (requests.Count == 0)
        {
            errors.Add(field, "A claim needs at least one line.");
            return null;
        }

        if (requests.Count > ClaimLineValidation.MaxLines)
        {
            errors.Add(field, $"A claim has at most {ClaimLineValidation.MaxLines} lines.");
            return null;
        }

        var lines = new ClaimLine[requests.Count];
        var complete = true;
        for (var i = 0; i < requests.Count; i++)
        {
            var at = $"{field}[{i}]";
            if (requests[i] is not { } request)
            {
                errors.Add(at, "Required.");
                complete = false;
                continue;
            }

            var before = errors.Count;
            var line = Shape(errors, at, request);
            var shaped = errors.Count == before;

            // The domain's checks run on lines with shape errors too (with stand-ins for the unusable values), so that
            // one answer lists every mistake; a field that already has its error is not reported twice. The domain
            // names the line "line[0]": its errors are put back at the line's place in the request.
            foreach (var error in ClaimLineValidation.Validate([line], catalogues, today, "line"))
            {
                var path = at + error.Field["line[0]".Length..];
                if (shaped || !errors.Has(path))
                {
                    errors.Add(path, error.Message);
                }
            }

            complete &= shaped;
            lines[i] = line;
        }

        return complete ? lines : null;
    }

    /// <summary>The line with every usable value; an unusable one is reported and replaced by a stand-in that raises no other error.</summary>
    private static ClaimLine Shape(FieldErrors errors, string at, ClaimLineRequest request)
    {
        var max = ClaimLineValidation.MaxLineAmount.Euros;
        var code = errors.Text($"{at}.benefitCode", request.BenefitCode, MaxTextLength);
        var date = errors.Required($"{at}.dateOfCare", request.DateOfCare);
        var invoiced = errors.Amount($"{at}.invoiced", request.Invoiced, max, allowNegative: true);
        var statutory = errors.Amount($"{at}.statutoryReimbursement", request.StatutoryReimbursement, max, allowNegative: true);
        var tariff = errors.Amount($"{at}.officialTariff", request.OfficialTariff, max, required: false, allowNegative: true);
        var element = errors.Text($"{at}.element", request.Element, MaxTextLength, required: false);
        var country = errors.Text($"{at}.countryOfCare", request.CountryOfCare, MaxTextLength, required: false);
        var incident = errors.Text($"{at}.incidentId", request.IncidentId, MaxTextLength, required: false);
        var trip = errors.Text($"{at}.tripId", request.TripId, MaxTextLength, required: false);
        var circumstances = errors.Texts($"{at}.circumstances", request.Circumstances);
        var documents = errors.Texts($"{at}.documents", request.Documents);

        // Stand-ins: an invoice as large as a line may be (so no statutory share exceeds it), no statutory share.
        // Negative amounts and units out of range are left to the domain's checks, which name them the same way.
        return new ClaimLine(code ?? "", date ?? DateOnly.MinValue,
            invoiced is { } i ? M.FromEuros(i) : ClaimLineValidation.MaxLineAmount,
            statutory is { } s ? M.FromEuros(s) : M.Zero,
            tariff is { } t ? M.FromEuros(t) : null, request.Units ?? 1, element, country ?? "LU",
            request.Authorised, request.Serious, request.ProgrammeCompleted, circumstances, documents, incident, trip);
    }
}
