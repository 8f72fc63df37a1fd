using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Members;

[Collection(HostCollection.Name)]
public sealed class MembersApiTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task Get_DuringTheWaitingPeriod_ShowsEachTierAndItsFirstCoveredDate()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var member = await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}?on=2026-02-15");

        Assert.Equal((memberId, familyId, "mainAffiliate", "2026-02-15"), (member["memberId"].Text(), member["familyId"].Text(), member["kind"].Text(), member["on"].Text()));
        var waiting = member["waitingPeriods"]!.AsArray().ToDictionary(w => w!["tier"].Text(), w => (w!["status"].Text(), w["firstCoveredDate"]?.GetValue<string>()));
        Assert.Equal(("inWaitingPeriod", "2026-04-01"), waiting["RC"]);
        Assert.Equal(("inWaitingPeriod", "2026-04-01"), waiting["DO"]);
        Assert.Equal(("covered", (string?)null), waiting["ASSIST"]);
        Assert.Equal("2010-01-01", Assert.Single(member["statutoryPeriods"]!.AsArray())!["from"].Text());
    }

    [Fact]
    public async Task Get_WithoutADate_IsOnToday_AndEveryTierIsCovered()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var member = await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}");

        Assert.All(member["waitingPeriods"]!.AsArray(), w => Assert.Equal("covered", w!["status"].Text()));
    }

    [Fact]
    public async Task Get_WithAMalformedDate_400NamingOn()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        await (await _staff.GetAsync($"/api/families/{familyId}/members/{memberId}?on=15-02-2026")).ProblemAsync(HttpStatusCode.BadRequest, "on");
    }

    [Fact]
    public async Task Get_MemberNotOnTheRoster_404NamingMemberId()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();

        await (await _staff.GetAsync($"/api/families/{familyId}/members/{NewId("M")}")).ProblemAsync(HttpStatusCode.NotFound, "memberId");
    }

    [Fact]
    public async Task StatutoryPeriods_Replaced_200WithThePeriodsInOrder()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var member = await (await _staff.PutJsonAsync($"/api/families/{familyId}/members/{memberId}/statutory-periods", new object[]
        {
            new { from = "2021-01-01" },
            new { from = "2015-01-01", to = "2020-12-31", illnessUnderTreatmentAtEnd = true },
        })).JsonAsync(HttpStatusCode.OK);

        var periods = member["statutoryPeriods"]!.AsArray();
        Assert.Equal(("2015-01-01", "2020-12-31", true), (periods[0]!["from"].Text(), periods[0]!["to"].Text(), periods[0]!["illnessUnderTreatmentAtEnd"]!.GetValue<bool>()));
        Assert.Equal(("2021-01-01", (string?)null), (periods[1]!["from"].Text(), periods[1]!["to"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("[{\"from\":\"2020-01-01\",\"to\":\"2019-01-01\"}]", "[0].to")]
    [InlineData("[{\"from\":\"2099-01-01\"}]", "[0].from")]
    [InlineData("[{\"from\":\"2015-01-01\",\"to\":\"2020-12-31\"},{\"from\":\"2020-06-01\"}]", "body")]
    [InlineData("[{\"from\":\"2015-01-01\",\"to\":2020}]", "[0].to")]
    [InlineData("{\"from\":\"2015-01-01\"}", "body")]
    [InlineData("[null]", "[0]")]
    public async Task StatutoryPeriods_Wrong_400NamingTheField_AndThePeriodsAreUnchanged(string json, string field)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await (await _staff.PutAsync($"/api/families/{familyId}/members/{memberId}/statutory-periods", content)).ProblemAsync(HttpStatusCode.BadRequest, field);

        var member = await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}");
        Assert.Equal("2010-01-01", Assert.Single(member["statutoryPeriods"]!.AsArray())!["from"].Text());
    }

    [Fact]
    public async Task StatutoryPeriods_MemberNotOnTheRoster_404NamingMemberId()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();

        await (await _staff.PutJsonAsync($"/api/families/{familyId}/members/{NewId("M")}/statutory-periods", new object[] { new { from = "2010-01-01" } }))
            .ProblemAsync(HttpStatusCode.NotFound, "memberId");
    }

    [Fact]
    public async Task Caps_AfterTheImplants_ShowTheRoomTakenAndLeft()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-IMPLANTS", Implants()))).JsonAsync(HttpStatusCode.Created);

        var caps = await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/caps?year=2026");

        var implants = caps.AsArray().Single(c => c!["capId"].Text() == "DO.IMPLANT/year")!;
        Assert.Equal((2000m, 1000m, 1000m), (implants["limit"].Decimal(), implants["used"].Decimal(), implants["remaining"].Decimal()));
        Assert.Contains("DO.IMPLANT", implants["benefitCodes"]!.AsArray().Select(c => c.Text()));
    }

    [Fact]
    public async Task Caps_OfAnotherYear_AreUntouched()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-IMPLANTS", Implants()))).JsonAsync(HttpStatusCode.Created);

        var caps = await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/caps?year=2027");

        Assert.Equal(0m, caps.AsArray().Single(c => c!["capId"].Text() == "DO.IMPLANT/year")!["used"].Decimal());
    }

    [Theory]
    [InlineData("twenty")]
    [InlineData("1800")]
    [InlineData("-1")]
    public async Task Caps_WithABadYear_400NamingYear(string year)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        await (await _staff.GetAsync($"/api/families/{familyId}/members/{memberId}/caps?year={year}")).ProblemAsync(HttpStatusCode.BadRequest, "year");
    }

    [Fact]
    public async Task Audit_AfterTheImplants_HasTheMovementOfTheDoCap()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-IMPLANTS", Implants()))).JsonAsync(HttpStatusCode.Created);

        var audit = await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/audit");

        var movement = Assert.Single(audit.AsArray(), m => m!["key"].Text().Contains("DO.IMPLANT", StringComparison.Ordinal))!;
        Assert.Equal(($"{memberId}/INV-IMPLANTS", 0m, 1000m, false), (movement["claimId"].Text(), movement["before"].Decimal(), movement["after"].Decimal(), movement["reversal"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Audit_UnknownFamily_404NamingFamilyId()
    {
        await (await _staff.GetAsync($"/api/families/{NewId("F")}/members/{NewId("M")}/audit")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
    }
}
