using System.Net;
using System.Text.Json.Nodes;
using CmcmActors.Host.Api.Fhir;
using CmcmActors.Host.Tests.Support;
using Hl7.Fhir.Model;
using static CmcmActors.Host.Tests.Support.Api;
using Task = System.Threading.Tasks.Task;

namespace CmcmActors.Host.Tests.Fhir;

/// <summary>
/// POST /fhir/Claim: decided by the JSON API's path. Each brochure example is sent once as JSON and once as FHIR (to two
/// families enrolled alike): the same decision to the cent, tier by tier and line by line; every ClaimResponse validates.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class FhirClaimTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    public static TheoryData<string> Examples => ["implants", "orthodontics", "trip", "wig", "frames-without-do"];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task BrochureExample_FhirClaim_SameDecisionAsTheJsonApi_ToTheCent(string example)
    {
        var (level, child, lines) = Example(example);
        var (jsonFamily, jsonMember) = await _staff.EnrolledFamilyAsync(level);
        var (fhirFamily, fhirMember) = await _staff.EnrolledFamilyAsync(level);
        if (child)
        {
            jsonMember = await _staff.CoAffiliateAsync(jsonFamily, "child", "2014-03-01");
            fhirMember = await _staff.CoAffiliateAsync(fhirFamily, "child", "2014-03-01");
        }

        var json = await (await _staff.PostJsonAsync("/api/claims", new
        {
            familyId = jsonFamily,
            memberId = jsonMember,
            invoiceReference = "INV-1",
            channel = "app",
            lines = lines.Select(l => l.Json).ToArray(),
        })).JsonAsync(HttpStatusCode.Created);

        var claim = new Claim
        {
            Identifier = [new Identifier(FhirIds.InvoiceSystem, "INV-1")],
            Status = FinancialResourceStatusCodes.Active,
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference("Patient/" + fhirMember),
            Created = "2026-09-20",
            Provider = new ResourceReference { Display = "Dr. Test" },
            Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
            Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference("Coverage/" + FhirIds.Coverage(fhirFamily, fhirMember, Domain.Affiliation.Tier.RC)) }],
            Item = [.. lines.Select((l, i) => l.Fhir(i + 1))],
        };
        var response = await (await _staff.PostFhirAsync("/fhir/Claim", claim)).FhirAsync<ClaimResponse>(HttpStatusCode.Created);

        Assert.Equal(Expected(json), Decision(response));
        Assert.Equal(OutcomeOf(json["status"].Text()), response.Outcome);
        Assert.Equal(json["explanation"]?.GetValue<string>() ?? json["status"].Text(), response.Disposition);
        Assert.Equal([$"{fhirMember}/INV-1", "INV-1"], response.Identifier.Select(i => i.Value));
    }

    [Fact]
    public async Task Implants_ClaimResponse_ExactAdjudications()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var response = await (await _staff.PostFhirAsync("/fhir/Claim", FhirClient.Claim(familyId, memberId, "INV-IMPLANTS", ("RC.DENTAL.FLAT", 1900.00m, 0m, "implant", 2))))
            .FhirAsync<ClaimResponse>(HttpStatusCode.Created);

        Assert.Equal((ClaimProcessingCodes.Complete, "oral"), (response.Outcome, response.Type.Coding[0].Code));
        var item = Assert.Single(response.Item);
        Assert.Equal(
            ["submitted 1900.00", "statutory 0.00", "uncovered 1900.00", "RC 300.00", "DO 1000.00", "benefit 1300.00"],
            item.Adjudication.Select(a => $"{a.Category.Coding[0].Code} {a.Amount!.Value:0.00}"));
        Assert.Equal(["submitted 1900.00", "benefit 1300.00"], response.Total.Select(t => $"{t.Category.Coding[0].Code} {t.Amount!.Value:0.00}"));
        Assert.Empty(response.ProcessNote);
    }

    [Fact]
    public async Task Pended_Queued_WithTheDepartmentAndTheExpectedTimeAsProcessNotes()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var response = await (await _staff.PostFhirAsync("/fhir/Claim", FhirClient.Claim(familyId, memberId, "WIG-1", ("RC.WIG", 250m, 70m, null, null))))
            .FhirAsync<ClaimResponse>(HttpStatusCode.Created);

        Assert.Equal(ClaimProcessingCodes.Queued, response.Outcome);
        Assert.Equal(2, response.ProcessNote.Count);
        Assert.Equal("Pended with department national: expected within 5 week(s) for claims sent by app.", response.ProcessNote[0].Text);
        Assert.StartsWith("Needed: ", response.ProcessNote[1].Text, StringComparison.Ordinal);
        Assert.Equal(["benefit 0.00"], response.Total.Skip(1).Select(t => $"{t.Category.Coding[0].Code} {t.Amount!.Value:0.00}"));
    }

    [Fact]
    public async Task SameIdentifierAgain_SameClaim_200_AndOtherLinesUnderIt_409OperationOutcome()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var claim = FhirClient.Claim(familyId, memberId, "INV-TWICE", ("RC.DENTAL.FLAT", 1900.00m, 0m, "implant", 2));

        var first = await (await _staff.PostFhirAsync("/fhir/Claim", claim)).FhirAsync<ClaimResponse>(HttpStatusCode.Created);
        var again = await (await _staff.PostFhirAsync("/fhir/Claim", claim)).FhirAsync<ClaimResponse>(HttpStatusCode.OK);
        var asJson = await _staff.GetJsonAsync($"/api/claims/{memberId}/INV-TWICE");

        Assert.Equal(FhirJson.Serialize(first), FhirJson.Serialize(again));
        Assert.Equal((1300m, 1L), (asJson["totalPaid"].Decimal(), asJson["version"]!.GetValue<long>()));
        Assert.Single((await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/claims")).AsArray());

        var other = FhirClient.Claim(familyId, memberId, "INV-TWICE", ("RC.ALTMED", 40m, 0m, "osteopathy", null));
        var conflict = await (await _staff.PostFhirAsync("/fhir/Claim", other)).OutcomeAsync(HttpStatusCode.Conflict);
        Assert.Equal(OperationOutcome.IssueType.Conflict, conflict.Issue[0].Code);
        Assert.Equal(1300m, (await _staff.GetJsonAsync($"/api/claims/{memberId}/INV-TWICE"))["totalPaid"].Decimal());
    }

    [Fact]
    public async Task SameIdentifier_TenAtOnce_OneClaim_OneCreated()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var claim = FhirClient.Claim(familyId, memberId, "INV-RACE", ("RC.DENTAL.FLAT", 1900.00m, 0m, "implant", 2));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _staff.PostFhirAsync("/fhir/Claim", claim)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var caps = (await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/caps?year=2026")).AsArray();
        Assert.Equal(1000m, caps.Single(c => c!["capId"].Text() == "DO.IMPLANT/year")!["used"].Decimal());
    }

    [Fact]
    public async Task BadClaim_400OperationOutcome_NamingOurFieldAndTheFhirElement_AndNothingChanges()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var claim = FhirClient.Claim(familyId, memberId, "INV-BAD", ("RC.NO.SUCH.BENEFIT", 100.005m, 0m, null, null));

        var outcome = await (await _staff.PostFhirAsync("/fhir/Claim", claim)).OutcomeAsync(HttpStatusCode.BadRequest);

        Assert.Contains(outcome.Issue, i => i.Expression.SequenceEqual(["lines[0].invoiced", "Claim.item[0].net"]) && i.Diagnostics == "An amount has at most two decimals.");
        Assert.Contains(outcome.Issue, i => i.Expression.SequenceEqual(["lines[0].benefitCode", "Claim.item[0].productOrService"]));
        Assert.Empty((await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/claims")).AsArray());
    }

    [Fact]
    public async Task NotAClaim_400_NamingTheElement()
    {
        var response = await _staff.PostAsync("/fhir/Claim", new StringContent("""{"resourceType":"Claim","status":"active","item":[{"net":{"value":"ten"}}]}""",
            System.Text.Encoding.UTF8, FhirJson.MediaType));

        var outcome = await response.OutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Contains(outcome.Issue, i => i.Expression.Contains("Claim.item[0].net.value"));
    }

    [Fact]
    public async Task MemberToken_StaffOnlyFactsStripped_AsThroughTheJsonApi()
    {
        // A member says the care was authorised: a fact only staff may state. Both faces decide without it.
        var (jsonFamily, jsonMember) = await _staff.EnrolledFamilyAsync();
        var (fhirFamily, fhirMember) = await _staff.EnrolledFamilyAsync();
        var jsonUser = host.CreateClient(TestUser.Member(jsonFamily, jsonMember, mainAffiliate: true));
        var fhirUser = host.CreateClient(TestUser.Member(fhirFamily, fhirMember, mainAffiliate: true));

        var json = await (await jsonUser.PostJsonAsync("/api/claims", new
        {
            familyId = jsonFamily,
            memberId = jsonMember,
            invoiceReference = "WIG-M",
            channel = "app",
            lines = new[] { new { benefitCode = "RC.WIG", dateOfCare = Care, invoiced = 250m, statutoryReimbursement = 70m, authorised = true } },
        })).JsonAsync(HttpStatusCode.Created);
        var claim = FhirClient.Claim(fhirFamily, fhirMember, "WIG-M", ("RC.WIG", 250m, 70m, null, null));
        claim.Item[0].Extension.Add(new Extension(FhirIds.LineExtension + "authorised", new FhirBoolean(true)));
        var response = await (await fhirUser.PostFhirAsync("/fhir/Claim", claim)).FhirAsync<ClaimResponse>(HttpStatusCode.Created);

        Assert.Equal(Expected(json), Decision(response));
        Assert.Equal((OutcomeOf(json["status"].Text()), "pended"), (response.Outcome, json["status"].Text()));
        var stored = await _staff.GetJsonAsync($"/api/claims/{fhirMember}/WIG-M");
        Assert.Equal(json["lines"]!.ToJsonString(), stored["lines"]!.ToJsonString());
    }

    private static ClaimProcessingCodes OutcomeOf(string status) => status switch
    {
        "approved" => ClaimProcessingCodes.Complete,
        "partiallyApproved" => ClaimProcessingCodes.Partial,
        "refused" => ClaimProcessingCodes.Error,
        _ => ClaimProcessingCodes.Queued,
    };

    /// <summary>The decision in the JSON API's answer: per line, what each tier paid (or 0 and why not) and the line's total; then the claim's total.</summary>
    private static List<string> Expected(JsonNode json)
    {
        var result = new List<string>();
        foreach (var line in json["lines"]!.AsArray())
        {
            var tiers = line!["payments"]!.AsArray().Select(p => $"{p!["tier"].Text()} {p["amount"].Decimal():0.00}")
                .Concat(line["notPaying"]!.AsArray().Select(n => $"{n!["tier"].Text()} 0.00 {n["reason"].Text()}"));
            result.Add($"{line["lineNumber"]}: {string.Join(", ", tiers)}; paid {line["paid"].Decimal():0.00} {line["reason"]?.GetValue<string>() ?? "paid"}");
        }

        result.Add($"total {json["totalPaid"].Decimal():0.00}");
        return result;
    }

    private static List<string> Decision(ClaimResponse response)
    {
        var result = new List<string>();
        foreach (var item in response.Item)
        {
            var tiers = item.Adjudication.Where(a => a.Category.Coding[0].System == FhirIds.TierSystem)
                .Select(a => $"{a.Category.Coding[0].Code} {a.Amount!.Value:0.00}{(a.Amount!.Value == 0m && a.Reason is { } r ? " " + r.Coding[0].Code : "")}");
            var benefit = item.Adjudication.Single(a => a.Category.Coding[0].Code == "benefit");
            result.Add($"{item.ItemSequence}: {string.Join(", ", tiers)}; paid {benefit.Amount!.Value:0.00} {benefit.Reason?.Coding[0].Code ?? "paid"}");
        }

        result.Add($"total {response.Total.Single(t => t.Category.Coding[0].Code == "benefit").Amount.Value:0.00}");
        return result;
    }

    private static (string Level, bool Child, (object Json, Func<int, Claim.ItemComponent> Fhir)[] Lines) Example(string name) => name switch
    {
        "implants" => ("RC+PP+DO", false, [Both("RC.DENTAL.FLAT", 1900.00m, 0m, "implant", 2)]),
        "orthodontics" => ("RC+PP+DO", true,
        [
            Both("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.90m, "DT41"), Both("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.60m, "DT42"),
            Both("RC.DENTAL.ORTHO.CHILD", 1510.00m, 702.30m, "DT43"), Both("RC.DENTAL.ORTHO.CHILD", 1430.00m, 633.00m, "DT44"),
            Both("RC.DENTAL.ORTHO.CHILD", 1430.00m, 632.60m, "DT45"),
        ]),
        "trip" => ("RC+PP+DO", false, [Trip()]),
        "wig" => ("RC+PP+DO", false, [Both("RC.WIG", 250m, 70m)]),
        "frames-without-do" => ("RC", false, [Both("DO.OPTIC.FRAMES", 25m, 0m)]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static (object, Func<int, Claim.ItemComponent>) Both(string code, decimal invoiced, decimal statutory, string? element = null, int? units = null) =>
        (Line(code, invoiced, statutory, element, units), i => FhirClient.Item(i, code, invoiced, statutory, element, units));

    private static (object, Func<int, Claim.ItemComponent>) Trip() => (TripCancellationWithoutRefundDecision("T1"), i =>
    {
        var item = FhirClient.Item(i, "ASSIST.TRIP.CANCEL", 900.00m, 0m);
        item.Extension.Add(new Extension(FhirIds.LineExtension + "circumstance", new Code("illness")));
        item.Extension.Add(new Extension(FhirIds.LineExtension + "document", new FhirString("travel-invoices")));
        item.Extension.Add(new Extension(FhirIds.LineExtension + "tripId", new FhirString("T1")));
        return item;
    });
}
