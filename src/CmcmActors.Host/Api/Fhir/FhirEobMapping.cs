using CmcmActors.Contracts.Claims;
using CmcmActors.Host.Api.Members;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using ApiClaim = CmcmActors.Host.Api.Claims.ClaimResponse;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// A decided claim as an ExplanationOfBenefit: the claim's lines as items (benefit code, date of care, invoiced), the
/// same adjudications as the ClaimResponse, and a benefitBalance per cap that bore on the claim, from the member's caps
/// as the caps API shows them (<see cref="CapResponse"/>) for the year of care. Pure.
/// </summary>
public static class FhirEobMapping
{
    public const string BenefitUnitCodes = "http://terminology.hl7.org/CodeSystem/benefit-unit";
    public const string BenefitTermCodes = "http://terminology.hl7.org/CodeSystem/benefit-term";
    public const string BenefitTypeCodes = "http://terminology.hl7.org/CodeSystem/benefit-type";
    public const string DataAbsentReason = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
    public const string UnknownProvider = "Not recorded: CMCM claims do not name who gave the care.";

    /// <summary>Decided: approved, partially approved, refused or reversed (a pended claim has no explanation of benefit yet).</summary>
    public static bool IsDecided(ClaimStatus status) =>
        status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved or ClaimStatus.Refused or ClaimStatus.Reversed;

    public static ExplanationOfBenefit ToEob(ApiClaim claim, IReadOnlyList<CapResponse> caps)
    {
        var eob = new ExplanationOfBenefit
        {
            Id = FhirClaimMapping.ResourceId(FhirIds.Claim(claim.MemberId, claim.InvoiceReference)),
            Identifier = FhirClaimMapping.IdentifiersOf(claim),
            Status = claim.Status == ClaimStatus.Reversed ? ExplanationOfBenefit.ExplanationOfBenefitStatus.Cancelled : ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
            Type = FhirClaimMapping.TypeOf(claim.Department),
            Use = ClaimUseCode.Claim,
            Patient = FhirIds.Patient(claim.MemberId),
            Created = claim.History[^1].At.ToString("yyyy-MM-ddTHH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture),
            Insurer = FhirIds.Cmcm(),
            // Our claims do not record who gave the care: the provider is a contained organization saying so.
            Provider = new ResourceReference("#provider") { Display = UnknownProvider },
            Outcome = FhirClaimMapping.OutcomeOf(claim.Status),
            Disposition = FhirClaimMapping.Disposition(claim),
        };

        eob.Contained.Add(new Organization
        {
            Id = "provider",
            Name = UnknownProvider,
            Extension = [new Extension(DataAbsentReason, new Code("unknown"))],
        });
        var tiers = claim.Lines.SelectMany(l => l.Payments.Select(p => p.Tier).Concat(l.NotPaying.Select(n => n.Tier))).Distinct().Order().ToList();
        foreach (var tier in tiers.Count == 0 ? [Domain.Affiliation.Tier.RC] : tiers)
        {
            var coverage = FhirIds.Coverage(claim.FamilyId, claim.MemberId, tier);
            eob.Insurance.Add(new ExplanationOfBenefit.InsuranceComponent
            {
                Focal = eob.Insurance.Count == 0,
                Coverage = FhirIds.IsFhirId(coverage)
                    ? new ResourceReference("Coverage/" + coverage)
                    : new ResourceReference { Type = "Coverage", Identifier = new Identifier(FhirIds.FamilySystem, claim.FamilyId) },
            });
        }

        foreach (var line in claim.Lines)
        {
            var item = new ExplanationOfBenefit.ItemComponent
            {
                Sequence = line.LineNumber,
                ProductOrService = new CodeableConcept(FhirIds.BenefitSystem, line.BenefitCode),
                Serviced = new Date(line.DateOfCare.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                Net = FhirIds.Euros(line.Invoiced),
            };
            item.Adjudication.AddRange(FhirClaimMapping.Adjudications(line).Select(a => new ExplanationOfBenefit.AdjudicationComponent
            {
                Category = a.Category,
                Amount = a.Amount,
                Reason = a.Reason,
            }));
            eob.Item.Add(item);
        }

        eob.Total.AddRange(FhirClaimMapping.Totals(claim).Select(t => new ExplanationOfBenefit.TotalComponent { Category = t.Category, Amount = t.Amount }));
        eob.ProcessNote.AddRange(FhirClaimMapping.Notes(claim).Select((text, i) => new ExplanationOfBenefit.NoteComponent { Number = i + 1, Type = NoteType.Display, Text = text }));

        // The caps that bore on the claim, as they stand now.
        var keys = claim.Lines.SelectMany(l => l.Payments).SelectMany(p => p.Caps).Select(c => c.Key).OfType<string>().ToHashSet(StringComparer.Ordinal);
        eob.BenefitBalance.AddRange(caps.Where(c => keys.Contains(c.Key)).Select(Balance));
        return eob;
    }

    /// <summary>
    /// One cap: category the cap (our code, its description), unit individual or family, term (ours: year, lifetime,
    /// incident, trip; with HL7's annual and lifetime where there is one), and the amounts: benefit (allowed the limit,
    /// used what was paid), remaining (allowed what is left) and units (allowed and used) for caps that count them.
    /// </summary>
    public static ExplanationOfBenefit.BenefitBalanceComponent Balance(CapResponse cap)
    {
        var (unit, term) = Describe(cap.Key);
        var termConcept = new CodeableConcept(FhirIds.CapTermSystem, term);
        if (term is "year" or "lifetime")
        {
            termConcept.Coding.Add(new Coding(BenefitTermCodes, term == "year" ? "annual" : "lifetime"));
        }

        var balance = new ExplanationOfBenefit.BenefitBalanceComponent
        {
            Category = new CodeableConcept(FhirIds.CapSystem, cap.CapId, null, cap.Description),
            Name = cap.Description,
            Description = $"{cap.Key} ({string.Join(", ", cap.BenefitCodes)})",
            Unit = new CodeableConcept(BenefitUnitCodes, unit == "family" ? "family" : "individual", null, unit),
            Term = termConcept,
        };
        var benefit = new ExplanationOfBenefit.BenefitComponent { Type = new CodeableConcept(BenefitTypeCodes, "benefit"), Used = FhirIds.Euros(cap.Used) };
        if (cap.Limit is { } limit)
        {
            benefit.Allowed = FhirIds.Euros(limit);
        }

        balance.Financial.Add(benefit);
        if (cap.Remaining is { } remaining)
        {
            balance.Financial.Add(new ExplanationOfBenefit.BenefitComponent { Type = new CodeableConcept(FhirIds.BalanceSystem, "remaining"), Allowed = FhirIds.Euros(remaining) });
        }

        if (cap.UnitsLimit is { } units)
        {
            balance.Financial.Add(new ExplanationOfBenefit.BenefitComponent
            {
                Type = new CodeableConcept(FhirIds.BalanceSystem, "units"),
                Allowed = new UnsignedInt(units),
                Used = new UnsignedInt(cap.UnitsUsed),
            });
        }

        return balance;
    }

    /// <summary>"member:M1|DO.IMPLANT/year|2026" → (member, year); the accumulator key names whose it is and its term.</summary>
    public static (string Unit, string Term) Describe(string key)
    {
        var parts = key.Split('|');
        var unit = parts[0].StartsWith("family:", StringComparison.Ordinal) ? "family" : "member";
        var period = parts.Length > 2 ? parts[2] : "";
        var term = period switch
        {
            "lifetime" => "lifetime",
            "unit" => "unit",
            _ when period.StartsWith("incident:", StringComparison.Ordinal) => "incident",
            _ when period.StartsWith("trip:", StringComparison.Ordinal) => "trip",
            _ => "year",
        };
        return (unit, term);
    }
}
