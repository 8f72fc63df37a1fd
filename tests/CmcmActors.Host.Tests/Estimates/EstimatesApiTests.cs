using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Estimates;

[Collection(HostCollection.Name)]
public sealed class EstimatesApiTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task Estimate_Implants_Pays1300_AndConsumesNoCap()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var estimate = await (await _staff.PostJsonAsync("/api/estimates", new { familyId, memberId, lines = new[] { Implants() } })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("approved", 1300m, 300m, 1000m), (estimate["outcome"].Text(), estimate["totalPaid"].Decimal(), estimate["paidByTier"]!["RC"].Decimal(), estimate["paidByTier"]!["DO"].Decimal()));
        var caps = await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/caps?year=2026");
        Assert.All(caps.AsArray(), c => Assert.Equal(0m, c!["used"].Decimal()));
        Assert.Empty((await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/claims")).AsArray());
    }

    [Fact]
    public async Task Estimate_AfterTheCapIsUsed_PaysOnlyTheRoomLeft()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "FRAMES-1", Line("DO.OPTIC.FRAMES", 20m)))).JsonAsync(HttpStatusCode.Created);

        var estimate = await (await _staff.PostJsonAsync("/api/estimates", new { familyId, memberId, lines = new[] { Line("DO.OPTIC.FRAMES", 20m) } })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("partiallyApproved", 10m), (estimate["outcome"].Text(), estimate["totalPaid"].Decimal()));
    }

    [Fact]
    public async Task Estimate_ForAMemberNotOnTheRoster_404NamingMemberId()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();

        await (await _staff.PostJsonAsync("/api/estimates", new { familyId, memberId = NewId("M"), lines = new[] { Implants() } })).ProblemAsync(HttpStatusCode.NotFound, "memberId");
    }
}
