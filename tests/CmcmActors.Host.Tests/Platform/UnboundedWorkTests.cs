using System.Net;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Platform;

/// <summary>Work one caller can cause is bounded: paged lists, a rate limit per token.</summary>
[Collection(HostCollection.Name)]
public sealed class PagingTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task MemberClaims_PagedByLimit_LinkNextUntilTheLast_EveryClaimOnce()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        for (var i = 0; i < 7; i++)
        {
            await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, $"P-{i}", Line("RC.HOSP.LU", 40m, 30m)))).JsonAsync(HttpStatusCode.Created);
        }

        var seen = new List<string>();
        var pages = 0;
        for (string? next = $"/api/families/{familyId}/members/{memberId}/claims?limit=3"; next is not null; pages++)
        {
            var response = await _staff.GetAsync(next);
            seen.AddRange((await response.JsonAsync(HttpStatusCode.OK)).AsArray().Select(c => c!["claimId"].Text()));
            next = response.Headers.TryGetValues("Link", out var links)
                ? System.Text.RegularExpressions.Regex.Match(links.Single(), "<([^>]+)>; rel=\"next\"").Groups[1].Value
                : null;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"{memberId}/P-{i}"), seen);
    }

    [Fact]
    public async Task FamilyClaims_PagedAcrossMembers_InTheOrderReceived()
    {
        var (familyId, mainId) = await _staff.EnrolledFamilyAsync();
        var spouse = await _staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");
        foreach (var (member, invoice) in new[] { (mainId, "A"), (spouse, "B"), (mainId, "C"), (spouse, "D"), (mainId, "E") })
        {
            await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, member, invoice, Line("RC.HOSP.LU", 40m, 30m)))).JsonAsync(HttpStatusCode.Created);
        }

        var first = await _staff.GetAsync($"/api/families/{familyId}/claims?limit=2");
        var firstIds = (await first.JsonAsync(HttpStatusCode.OK)).AsArray().Select(c => c!["claimId"].Text()).ToArray();
        var next = System.Text.RegularExpressions.Regex.Match(first.Headers.GetValues("Link").Single(), "<([^>]+)>").Groups[1].Value;
        var secondIds = (await _staff.GetJsonAsync(next)).AsArray().Select(c => c!["claimId"].Text()).ToArray();

        Assert.Equal([$"{mainId}/A", $"{spouse}/B"], firstIds);
        Assert.Equal([$"{mainId}/C", $"{spouse}/D"], secondIds);
    }

    [Fact]
    public async Task FamilyClaims_OrderNewest_NewestFirstAcrossMembers_TheNextLinkGoesFurtherBack()
    {
        var (familyId, mainId) = await _staff.EnrolledFamilyAsync();
        var spouse = await _staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");
        foreach (var (member, invoice) in new[] { (mainId, "A"), (spouse, "B"), (mainId, "C"), (spouse, "D"), (mainId, "E") })
        {
            await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, member, invoice, Line("RC.HOSP.LU", 40m, 30m)))).JsonAsync(HttpStatusCode.Created);
        }

        var pages = new List<string[]>();
        var links = new List<string>();
        for (var next = $"/api/families/{familyId}/claims?limit=2&order=newest"; next is not null;)
        {
            var response = await _staff.GetAsync(next);
            pages.Add([.. (await response.JsonAsync(HttpStatusCode.OK)).AsArray().Select(c => c!["claimId"].Text())]);
            next = response.Headers.TryGetValues("Link", out var link)
                ? System.Text.RegularExpressions.Regex.Match(link.Single(), "<([^>]+)>; rel=\"next\"").Groups[1].Value
                : null;
            if (next is not null)
            {
                links.Add(next);
            }
        }

        Assert.Equal([[$"{mainId}/E", $"{spouse}/D"], [$"{mainId}/C", $"{spouse}/B"], [$"{mainId}/A"]], pages);
        Assert.All(links, l => Assert.Contains("order=newest", l, StringComparison.Ordinal));
        var mine = (await _staff.GetJsonAsync($"/api/families/{familyId}/members/{spouse}/claims?order=newest")).AsArray().Select(c => c!["claimId"].Text());
        Assert.Equal([$"{spouse}/D", $"{spouse}/B"], mine);
    }

    [Fact]
    public async Task ClaimLists_AnOrderOtherThanOldestOrNewest_400NamingIt()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        await (await _staff.GetAsync($"/api/families/{familyId}/claims?order=sideways")).ProblemAsync(HttpStatusCode.BadRequest, "order");
        await (await _staff.GetAsync($"/api/families/{familyId}/members/{memberId}/claims?order=NEWEST")).ProblemAsync(HttpStatusCode.BadRequest, "order");
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?after=not-a-cursor", "after")]
    public async Task List_BadPageParameters_400NamingTheField(string query, string field)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        await (await _staff.GetAsync($"/api/families/{familyId}/members/{memberId}/claims{query}")).ProblemAsync(HttpStatusCode.BadRequest, field);
        await (await _staff.GetAsync($"/api/claims/pended{query}")).ProblemAsync(HttpStatusCode.BadRequest, field);
    }
}

/// <summary>A host of its own with a small member limit (the shared host has none).</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly HostFixture _host = HostFixture.With(b =>
    {
        b.UseSetting("Cmcm:RateLimit:MemberPerSecond", "2");
        b.UseSetting("Cmcm:RateLimit:MemberBurst", "5");
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task MemberToken_AboveItsBurst_429WithRetryAfter_OtherTokensAndStaffUnaffected()
    {
        var staff = _host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        var spouse = await staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");
        var member = _host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));
        var other = _host.CreateClient(TestUser.Member(familyId, spouse));

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => member.GetAsync($"/api/families/{familyId}/members/{memberId}/claims")));
        var otherAnswer = await other.GetAsync($"/api/families/{familyId}/members/{spouse}/claims");
        var staffAnswers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => staff.GetAsync($"/api/families/{familyId}/claims")));

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.InRange(refused.Length, 5, 7);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Equal("application/problem+json", refused[0].Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, otherAnswer.StatusCode);
        Assert.All(staffAnswers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
    }
}
