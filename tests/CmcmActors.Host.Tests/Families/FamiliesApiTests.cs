using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Families;

[Collection(HostCollection.Name)]
public sealed class FamiliesApiTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task Enrol_ValidFamily_201WithLocationAndTheFamilyView()
    {
        var familyId = NewId("F");
        var memberId = NewId("M");

        var response = await _staff.PostJsonAsync("/api/families", EnrolBody(familyId, memberId));
        var family = await response.JsonAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/families/{familyId}", response.Headers.Location?.OriginalString);
        Assert.Equal((familyId, "RC+PP+DO", false, "firstTime"), (family["familyId"].Text(), family["level"].Text(), family["affiliationInEffect"]!.GetValue<bool>(), family["enrolmentReason"].Text()));
        var main = Assert.Single(family["members"]!.AsArray());
        Assert.Equal((memberId, "mainAffiliate", "1980-05-01", Applied), (main!["memberId"].Text(), main["kind"].Text(), main["birthDate"].Text(), main["addedOn"].Text()));
        var tiers = family["tiers"]!.AsArray().ToDictionary(t => t!["tier"].Text(), t => (t!["start"].Text(), t["firstCoveredDate"].Text()));
        Assert.Equal(("2026-01-01", "2026-04-01"), tiers["RC"]);
        Assert.Equal(("2026-01-01", "2026-04-01"), tiers["DO"]);
        Assert.Equal(("2026-01-01", "2026-01-01"), tiers["ASSIST"]);
    }

    [Fact]
    public async Task Enrol_SameFamilyTwice_409AlreadyEnrolled()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();

        var problem = await (await _staff.PostJsonAsync("/api/families", EnrolBody(familyId, NewId("M")))).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(("already-enrolled", $"Family {familyId} is already enrolled."), (problem["code"].Text(), problem["errors"]!["familyId"]![0].Text()));
    }

    [Fact]
    public async Task Enrol_MainMemberAlreadyInAnotherFamily_409NamingMainMemberId_AndNothingEnrolled()
    {
        var (_, memberId) = await _staff.EnrolledFamilyAsync();
        var other = NewId("F");

        await (await _staff.PostJsonAsync("/api/families", EnrolBody(other, memberId))).ProblemAsync(HttpStatusCode.Conflict, "mainMemberId");

        await (await _staff.GetAsync($"/api/families/{other}")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
    }

    [Fact]
    public async Task Enrol_NotEligible_409NamingEligibility()
    {
        var body = EnrolBody(NewId("F"), NewId("M"), eligibility: new { memberOfRecognisedMutual = false, paysMutualityFamilyContribution = false, insurance = "luxembourgFund", domicileCountry = "LU" });

        var messages = await (await _staff.PostJsonAsync("/api/families", body)).ProblemAsync(HttpStatusCode.Conflict, "eligibility");

        Assert.Contains("recognised mutual", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enrol_EmptyObject_400NamingEveryRequiredField()
    {
        var problem = await (await _staff.PostRawAsync("/api/families", "{}")).ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["applicationReceived", "eligibility", "familyId", "level", "mainBirthDate", "mainMemberId", "reason"], errors.Select(e => e.Key).Order());
        Assert.All(errors, e => Assert.Equal("Required.", e.Value![0].Text()));
    }

    [Theory]
    [InlineData("familyId", "\"F 1\"", "familyId")]
    [InlineData("familyId", "\"" + "F123456789F123456789F123456789F123456789F123456789F123456789F12345" + "\"", "familyId")]
    [InlineData("level", "\"GOLD\"", "level")]
    [InlineData("level", "2", "level")]
    [InlineData("reason", "\"because\"", "reason")]
    [InlineData("mainBirthDate", "\"1980-13-01\"", "mainBirthDate")]
    [InlineData("mainBirthDate", "\"2026-01-01\"", "mainBirthDate")]
    [InlineData("applicationReceived", "\"2099-01-01\"", "applicationReceived")]
    [InlineData("eligibility", "{\"memberOfRecognisedMutual\":\"yes\",\"insurance\":\"luxembourgFund\",\"domicileCountry\":\"LU\"}", "eligibility.memberOfRecognisedMutual")]
    [InlineData("eligibility", "{\"memberOfRecognisedMutual\":true,\"insurance\":\"luxembourgFund\",\"domicileCountry\":\"Luxembourg\"}", "eligibility.domicileCountry")]
    [InlineData("eligibility", "{\"memberOfRecognisedMutual\":true,\"domicileCountry\":\"LU\"}", "eligibility.insurance")]
    [InlineData("statutoryPeriods", "[{\"from\":\"2010-01-01\",\"to\":\"2009-12-31\"}]", "statutoryPeriods[0].to")]
    [InlineData("statutoryPeriods", "[{\"from\":\"2010-01-01\"},{\"from\":\"2012-01-01\"}]", "statutoryPeriods")]
    [InlineData("statutoryPeriods", "[{\"to\":\"2012-01-01\"}]", "statutoryPeriods[0].from")]
    [InlineData("nickname", "\"Jos\"", "nickname")]
    public async Task Enrol_OneFieldWrong_400NamingIt_AndNothingEnrolled(string property, string json, string field)
    {
        var familyId = NewId("F");
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(EnrolBody(familyId, NewId("M"), birth: "1980-05-01")))!.AsObject();
        body[property] = System.Text.Json.Nodes.JsonNode.Parse(json);

        await (await _staff.PostRawAsync("/api/families", body.ToJsonString())).ProblemAsync(HttpStatusCode.BadRequest, field);

        if (property != "familyId")
        {
            await (await _staff.GetAsync($"/api/families/{familyId}")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
        }
    }

    [Fact]
    public async Task Enrol_BirthAfterTheApplication_400NamingMainBirthDate()
    {
        var messages = await (await _staff.PostJsonAsync("/api/families", EnrolBody(NewId("F"), NewId("M"), birth: "2025-12-11"))).ProblemAsync(HttpStatusCode.BadRequest, "mainBirthDate");

        Assert.Equal(["The birth date 2025-12-11 is after the application date 2025-12-10."], messages);
    }

    [Fact]
    public async Task Enrol_MalformedJson_400NamingThePath()
    {
        var messages = await (await _staff.PostRawAsync("/api/families", "{\"familyId\": \"F-1\", \"level\": }")).ProblemAsync(HttpStatusCode.BadRequest, "level");

        Assert.StartsWith("Malformed JSON at line 1", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enrol_NotJson_415NamingTheBody()
    {
        await (await _staff.PostRawAsync("/api/families", "familyId=F-1", "application/x-www-form-urlencoded")).ProblemAsync(HttpStatusCode.UnsupportedMediaType, "body");
    }

    [Fact]
    public async Task Enrol_BodyOver256KB_400NamingTheBody()
    {
        var huge = "{\"familyId\":\"" + new string('x', 300 * 1024) + "\"}";

        var messages = await (await _staff.PostRawAsync("/api/families", huge)).ProblemAsync(HttpStatusCode.BadRequest, "body");

        Assert.Equal(["The body is larger than 256 KB."], messages);
    }

    [Fact]
    public async Task Enrol_ChunkedBodyOver256KB_400NamingTheBody()
    {
        var huge = System.Text.Encoding.UTF8.GetBytes("{\"familyId\":\"" + new string('x', 300 * 1024) + "\"}");
        using var content = new StreamContent(new MemoryStream(huge));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/families") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await (await _staff.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task Get_UnknownFamily_404NamingFamilyId()
    {
        await (await _staff.GetAsync($"/api/families/{NewId("F")}")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
    }

    [Fact]
    public async Task Get_InvalidFamilyId_400NamingFamilyId()
    {
        await (await _staff.GetAsync("/api/families/F%20ONE")).ProblemAsync(HttpStatusCode.BadRequest, "familyId");
    }

    [Fact]
    public async Task AddCoAffiliate_Child_201AndTheChildIsOnTheRoster()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();
        var childId = NewId("C");

        var response = await _staff.PostJsonAsync($"/api/families/{familyId}/members",
            new { memberId = childId, kind = "child", birthDate = "2014-03-01", coInsuredWithMainAffiliate = true, addedOn = Applied });
        var family = await response.JsonAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/families/{familyId}/members/{childId}", response.Headers.Location?.OriginalString);
        Assert.Contains(family["members"]!.AsArray(), m => m!["memberId"].Text() == childId && m["kind"].Text() == "child");
    }

    [Fact]
    public async Task AddCoAffiliate_AsMainAffiliate_400NamingKind()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();

        await (await _staff.PostJsonAsync($"/api/families/{familyId}/members",
            new { memberId = NewId("M"), kind = "mainAffiliate", birthDate = "1980-01-01", addedOn = Applied })).ProblemAsync(HttpStatusCode.BadRequest, "kind");
    }

    [Fact]
    public async Task AddCoAffiliate_AddedBeforeTheFamilyApplied_400NamingAddedOn()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();

        await (await _staff.PostJsonAsync($"/api/families/{familyId}/members",
            new { memberId = NewId("C"), kind = "child", birthDate = "2014-03-01", addedOn = "2025-01-01" })).ProblemAsync(HttpStatusCode.BadRequest, "addedOn");
    }

    [Fact]
    public async Task AddCoAffiliate_SecondSpouse_409NamingKind()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();
        await _staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");

        var response = await _staff.PostJsonAsync($"/api/families/{familyId}/members",
            new { memberId = NewId("S"), kind = "spouseOrPartner", birthDate = "1983-03-03", coInsuredWithMainAffiliate = true, addedOn = Applied });

        await response.ProblemAsync(HttpStatusCode.Conflict, "kind");
    }

    [Fact]
    public async Task AddCoAffiliate_UnknownFamily_404NamingFamilyId()
    {
        await (await _staff.PostJsonAsync($"/api/families/{NewId("F")}/members",
            new { memberId = NewId("C"), kind = "child", birthDate = "2014-03-01", addedOn = Applied })).ProblemAsync(HttpStatusCode.NotFound, "familyId");
    }

    [Fact]
    public async Task Removal_BeforeTheMemberWasAdded_400NamingEffective_AndTheRosterIsUnchanged()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();
        var spouse = await _staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");
        var before = (await _staff.GetJsonAsync($"/api/families/{familyId}")).ToJsonString();

        var messages = await (await _staff.PostJsonAsync($"/api/families/{familyId}/members/{spouse}/removal", new { effective = "2025-11-30" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "effective");

        Assert.Equal(["The removal (2025-11-30) is before the member was added (2025-12-10)."], messages);
        Assert.Equal(before, (await _staff.GetJsonAsync($"/api/families/{familyId}")).ToJsonString());
    }

    [Fact]
    public async Task Removal_CoAffiliate_200WithTheDateTheMemberLeft()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();
        var spouse = await _staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");

        var family = await (await _staff.PostJsonAsync($"/api/families/{familyId}/members/{spouse}/removal", new { effective = "2026-11-01" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("2026-11-01", family["members"]!.AsArray().Single(m => m!["memberId"].Text() == spouse)!["leftOn"].Text());
    }

    [Fact]
    public async Task Removal_MainAffiliate_409NamingMemberId()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        await (await _staff.PostJsonAsync($"/api/families/{familyId}/members/{memberId}/removal", new { effective = "2026-11-01" })).ProblemAsync(HttpStatusCode.Conflict, "memberId");
    }

    [Fact]
    public async Task Removal_UnknownMember_404NamingMemberId()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();

        await (await _staff.PostJsonAsync($"/api/families/{familyId}/members/{NewId("M")}/removal", new { effective = "2026-11-01" })).ProblemAsync(HttpStatusCode.NotFound, "memberId");
    }

    [Fact]
    public async Task Payment_Recorded_200AndTheAffiliationTakesEffect()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync(paid: false);

        var family = await (await _staff.PostJsonAsync($"/api/families/{familyId}/payments", new { year = 2026, amount = 95.50m, paidOn = "2025-12-20" })).JsonAsync(HttpStatusCode.OK);

        Assert.True(family["affiliationInEffect"]!.GetValue<bool>());
        var payment = Assert.Single(family["payments"]!.AsArray());
        Assert.Equal((2026, 95.50m, "2025-12-20"), (payment!["year"]!.GetValue<int>(), payment["amount"].Decimal(), payment["paidOn"].Text()));
    }

    [Theory]
    [InlineData("{\"year\":2026,\"amount\":-5,\"paidOn\":\"2025-12-20\"}", "amount")]
    [InlineData("{\"year\":2026,\"amount\":0,\"paidOn\":\"2025-12-20\"}", "amount")]
    [InlineData("{\"year\":2026,\"amount\":12.345,\"paidOn\":\"2025-12-20\"}", "amount")]
    [InlineData("{\"year\":2026,\"amount\":5000000,\"paidOn\":\"2025-12-20\"}", "amount")]
    [InlineData("{\"year\":2026,\"amount\":\"95\",\"paidOn\":\"2025-12-20\"}", "amount")]
    [InlineData("{\"year\":1850,\"amount\":95,\"paidOn\":\"2025-12-20\"}", "year")]
    [InlineData("{\"year\":2026,\"amount\":95,\"paidOn\":\"2099-12-20\"}", "paidOn")]
    [InlineData("{\"year\":2026,\"amount\":95,\"paidOn\":\"2025-01-20\"}", "paidOn")]
    [InlineData("{\"year\":2026,\"amount\":95}", "paidOn")]
    public async Task Payment_OneFieldWrong_400NamingIt_AndNoPaymentRecorded(string json, string field)
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync(paid: false);

        await (await _staff.PostRawAsync($"/api/families/{familyId}/payments", json)).ProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Empty((await _staff.GetJsonAsync($"/api/families/{familyId}"))["payments"]!.AsArray());
    }

    [Fact]
    public async Task ChangeLevel_AddingDentaOptiplus_200WithDoFromTheNextMonthAndItsOwnWait()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync(level: "RC+PP");

        var family = await (await _staff.PostJsonAsync($"/api/families/{familyId}/level", new { requestReceived = "2026-05-20", level = "RC+PP+DO" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("RC+PP+DO", family["level"].Text());
        var dental = family["tiers"]!.AsArray().Single(t => t!["tier"].Text() == "DO")!;
        Assert.Equal(("2026-06-01", "2026-09-01"), (dental["start"].Text(), dental["firstCoveredDate"].Text()));
    }

    [Fact]
    public async Task ChangeLevel_ToTheLevelHeld_409NamingLevel()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync(level: "RC+PP");

        await (await _staff.PostJsonAsync($"/api/families/{familyId}/level", new { requestReceived = "2026-05-20", level = "RC+PP" })).ProblemAsync(HttpStatusCode.Conflict, "level");
    }

    [Fact]
    public async Task ChangeLevel_RequestBeforeTheFamilyApplied_400NamingRequestReceived()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync(level: "RC+PP");

        await (await _staff.PostJsonAsync($"/api/families/{familyId}/level", new { requestReceived = "2025-01-20", level = "RC" })).ProblemAsync(HttpStatusCode.BadRequest, "requestReceived");
    }

    [Fact]
    public async Task ResignThenReadmit_200_ReadmissionWaitsTwelveMonths()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync(level: "RC+PP");

        var resigned = await (await _staff.PostJsonAsync($"/api/families/{familyId}/resignation", new { effective = "2026-06-01" })).JsonAsync(HttpStatusCode.OK);
        var readmitted = await (await _staff.PostJsonAsync($"/api/families/{familyId}/readmission", new { applicationReceived = "2026-07-15", level = "RC" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("2026-06-01", (string?)null), (resigned["resignedOn"].Text(), resigned["level"]?.GetValue<string>()));
        Assert.Equal(("RC", "readmission"), (readmitted["level"].Text(), readmitted["enrolmentReason"].Text()));
        var rc = readmitted["tiers"]!.AsArray().Last(t => t!["tier"].Text() == "RC")!;
        Assert.Equal(("2026-08-01", 12, "2027-08-01"), (rc["start"].Text(), rc["waitingMonths"]!.GetValue<int>(), rc["firstCoveredDate"].Text()));
    }

    [Fact]
    public async Task Readmission_WhileActive_409()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();

        await (await _staff.PostJsonAsync($"/api/families/{familyId}/readmission", new { applicationReceived = "2026-07-15", level = "RC" })).ProblemAsync(HttpStatusCode.Conflict, "familyId");
    }

    [Fact]
    public async Task Readmission_DatedBeforeTheResignation_400NamingApplicationReceived()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync($"/api/families/{familyId}/resignation", new { effective = "2026-06-01" })).JsonAsync(HttpStatusCode.OK);

        await (await _staff.PostJsonAsync($"/api/families/{familyId}/readmission", new { applicationReceived = "2026-05-01", level = "RC" })).ProblemAsync(HttpStatusCode.BadRequest, "applicationReceived");
    }

    [Fact]
    public async Task Resignation_BeforeTheFamilyApplied_400NamingEffective()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();

        await (await _staff.PostJsonAsync($"/api/families/{familyId}/resignation", new { effective = "2025-06-01" })).ProblemAsync(HttpStatusCode.BadRequest, "effective");
    }

    [Fact]
    public async Task Resignation_Twice_409()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync($"/api/families/{familyId}/resignation", new { effective = "2026-06-01" })).JsonAsync(HttpStatusCode.OK);

        await (await _staff.PostJsonAsync($"/api/families/{familyId}/resignation", new { effective = "2026-07-01" })).ProblemAsync(HttpStatusCode.Conflict, "familyId");
    }
}
