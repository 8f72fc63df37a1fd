using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Routing;
using CmcmActors.Host.Api.Claims;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using ApiClaim = CmcmActors.Host.Api.Claims.ClaimResponse;
using FhirClaimResponse = Hl7.Fhir.Model.ClaimResponse;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// FHIR Claim in, ClaimResponse out. The Claim becomes the JSON API's <see cref="SubmitClaimRequest"/> (decided by
/// <see cref="ClaimsApi.DecideAsync"/>, the same path), and the answer is made from the JSON API's own
/// <see cref="ApiClaim"/> of the record, so that both faces say the same to the cent. Pure: no host needed.
/// </summary>
public static class FhirClaimMapping
{
    public const string AdjudicationCodes = "http://terminology.hl7.org/CodeSystem/adjudication";
    public const string ClaimTypeCodes = "http://terminology.hl7.org/CodeSystem/claim-type";
    public const string NoteTypeCodes = "http://hl7.org/fhir/note-type";

    /// <summary>
    /// The Claim as a submission: identifier → invoiceReference, patient → memberId, insurance[0].coverage → familyId,
    /// the channel extension (app when left out: a FHIR claim comes electronically), items → lines. Problems of the
    /// FHIR shape are in the errors, under our field names.
    /// </summary>
    public static (SubmitClaimRequest Request, FieldErrors Errors) ToSubmission(Claim claim)
    {
        var errors = new FieldErrors();
        var memberId = FhirIds.MemberOf(claim.Patient);
        var familyId = FamilyOf(errors, claim.Insurance.Select(i => (i.Focal, (ResourceReference?)i.Coverage)).ToList(), memberId);
        var channel = Channel.App;
        if (claim.GetExtension(FhirIds.ChannelExtension) is { } extension)
        {
            if (extension.Value is Code { Value: { } code } && Enum.TryParse<Channel>(code, ignoreCase: true, out var c) && Enum.IsDefined(c))
            {
                channel = c;
            }
            else
            {
                errors.Add("channel", "Expected valueCode post or app.");
            }
        }

        var lines = claim.Item.Count == 0 ? null : claim.Item.Select((item, i) => (ClaimLineRequest?)FhirLineInput.Line(errors, $"lines[{i}]",
            item.ProductOrService, item.Serviced, item.Net, item.Quantity, (item.Location as Address)?.Country, item.Extension)).ToList();
        var request = new SubmitClaimRequest
        {
            FamilyId = familyId,
            MemberId = memberId,
            InvoiceReference = InvoiceOf(claim.Identifier),
            Channel = channel,
            Lines = lines,
        };
        return (request, errors);
    }

    /// <summary>The Claim element a field of ours came from.</summary>
    public static string? ClaimPath(string field) => field switch
    {
        "familyId" => "Claim.insurance[0].coverage",
        "memberId" => "Claim.patient",
        "invoiceReference" => "Claim.identifier",
        "channel" => $"Claim.extension('{FhirIds.ChannelExtension}')",
        _ => FhirLineInput.PathOf(field, "Claim.item", ".servicedDate", "net"),
    };

    /// <summary>
    /// The family a claim or an eligibility request is for: its focal coverage (else the first), a Coverage of ours
    /// ("Coverage/{id}", whose member must be the patient) or the family's identifier.
    /// </summary>
    public static string? FamilyOf(FieldErrors errors, IReadOnlyList<(bool? Focal, ResourceReference? Coverage)> insurance, string? memberId)
    {
        if (insurance.Count == 0)
        {
            return null;
        }

        var reference = (insurance.FirstOrDefault(i => i.Focal == true).Coverage ?? insurance[0].Coverage);
        if (reference?.Identifier is { System: FhirIds.FamilySystem, Value: { } family })
        {
            return family;
        }

        if (reference?.Reference is { } literal && literal.StartsWith("Coverage/", StringComparison.Ordinal)
            && FhirIds.ParseCoverage(literal["Coverage/".Length..]) is { } coverage)
        {
            if (memberId is not null && coverage.MemberId != memberId)
            {
                errors.Add("familyId", $"The coverage is member {coverage.MemberId}'s, not the patient's.");
                return null;
            }

            return coverage.FamilyId;
        }

        errors.Add("familyId", $"Expected a reference to a Coverage of this server (Coverage/{{id}}) or an identifier of {FhirIds.FamilySystem}.");
        return null;
    }

    /// <summary>The invoice reference: the identifier of our invoice system, else the only identifier.</summary>
    public static string? InvoiceOf(IReadOnlyList<Identifier> identifiers) =>
        identifiers.FirstOrDefault(i => i.System == FhirIds.InvoiceSystem)?.Value ?? (identifiers.Count == 1 ? identifiers[0].Value : null);

    /// <summary>The outcome of a claim's processing, from its status: paid in full complete, paid in part partial, pended queued, refused error.</summary>
    public static ClaimProcessingCodes OutcomeOf(ClaimStatus status) => status switch
    {
        ClaimStatus.Approved or ClaimStatus.Reversed => ClaimProcessingCodes.Complete,
        ClaimStatus.PartiallyApproved => ClaimProcessingCodes.Partial,
        ClaimStatus.Refused => ClaimProcessingCodes.Error,
        _ => ClaimProcessingCodes.Queued,
    };

    /// <summary>The FHIR claim type: oral for dental departments, else professional.</summary>
    public static CodeableConcept TypeOf(Department? department) =>
        new(ClaimTypeCodes, department is Department.DentalLuxembourg or Department.DentalAbroad ? "oral" : "professional");

    public static List<Identifier> IdentifiersOf(ApiClaim claim) =>
        [new Identifier(FhirIds.ClaimSystem, claim.ClaimId), new Identifier(FhirIds.InvoiceSystem, claim.InvoiceReference)];

    /// <summary>The ClaimResponse for a claim as the JSON API answers it.</summary>
    public static FhirClaimResponse ToClaimResponse(ApiClaim claim)
    {
        var response = new FhirClaimResponse
        {
            Id = ResourceId(FhirIds.Claim(claim.MemberId, claim.InvoiceReference)),
            Identifier = IdentifiersOf(claim),
            Status = claim.Status == ClaimStatus.Reversed ? FinancialResourceStatusCodes.Cancelled : FinancialResourceStatusCodes.Active,
            Type = TypeOf(claim.Department),
            Use = ClaimUseCode.Claim,
            Patient = FhirIds.Patient(claim.MemberId),
            Created = claim.History[^1].At.ToString("yyyy-MM-ddTHH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture),
            Insurer = FhirIds.Cmcm(),
            Outcome = OutcomeOf(claim.Status),
            Disposition = Disposition(claim),
        };

        foreach (var line in claim.Lines)
        {
            var item = new FhirClaimResponse.ItemComponent { ItemSequence = line.LineNumber };
            item.Adjudication.AddRange(Adjudications(line).Select(a => new FhirClaimResponse.AdjudicationComponent
            {
                Category = a.Category,
                Amount = a.Amount,
                Reason = a.Reason,
            }));
            response.Item.Add(item);
            if (line.Outcome == Domain.Adjudication.LineOutcome.Refused)
            {
                response.Error.Add(new FhirClaimResponse.ErrorComponent { ItemSequence = line.LineNumber, Code = ReasonOf(line.Reason, line.Explanation) });
            }
        }

        response.Total.AddRange(Totals(claim).Select(t => new FhirClaimResponse.TotalComponent { Category = t.Category, Amount = t.Amount }));
        response.ProcessNote.AddRange(Notes(claim).Select((text, i) => new FhirClaimResponse.NoteComponent
        {
            Number = i + 1,
            Type = NoteType.Display,
            Text = text,
        }));
        return response;
    }

    /// <summary>What a person reads: the decision's explanation, or the status.</summary>
    public static string Disposition(ApiClaim claim) => claim.Status switch
    {
        ClaimStatus.Reversed => "Reversed: " + (claim.History[^1].Note is { Length: > 0 } note ? note : "the claim was reversed."),
        _ => claim.Explanation ?? FhirLineInput.CodeOf(claim.Status),
    };

    /// <summary>While pended: the department and the expected time for the claim's channel, then what is needed.</summary>
    public static List<string> Notes(ApiClaim claim) => claim.Pending is { } pending
        ?
        [
            $"Pended with department {FhirLineInput.CodeOf(pending.Department)}: expected within {pending.ExpectedWeeks} week(s) for claims sent by {FhirLineInput.CodeOf(pending.Channel)}.",
            $"Needed: {pending.Need}",
        ]
        : [];

    /// <summary>
    /// One line's adjudications: submitted (invoiced), statutory (the statutory fund's share), uncovered, one per tier
    /// of the line's chain (what it paid, or 0 with the reason it did not), and benefit (what the line pays, with the
    /// line's reason when it paid less than it could).
    /// </summary>
    public static List<(CodeableConcept Category, Money Amount, CodeableConcept? Reason)> Adjudications(LineResponse line)
    {
        var list = new List<(CodeableConcept, Money, CodeableConcept?)>
        {
            (new CodeableConcept(AdjudicationCodes, "submitted"), FhirIds.Euros(line.Invoiced), null),
            (new CodeableConcept(FhirIds.AdjudicationSystem, "statutory", "Statutory reimbursement"), FhirIds.Euros(line.StatutoryReimbursement), null),
            (new CodeableConcept(FhirIds.AdjudicationSystem, "uncovered", "Left after the statutory reimbursement"), FhirIds.Euros(line.Uncovered), null),
        };
        foreach (var payment in line.Payments)
        {
            var limited = payment.Caps.FirstOrDefault(c => c.Limited);
            list.Add((Tier(payment.Tier, payment.BenefitCode), FhirIds.Euros(payment.Amount),
                limited is null ? null : new CodeableConcept(FhirIds.ReasonSystem, "capReached", null, $"{payment.Explanation} ({limited.Description})")));
        }

        foreach (var note in line.NotPaying)
        {
            list.Add((Tier(note.Tier, note.BenefitCode), FhirIds.Euros(0m), ReasonOf(note.Reason, note.Explanation)));
        }

        list.Add((new CodeableConcept(AdjudicationCodes, "benefit"), FhirIds.Euros(line.Paid), line.Reason is null ? null : ReasonOf(line.Reason, line.Explanation)));
        return list;
    }

    /// <summary>The claim's totals: submitted (all invoiced) and benefit (what the CMCM pays now).</summary>
    public static List<(CodeableConcept Category, Money Amount)> Totals(ApiClaim claim) =>
    [
        (new CodeableConcept(AdjudicationCodes, "submitted"), FhirIds.Euros(claim.Lines.Sum(l => l.Invoiced))),
        (new CodeableConcept(AdjudicationCodes, "benefit"), FhirIds.Euros(claim.TotalPaid)),
    ];

    public static CodeableConcept ReasonOf(Domain.Adjudication.ReasonCode? reason, string explanation) =>
        new(FhirIds.ReasonSystem, reason is { } r ? FhirLineInput.CodeOf(r) : "paid", null, explanation);

    private static CodeableConcept Tier(Domain.Affiliation.Tier tier, string benefitCode) =>
        new(FhirIds.TierSystem, tier.ToString(), null, $"{tier}: {benefitCode}");

    /// <summary>The id, when it is one FHIR can carry (at most 64 characters after escaping); else the resource has none.</summary>
    public static string? ResourceId(string id) => FhirIds.IsFhirId(id) ? id : null;
}
