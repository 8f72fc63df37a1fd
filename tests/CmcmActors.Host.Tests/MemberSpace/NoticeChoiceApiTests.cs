using System.Net;
using CmcmActors.Host.MemberSpace;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.MemberSpace;

[Collection(HostCollection.Name)]
public sealed class NoticeChoiceApiTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task Choice_SetReadStop_TheMemberOnly_AndThisHostSendsNone()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));
        var path = $"/api/families/{familyId}/members/{memberId}/notices";

        await (await member.GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound);
        var set = await (await member.PutJsonAsync(path, new { email = "elise.muller@example.lu", language = "de" })).JsonAsync(HttpStatusCode.OK);
        var read = await member.GetJsonAsync(path);
        var stopped = await member.DeleteAsync(path);

        Assert.Equal(("elise.muller@example.lu", "de", false), (set["email"].Text(), set["language"].Text(), set["sending"]!.GetValue<bool>()));
        Assert.Equal(("elise.muller@example.lu", "de"), (read["email"].Text(), read["language"].Text()));
        Assert.Equal(HttpStatusCode.NoContent, stopped.StatusCode);
        await (await member.GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Choice_ByStaffOrTheMainAffiliateForACoAffiliate_403_AndNothingKept()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var child = await _staff.CoAffiliateAsync(familyId, "child", "2015-03-01");
        var main = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));
        var path = $"/api/families/{familyId}/members/{child}/notices";

        await (await _staff.PutJsonAsync(path, new { email = "a@example.lu", language = "fr" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await main.PutJsonAsync(path, new { email = "a@example.lu", language = "fr" })).ProblemAsync(HttpStatusCode.Forbidden);

        var childClient = host.CreateClient(TestUser.Member(familyId, child));
        await (await childClient.GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"email\":\"not an address\",\"language\":\"fr\"}", "email")]
    [InlineData("{\"email\":\"Élise <e@example.lu>\",\"language\":\"fr\"}", "email")]
    [InlineData("{\"email\":\"e@localhost\",\"language\":\"fr\"}", "email")]
    [InlineData("{\"language\":\"fr\"}", "email")]
    [InlineData("{\"email\":\"e@example.lu\",\"language\":\"it\"}", "language")]
    [InlineData("{\"email\":\"e@example.lu\"}", "language")]
    public async Task Choice_BadBody_400NamingTheField_AndNothingKept(string json, string field)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));
        var path = $"/api/families/{familyId}/members/{memberId}/notices";

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await (await member.PutAsync(path, content)).ProblemAsync(HttpStatusCode.BadRequest, field);

        await (await member.GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null, null, null, true)]
    [InlineData("smtp.example.lu", "CMCM <n@cmcm.lu>", "https://my.cmcm.lu/member.html", true)]
    [InlineData("smtp.example.lu", null, "https://my.cmcm.lu/member.html", false)]
    [InlineData("smtp.example.lu", "CMCM <n@cmcm.lu>", "my.cmcm.lu/member.html", false)]
    [InlineData("smtp.example.lu", "CMCM <n@cmcm.lu>", "ftp://my.cmcm.lu/", false)]
    public void MailOptions_CheckedAtStart_OffWhenNoHost(string? smtp, string? from, string? page, bool valid)
    {
        var result = new MailOptionsValidator().Validate(null, new MailOptions { Host = smtp, From = from, PageUrl = page });

        Assert.Equal(valid, result.Succeeded);
    }
}
