using CmcmActors.Domain.Adjudication;
using CmcmActors.Host.Api.Claims;
using CmcmActors.Host.Api.Estimates;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// CoverageEligibilityRequest in, CoverageEligibilityResponse out. Purpose <c>benefits</c> decides the items as an
/// estimate (the JSON API's <see cref="EstimateRequest"/>, decided by <see cref="EstimatesApi.DecideAsync"/>, consuming
/// nothing); purpose <c>validation</c> says whether the member's cover is in force on the date. An item's amount is its
/// unitPrice times its quantity (the quantity is also the line's units); the date of care is the request's
/// servicedDate, today when left out. Pure.
/// </summary>
public static class FhirEligibilityMapping
{
    public static (EstimateRequest Request, bool Benefits, bool Validation, DateOnly? On, FieldErrors Errors) ToEstimate(CoverageEligibilityRequest request, DateOnly today)
    {
        var errors = new FieldErrors();
        var purposes = request.Purpose.Where(p => p is not null).Select(p => p!.Value).ToList();
        var benefits = purposes.Contains(CoverageEligibilityRequest.EligibilityRequestPurpose.Benefits);
        var validation = purposes.Contains(CoverageEligibilityRequest.EligibilityRequestPurpose.Validation);
        if (purposes.Count == 0)
        {
            errors.Add("purpose", "Required: benefits, validation or both.");
        }
        else if (purposes.Any(p => p is not (CoverageEligibilityRequest.EligibilityRequestPurpose.Benefits or CoverageEligibilityRequest.EligibilityRequestPurpose.Validation)))
        {
            errors.Add("purpose", "Only benefits and validation are supported.");
        }

        var memberId = FhirIds.MemberOf(request.Patient);
        var familyId = FhirClaimMapping.FamilyOf(errors, request.Insurance.Select(i => (i.Focal, (ResourceReference?)i.Coverage)).ToList(), memberId);
        DateOnly? on = null;
        switch (request.Serviced)
        {
            case null:
                on = today;
                break;
            case Date { Value: { } text } when DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date):
                on = date;
                break;
            default:
                errors.Add("servicedDate", "Expected a full date (servicedDate, yyyy-MM-dd).");
                break;
        }

        if (benefits && request.Item.Count == 0)
        {
            errors.Add("lines", "Purpose benefits needs at least one item.");
        }

        var dated = on is { } d ? new Date(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) : null;
        var lines = request.Item.Select((item, i) => (ClaimLineRequest?)FhirLineInput.Line(errors, $"lines[{i}]", item.ProductOrService, dated,
            Amount(item.UnitPrice, item.Quantity), item.Quantity, null, item.Extension)).ToList();
        return (new EstimateRequest { FamilyId = familyId, MemberId = memberId, Lines = lines }, benefits, validation, on, errors);
    }

    /// <summary>The CoverageEligibilityRequest element a field of ours came from.</summary>
    public static string? RequestPath(string field) => field switch
    {
        "familyId" => "CoverageEligibilityRequest.insurance[0].coverage",
        "memberId" => "CoverageEligibilityRequest.patient",
        "purpose" => "CoverageEligibilityRequest.purpose",
        "servicedDate" => "CoverageEligibilityRequest.servicedDate",
        _ => FhirLineInput.PathOf(field, "CoverageEligibilityRequest.item", "CoverageEligibilityRequest.servicedDate", "unitPrice"),
    };

    public static CoverageEligibilityResponse ToResponse(CoverageEligibilityRequest request, DecisionResponse? decision, bool inForce, DateOnly on, DateTimeOffset now)
    {
        var response = new CoverageEligibilityResponse
        {
            Status = FinancialResourceStatusCodes.Active,
            Purpose = [.. request.Purpose.Select(p => (CoverageEligibilityResponse.EligibilityResponsePurpose?)Enum.Parse<CoverageEligibilityResponse.EligibilityResponsePurpose>(p!.Value.ToString()))],
            Patient = FhirIds.Patient(FhirIds.MemberOf(request.Patient)!),
            Serviced = new Date(on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            Created = now.ToString("yyyy-MM-ddTHH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture),
            Request = RequestOf(request, out var contained),
            Outcome = decision is null ? ClaimProcessingCodes.Complete : Outcome(decision.Outcome),
            Disposition = decision?.Explanation ?? (inForce ? "The member's cover is in force on the date." : "The member has no cover in force on the date."),
            Insurer = FhirIds.Cmcm(),
        };

        if (contained is not null)
        {
            response.Contained.Add(contained);
        }

        var insurance = new CoverageEligibilityResponse.InsuranceComponent
        {
            Coverage = (ResourceReference)(request.Insurance.FirstOrDefault(i => i.Focal == true) ?? request.Insurance[0]).Coverage.DeepCopy(),
            Inforce = inForce,
        };
        foreach (var line in decision?.Lines ?? [])
        {
            var item = new CoverageEligibilityResponse.ItemsComponent
            {
                ProductOrService = new CodeableConcept(FhirIds.BenefitSystem, line.BenefitCode),
                Excluded = line.Outcome == LineOutcome.Refused,
                Description = line.Explanation,
                AuthorizationRequired = line.Outcome == LineOutcome.Pended,
            };
            foreach (var payment in line.Payments)
            {
                item.Benefit.Add(new CoverageEligibilityResponse.BenefitComponent
                {
                    Type = new CodeableConcept(FhirIds.TierSystem, payment.Tier.ToString(), null, $"{payment.Tier}: {payment.BenefitCode}"),
                    Allowed = FhirIds.Euros(payment.Amount),
                });
            }

            item.Benefit.Add(new CoverageEligibilityResponse.BenefitComponent
            {
                Type = new CodeableConcept(FhirEobMapping.BenefitTypeCodes, "benefit"),
                Allowed = FhirIds.Euros(line.Paid),
            });
            if (line.Pending is { } pending)
            {
                item.AuthorizationSupporting.AddRange(pending.Items.Select(i => new CodeableConcept(FhirIds.ReasonSystem, FhirLineInput.CodeOf(pending.Reason), null, i)));
            }

            insurance.Item.Add(item);
        }

        response.Insurance.Add(insurance);
        return response;
    }

    /// <summary>
    /// The request answered: CoverageEligibilityRequest/{id} when it came with an id, else a copy of it contained in
    /// the response (this server keeps no requests).
    /// </summary>
    private static ResourceReference RequestOf(CoverageEligibilityRequest request, out CoverageEligibilityRequest? contained)
    {
        if (request.Id is { } id && FhirIds.IsFhirId(id))
        {
            contained = null;
            return new ResourceReference("CoverageEligibilityRequest/" + id);
        }

        contained = (CoverageEligibilityRequest)request.DeepCopy();
        contained.Id = "request";
        contained.Meta = null;
        contained.Text = null;
        contained.Contained.Clear();
        return new ResourceReference("#request");
    }

    public static ClaimProcessingCodes Outcome(ClaimOutcome outcome) => outcome switch
    {
        ClaimOutcome.Approved => ClaimProcessingCodes.Complete,
        ClaimOutcome.PartiallyApproved => ClaimProcessingCodes.Partial,
        ClaimOutcome.Refused => ClaimProcessingCodes.Error,
        _ => ClaimProcessingCodes.Queued,
    };

    private static Money? Amount(Money? unitPrice, Quantity? quantity)
    {
        if (unitPrice is null)
        {
            return null;
        }

        var times = quantity?.Value is { } q && decimal.Truncate(q) == q ? q : 1m;
        return new Money { Value = unitPrice.Value * times, Currency = unitPrice.Currency };
    }
}
