using System.Net;
using System.Text.Json.Nodes;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Claims;

/// <summary>Every kind of bad claim is a 400 that names the field, and changes nothing.</summary>
[Collection(HostCollection.Name)]
public sealed class ClaimValidationTests(HostFixture host)
{
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Theory]
    [InlineData("invoiced", "-5", "lines[0].invoiced", "The amount cannot be negative.")]
    [InlineData("invoiced", "12.345", "lines[0].invoiced", "An amount has at most two decimals.")]
    [InlineData("invoiced", "5000000", "lines[0].invoiced", "The amount is above 1,000,000.00, which is not plausible here.")]
    [InlineData("invoiced", "1e30", "lines[0].invoiced", "Expected a number.")]
    [InlineData("invoiced", "\"25\"", "lines[0].invoiced", "Expected a number.")]
    [InlineData("invoiced", "null", "lines[0].invoiced", "Required.")]
    [InlineData("statutoryReimbursement", "30", "lines[0].statutoryReimbursement", "The statutory reimbursement cannot exceed the invoiced amount.")]
    [InlineData("statutoryReimbursement", "-1", "lines[0].statutoryReimbursement", "The amount cannot be negative.")]
    [InlineData("benefitCode", "\"XX.UNKNOWN\"", "lines[0].benefitCode", "Unknown benefit code 'XX.UNKNOWN'.")]
    [InlineData("benefitCode", "null", "lines[0].benefitCode", "Required.")]
    [InlineData("dateOfCare", "\"2030-01-01\"", "lines[0].dateOfCare", "The date of care 2030-01-01 is in the future.")]
    [InlineData("dateOfCare", "\"15/09/2026\"", "lines[0].dateOfCare", "Expected a date as yyyy-MM-dd.")]
    [InlineData("units", "\"two\"", "lines[0].units", "Expected a whole number.")]
    [InlineData("units", "0", "lines[0].units", "Units must be between 1 and 100.")]
    [InlineData("units", "1.5", "lines[0].units", "Expected a whole number.")]
    [InlineData("countryOfCare", "\"Luxembourg\"", "lines[0].countryOfCare", "The country of care is a two-letter ISO code such as LU.")]
    [InlineData("documents", "[\"\"]", "lines[0].documents[0]", "Required.")]
    [InlineData("colour", "\"red\"", "lines[0].colour", "Unknown field.")]
    public async Task Submit_OneLineFieldWrong_400NamingIt_AndNothingRecorded(string property, string json, string field, string message)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var line = new JsonObject
        {
            ["benefitCode"] = "DO.OPTIC.FRAMES",
            ["dateOfCare"] = Care,
            ["invoiced"] = 25.00m,
            ["statutoryReimbursement"] = 0m,
        };
        line[property] = JsonNode.Parse(json);
        var body = new JsonObject { ["familyId"] = familyId, ["memberId"] = memberId, ["invoiceReference"] = "INV-BAD", ["channel"] = "post", ["lines"] = new JsonArray(line) };

        var messages = await (await _staff.PostRawAsync("/api/claims", body.ToJsonString())).ProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal([message], messages);
        await AssertNothingRecordedAsync(familyId, memberId, "INV-BAD");
    }

    [Theory]
    [InlineData("familyId", "null", "familyId")]
    [InlineData("memberId", "\"M/1\"", "memberId")]
    [InlineData("invoiceReference", "\"INV 1\"", "invoiceReference")]
    [InlineData("invoiceReference", "\"\"", "invoiceReference")]
    [InlineData("channel", "\"fax\"", "channel")]
    [InlineData("channel", "null", "channel")]
    [InlineData("receivedOn", "\"2099-01-01\"", "receivedOn")]
    [InlineData("receivedOn", "\"2026-09-01\"", "lines[0].dateOfCare")]
    [InlineData("lines", "[]", "lines")]
    [InlineData("lines", "null", "lines")]
    [InlineData("lines", "{}", "lines")]
    [InlineData("lines", "[null]", "lines[0]")]
    public async Task Submit_OneClaimFieldWrong_400NamingIt_AndNothingRecorded(string property, string json, string field)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(ClaimBody(familyId, memberId, "INV-BAD", Line("DO.OPTIC.FRAMES", 25m)), Web))!.AsObject();
        body[property] = JsonNode.Parse(json);

        await (await _staff.PostRawAsync("/api/claims", body.ToJsonString())).ProblemAsync(HttpStatusCode.BadRequest, field);

        await AssertNothingRecordedAsync(familyId, memberId, "INV-BAD");
    }

    [Fact]
    public async Task Submit_SeveralMistakes_400NamingEveryOne()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var problem = await (await _staff.PostJsonAsync("/api/claims", new
        {
            familyId,
            memberId,
            invoiceReference = "INV-MANY",
            channel = "app",
            lines = new object[]
            {
                new { benefitCode = "NOPE", dateOfCare = "2030-01-01", invoiced = 5.123m, statutoryReimbursement = 0m },
                new { benefitCode = "RC.ALTMED", dateOfCare = Care, invoiced = 50m, statutoryReimbursement = 60m, element = "osteopathy" },
            },
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["lines[0].benefitCode", "lines[0].dateOfCare", "lines[0].invoiced", "lines[1].statutoryReimbursement"],
            problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        await AssertNothingRecordedAsync(familyId, memberId, "INV-MANY");
    }

    [Fact]
    public async Task Submit_MalformedJson_400NamingTheLineWhereItBroke()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var json = $"{{\"familyId\":\"{familyId}\",\"memberId\":\"{memberId}\",\"invoiceReference\":\"INV-X\",\"channel\":\"app\",\"lines\":[{{\"benefitCode\":\"DO.OPTIC.FRAMES\",\"invoiced\": 25,,}}]}}";

        var messages = await (await _staff.PostRawAsync("/api/claims", json)).ProblemAsync(HttpStatusCode.BadRequest, "lines[0]");

        Assert.StartsWith("Malformed JSON at line 1", Assert.Single(messages), StringComparison.Ordinal);
        await AssertNothingRecordedAsync(familyId, memberId, "INV-X");
    }

    [Fact]
    public async Task Submit_EmptyBody_400NamingTheBody()
    {
        await (await _staff.PostRawAsync("/api/claims", "")).ProblemAsync(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task Submit_NullBody_400NamingTheBody()
    {
        await (await _staff.PostRawAsync("/api/claims", "null")).ProblemAsync(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task Submit_BodyOver256KB_400NamingTheBody()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var lines = Enumerable.Range(0, 2000).Select(_ => TripCancellationWithoutRefundDecision(new string('T', 60))).ToArray();

        // Expect: 100-continue, as a careful client sends a large body: the host refuses it before reading it, and the
        // client, which waits for the go-ahead, never writes into a closed connection (a broken pipe, flaky under load).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/claims") { Content = System.Net.Http.Json.JsonContent.Create(ClaimBody(familyId, memberId, "INV-HUGE", lines)) };
        request.Headers.ExpectContinue = true;
        await (await _staff.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest, "body");

        await AssertNothingRecordedAsync(familyId, memberId, "INV-HUGE");
    }

    [Fact]
    public async Task Submit_MoreThanFiftyLines_400NamingLines()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var lines = Enumerable.Range(0, 51).Select(_ => Line("DO.OPTIC.FRAMES", 1m)).ToArray();

        Assert.Equal(["A claim has at most 50 lines."], await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-51", lines)))
            .ProblemAsync(HttpStatusCode.BadRequest, "lines"));
    }

    [Fact]
    public async Task Estimate_WithTheSameMistakes_400NamingTheSameFields()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var problem = await (await _staff.PostJsonAsync("/api/estimates", new
        {
            familyId,
            memberId,
            lines = new object[] { new { benefitCode = "DO.OPTIC.FRAMES", dateOfCare = "2030-01-01", invoiced = 25m, statutoryReimbursement = 26m } },
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["lines[0].dateOfCare", "lines[0].statutoryReimbursement"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    private async Task AssertNothingRecordedAsync(string familyId, string memberId, string invoice)
    {
        await (await _staff.GetAsync($"/api/claims/{memberId}/{invoice}")).ProblemAsync(HttpStatusCode.NotFound, "invoiceReference");
        Assert.Empty((await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/claims")).AsArray());
        Assert.Empty((await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/audit")).AsArray());
    }
}
