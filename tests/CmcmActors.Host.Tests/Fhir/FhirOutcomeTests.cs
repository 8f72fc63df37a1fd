// The SDK's model is nullable throughout; a missing element fails these assertions with a NullReferenceException anyway.
#nullable disable warnings

using System.Net;
using CmcmActors.Host.Api.Fhir;
using CmcmActors.Host.Tests.Support;
using Hl7.Fhir.Model;
using static CmcmActors.Host.Tests.Support.Api;
using Task = System.Threading.Tasks.Task;

namespace CmcmActors.Host.Tests.Fhir;

/// <summary>Refusals, the family rules and errors on /fhir: each answer a valid resource with exact contents.</summary>
[Collection(HostCollection.Name)]
public sealed class FhirOutcomeTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task RefusedClaim_OutcomeError_WithTheLinesReasonAsError_AsTheJsonApiSays()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync("RC");

        var response = await (await _staff.PostFhirAsync("/fhir/Claim", FhirClient.Claim(familyId, memberId, "FRAMES-1", ("DO.OPTIC.FRAMES", 25m, 0m, null, null))))
            .FhirAsync<ClaimResponse>(HttpStatusCode.Created);
        var json = await _staff.GetJsonAsync($"/api/claims/{memberId}/FRAMES-1");

        Assert.Equal(("refused", ClaimProcessingCodes.Error), (json["status"].Text(), response.Outcome));
        var error = Assert.Single(response.Error);
        Assert.Equal((1, json["lines"]![0]!["reason"].Text(), json["lines"]![0]!["explanation"].Text()),
            (error.ItemSequence, error.Code.Coding[0].Code, error.Code.Text));
        Assert.Equal("0.00", $"{response.Total[1].Amount.Value:0.00}");
    }

    [Fact]
    public async Task CoAffiliatesToken_OwnCoverageOnly_WithoutTheMainAffiliate_AndOtherFamily403()
    {
        var (familyId, mainId) = await _staff.EnrolledFamilyAsync();
        var spouse = await _staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");
        var (otherFamily, otherMain) = await _staff.EnrolledFamilyAsync();
        var client = host.CreateClient(TestUser.Member(familyId, spouse));

        var own = await (await client.GetAsync($"/fhir/Coverage?beneficiary={spouse}")).FhirAsync<Bundle>(HttpStatusCode.OK);
        Assert.Equal(4, own.Entry.Count);
        Assert.All(own.Entry.Select(e => (Coverage)e.Resource), c => Assert.Equal((null, null, familyId), (c.Subscriber, c.PolicyHolder, c.SubscriberId)));
        Assert.DoesNotContain(mainId, FhirJson.Serialize(own), StringComparison.Ordinal);

        var main = await (await client.GetAsync($"/fhir/Coverage?beneficiary={mainId}")).OutcomeAsync(HttpStatusCode.Forbidden);
        Assert.Equal(OperationOutcome.IssueType.Forbidden, main.Issue[0].Code);
        var other = await (await client.GetAsync($"/fhir/ExplanationOfBenefit?patient={otherMain}")).OutcomeAsync(HttpStatusCode.Forbidden);
        Assert.DoesNotContain(otherFamily, FhirJson.Serialize(other), StringComparison.Ordinal);
        await (await client.PostFhirAsync("/fhir/Claim", FhirClient.Claim(familyId, mainId, "INV-NOT-MINE", ("RC.ALTMED", 40m, 0m, "osteopathy", null))))
            .OutcomeAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await _staff.GetJsonAsync($"/api/families/{familyId}/members/{mainId}/claims")).AsArray());
    }

    [Fact]
    public async Task NoToken_401OperationOutcome_NamingAuthorization()
    {
        var outcome = await (await host.CreateClient().PostFhirAsync("/fhir/Claim", FhirClient.Claim("F-1", "M-1", "INV-1", ("RC.ALTMED", 40m, 0m, "osteopathy", null))))
            .OutcomeAsync(HttpStatusCode.Unauthorized, "Authorization");
        Assert.Equal(OperationOutcome.IssueType.Login, outcome.Issue[0].Code);
    }

    [Fact]
    public async Task NotFhirJson_400OperationOutcome_NamingTheBody()
    {
        var response = await _staff.PostAsync("/fhir/Claim", new StringContent("<Claim/>", System.Text.Encoding.UTF8, "application/fhir+xml"));
        await response.OutcomeAsync(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task OpenApiDocument_LeavesOutFhir()
    {
        var document = await (await host.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        Assert.Contains("\"/api/claims\"", document, StringComparison.Ordinal);
        Assert.DoesNotContain("/fhir", document, StringComparison.Ordinal);
    }
}

/// <summary>The pure parts: ids, the keys of caps, the fields' FHIR paths. No host.</summary>
public sealed class FhirMappingTests
{
    [Theory]
    [InlineData("F-1", "M-1", "F-1.2M-1.2PP")]
    [InlineData("F.a_b", "m.2", "F.0a.1b.2m.02.2PP")]
    public void CoverageId_EscapesAndReadsBack(string family, string member, string id)
    {
        Assert.Equal(id, FhirIds.Coverage(family, member, Domain.Affiliation.Tier.PP));
        Assert.Equal((family, member, Domain.Affiliation.Tier.PP), FhirIds.ParseCoverage(id));
        Assert.True(FhirIds.IsFhirId(id));
    }

    [Theory]
    [InlineData("F-1.2M-1")]
    [InlineData("F-1.2M-1.2XX")]
    [InlineData("F-1.2M-1.2rc")]
    [InlineData("F-1.9M-1.2RC")]
    [InlineData("F-1.2M-1.2RC.")]
    [InlineData(".2M-1.2RC")]
    public void CoverageId_NotOneOfOurs_Null(string id) => Assert.Null(FhirIds.ParseCoverage(id));

    [Fact]
    public void ClaimId_ReadsBack() => Assert.Equal(("M_1", "INV.7"), FhirIds.ParseClaim(FhirIds.Claim("M_1", "INV.7")));

    [Theory]
    [InlineData("member:M1|DO.IMPLANT/year|2026", "member", "year")]
    [InlineData("family:F1|X/lifetime|lifetime", "family", "lifetime")]
    [InlineData("member:M1|ASSIST.TRIP/trip|trip:T1", "member", "trip")]
    [InlineData("member:M1|RC.X/incident|incident:I9|DT41", "member", "incident")]
    public void CapKey_UnitAndTerm(string key, string unit, string term) => Assert.Equal((unit, term), FhirEobMapping.Describe(key));

    [Theory]
    [InlineData("lines[2].invoiced", "Claim.item[2].net")]
    [InlineData("lines[0].dateOfCare", "Claim.item[0].servicedDate")]
    [InlineData("lines[1].statutoryReimbursement", "Claim.item[1].extension('https://cmcm.lu/fhir/StructureDefinition/line-statutoryReimbursement')")]
    [InlineData("lines[0].documents[1]", "Claim.item[0].extension('https://cmcm.lu/fhir/StructureDefinition/line-document')")]
    [InlineData("lines", "Claim.item")]
    [InlineData("memberId", "Claim.patient")]
    public void ClaimFields_AsFhirPaths(string field, string path) => Assert.Equal(path, FhirClaimMapping.ClaimPath(field));

    [Fact]
    public void InvalidCoverage_FailsTheValidator_SoAPassIsWorthSomething()
    {
        var errors = FhirValidation.Errors(new Coverage { Status = FinancialResourceStatusCodes.Active });
        Assert.Contains(errors, e => e.Contains("beneficiary", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("payor", StringComparison.Ordinal));
    }
}
