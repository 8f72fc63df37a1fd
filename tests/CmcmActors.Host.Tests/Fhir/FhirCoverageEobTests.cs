// The SDK's model is nullable throughout; a missing element fails these assertions with a NullReferenceException anyway.
#nullable disable warnings

using System.Net;
using CmcmActors.Host.Api.Fhir;
using CmcmActors.Host.Tests.Support;
using Hl7.Fhir.Model;
using static CmcmActors.Host.Tests.Support.Api;
using Task = System.Threading.Tasks.Task;

namespace CmcmActors.Host.Tests.Fhir;

/// <summary>Coverage, ExplanationOfBenefit and CoverageEligibilityRequest on /fhir: exact contents, every resource valid.</summary>
[Collection(HostCollection.Name)]
public sealed class FhirCoverageEobTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task Coverage_ByBeneficiary_OnePerTier_MainAffiliateAsSubscriber_FirstCoveredDates()
    {
        var (familyId, mainId) = await _staff.EnrolledFamilyAsync();
        var spouse = await _staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");

        var bundle = await (await _staff.GetAsync($"/fhir/Coverage?beneficiary=Patient/{spouse}")).FhirAsync<Bundle>(HttpStatusCode.OK);

        var coverages = bundle.Entry.Select(e => (Coverage)e.Resource).ToList();
        // Applied 2025-12-10: cover from 2026-01-01; RC and PP wait 3 months, DO 6? The family's own dates say.
        var family = await _staff.GetJsonAsync($"/api/families/{familyId}");
        var firstCovered = family["tiers"]!.AsArray().ToDictionary(t => t!["tier"].Text(), t => t!["firstCoveredDate"].Text());
        Assert.Equal(
            [
                ("RC", firstCovered["RC"]),
                ("ASSIST", "2026-01-01"),
                ("PP", firstCovered["PP"]),
                ("DO", firstCovered["DO"]),
            ],
            coverages.Select(c => (c.Class[0].Value, c.Period.Start)));
        Assert.All(coverages, c =>
        {
            Assert.Equal((FinancialResourceStatusCodes.Active, $"Patient/{mainId}", $"Patient/{spouse}", familyId, "spouse", spouse),
                (c.Status!.Value, c.Subscriber.Reference, c.Beneficiary.Reference, c.SubscriberId, c.Relationship.Coding[0].Code, c.Dependent));
            Assert.Null(c.Period.End);
        });
        Assert.Equal(4, bundle.Total);
        Assert.Equal($"{host.BaseAddress}fhir/Coverage/{coverages[0].Id}", bundle.Entry[0].FullUrl);

        var read = await (await _staff.GetAsync($"/fhir/Coverage/{coverages[2].Id}")).FhirAsync<Coverage>(HttpStatusCode.OK);
        Assert.Equal(FhirJson.Serialize(coverages[2]), FhirJson.Serialize(read));
        var main = await (await _staff.GetAsync($"/fhir/Coverage?beneficiary={mainId}")).FhirAsync<Bundle>(HttpStatusCode.OK);
        Assert.All(main.Entry, e => Assert.Equal(("self", null), (((Coverage)e.Resource).Relationship.Coding[0].Code, ((Coverage)e.Resource).Dependent)));
    }

    [Fact]
    public async Task Coverage_UnknownOrUnsupported_OperationOutcomes()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync("RC");

        await (await _staff.GetAsync("/fhir/Coverage")).OutcomeAsync(HttpStatusCode.BadRequest, "beneficiary");
        await (await _staff.GetAsync($"/fhir/Coverage?beneficiary={memberId}&status=active")).OutcomeAsync(HttpStatusCode.BadRequest, "status");
        await (await _staff.GetAsync($"/fhir/Coverage?beneficiary={NewId("M")}")).OutcomeAsync(HttpStatusCode.NotFound, "beneficiary");
        await (await _staff.GetAsync($"/fhir/Coverage/{FhirIds.Coverage(familyId, memberId, Domain.Affiliation.Tier.DO)}")).OutcomeAsync(HttpStatusCode.NotFound, "id");
        await (await _staff.GetAsync("/fhir/Coverage/not.9valid")).OutcomeAsync(HttpStatusCode.NotFound, "id");
        await (await _staff.GetAsync("/fhir/Patient/x")).OutcomeAsync(HttpStatusCode.NotFound, "path");
        await (await host.CreateClient().GetAsync($"/fhir/Coverage?beneficiary={memberId}")).OutcomeAsync(HttpStatusCode.Unauthorized, "Authorization");
    }

    [Fact]
    public async Task Eob_DecidedClaims_WithTheCapBalances_AndByIdTheSame()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-IMPLANTS", Implants()))).JsonAsync(HttpStatusCode.Created);
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "WIG-1", Line("RC.WIG", 250m, 70m)))).JsonAsync(HttpStatusCode.Created);

        var bundle = await (await _staff.GetAsync($"/fhir/ExplanationOfBenefit?patient={memberId}")).FhirAsync<Bundle>(HttpStatusCode.OK);

        // The pended wig claim has no explanation of benefit yet.
        var eob = (ExplanationOfBenefit)Assert.Single(bundle.Entry).Resource;
        Assert.Equal((ExplanationOfBenefit.ExplanationOfBenefitStatus.Active, ClaimProcessingCodes.Complete, $"{memberId}/INV-IMPLANTS"),
            (eob.Status!.Value, eob.Outcome!.Value, eob.Identifier[0].Value));
        Assert.Equal(["RC.DENTAL.FLAT 2026-09-15 1900.00"], eob.Item.Select(i => $"{i.ProductOrService.Coding[0].Code} {((Date)i.Serviced).Value} {i.Net.Value:0.00}"));
        Assert.Equal(["benefit 1300.00"], eob.Total.Skip(1).Select(t => $"{t.Category.Coding[0].Code} {t.Amount!.Value:0.00}"));
        var balance = Assert.Single(eob.BenefitBalance);
        Assert.Equal(("DO.IMPLANT/year", "individual", "year", "annual"),
            (balance.Category.Coding[0].Code, balance.Unit.Coding[0].Code, balance.Term.Coding[0].Code, balance.Term.Coding[1].Code));
        Assert.Equal(["benefit allowed 2000.00 used 1000.00", "remaining allowed 1000.00 used -"],
            balance.Financial.Select(f => $"{f.Type.Coding[0].Code} allowed {((Money)f.Allowed).Value:0.00} used {(f.Used is Money m ? $"{m.Value:0.00}" : "-")}"));
        Assert.Equal([true, false], eob.Insurance.Select(i => i.Focal!.Value));
        Assert.Equal(["Coverage/" + FhirIds.Coverage(familyId, memberId, Domain.Affiliation.Tier.RC), "Coverage/" + FhirIds.Coverage(familyId, memberId, Domain.Affiliation.Tier.DO)],
            eob.Insurance.Select(i => i.Coverage.Reference));

        var read = await (await _staff.GetAsync($"/fhir/ExplanationOfBenefit/{eob.Id}")).FhirAsync<ExplanationOfBenefit>(HttpStatusCode.OK);
        Assert.Equal(FhirJson.Serialize(eob), FhirJson.Serialize(read));
        await (await _staff.GetAsync($"/fhir/ExplanationOfBenefit/{FhirIds.Claim(memberId, "WIG-1")}")).OutcomeAsync(HttpStatusCode.NotFound, "id");
        await (await _staff.GetAsync($"/fhir/ExplanationOfBenefit?patient={memberId}&_count=0")).OutcomeAsync(HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task Eob_Paged_WithTheBundlesNextLink()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        foreach (var invoice in new[] { "A-1", "A-2", "A-3" })
        {
            await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy")))).JsonAsync(HttpStatusCode.Created);
        }

        var first = await (await _staff.GetAsync($"/fhir/ExplanationOfBenefit?patient={memberId}&_count=2")).FhirAsync<Bundle>(HttpStatusCode.OK);
        var next = first.Link.Single(l => l.Relation == "next").Url;
        var second = await (await _staff.GetAsync(next)).FhirAsync<Bundle>(HttpStatusCode.OK);

        Assert.Equal(["A-1", "A-2", "A-3"], first.Entry.Concat(second.Entry).Select(e => ((ExplanationOfBenefit)e.Resource).Identifier[1].Value));
        Assert.DoesNotContain(second.Link, l => l.Relation == "next");
    }

    [Fact]
    public async Task Eligibility_Benefits_TheEstimate_ConsumingNothing_AndValidation()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var request = Eligibility(familyId, memberId, [CoverageEligibilityRequest.EligibilityRequestPurpose.Benefits, CoverageEligibilityRequest.EligibilityRequestPurpose.Validation]);
        var item = new CoverageEligibilityRequest.DetailsComponent
        {
            ProductOrService = new CodeableConcept(FhirIds.BenefitSystem, "RC.DENTAL.FLAT"),
            Quantity = new Quantity { Value = 2 },
            UnitPrice = FhirIds.Euros(950.00m),
        };
        item.Extension.Add(new Extension(FhirIds.StatutoryReimbursementExtension, FhirIds.Euros(0m)));
        item.Extension.Add(new Extension(FhirIds.LineExtension + "element", new FhirString("implant")));
        request.Item.Add(item);
        var estimate = await (await _staff.PostJsonAsync("/api/estimates", new { familyId, memberId, lines = new[] { Implants() } })).JsonAsync(HttpStatusCode.OK);

        var response = await (await _staff.PostFhirAsync("/fhir/CoverageEligibilityRequest", request)).FhirAsync<CoverageEligibilityResponse>(HttpStatusCode.OK);

        Assert.Equal((ClaimProcessingCodes.Complete, true), (response.Outcome!.Value, response.Insurance[0].Inforce!.Value));
        var benefits = Assert.Single(response.Insurance[0].Item).Benefit.Select(b => $"{b.Type.Coding[0].Code} {((Money)b.Allowed).Value:0.00}").ToList();
        Assert.Equal(["RC 300.00", "DO 1000.00", "benefit 1300.00"], benefits);
        Assert.Equal(1300m, estimate["totalPaid"].Decimal());
        Assert.Equal("#request", response.Request.Reference);
        var caps = (await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/caps?year=2026")).AsArray();
        Assert.Equal(0m, caps.Single(c => c!["capId"].Text() == "DO.IMPLANT/year")!["used"].Decimal());

        var validation = Eligibility(familyId, memberId, [CoverageEligibilityRequest.EligibilityRequestPurpose.Validation]);
        validation.Serviced = new Date("2026-01-15");
        var inWaiting = await (await _staff.PostFhirAsync("/fhir/CoverageEligibilityRequest", validation)).FhirAsync<CoverageEligibilityResponse>(HttpStatusCode.OK);
        Assert.Equal((true, 0), (inWaiting.Insurance[0].Inforce!.Value, inWaiting.Insurance[0].Item.Count));

        var discovery = Eligibility(familyId, memberId, [CoverageEligibilityRequest.EligibilityRequestPurpose.Discovery]);
        await (await _staff.PostFhirAsync("/fhir/CoverageEligibilityRequest", discovery)).OutcomeAsync(HttpStatusCode.BadRequest, "purpose");
    }

    private static CoverageEligibilityRequest Eligibility(string familyId, string memberId, CoverageEligibilityRequest.EligibilityRequestPurpose[] purposes) => new()
    {
        Status = FinancialResourceStatusCodes.Active,
        Purpose = [.. purposes.Select(p => (CoverageEligibilityRequest.EligibilityRequestPurpose?)p)],
        Patient = new ResourceReference("Patient/" + memberId),
        Created = "2026-09-20",
        Insurer = new ResourceReference("Organization/cmcm"),
        Serviced = new Date(Care),
        Insurance = [new CoverageEligibilityRequest.InsuranceComponent { Focal = true, Coverage = new ResourceReference("Coverage/" + FhirIds.Coverage(familyId, memberId, Domain.Affiliation.Tier.RC)) }],
    };
}
