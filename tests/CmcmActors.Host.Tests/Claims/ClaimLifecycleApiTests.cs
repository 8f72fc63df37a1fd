using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Claims;

/// <summary>Reversal what-if, reversal cascade and corrections through the API.</summary>
[Collection(HostCollection.Name)]
public sealed class ClaimLifecycleApiTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    private static object Osteo(string care) => Line("RC.ALTMED", 80m, 0m, "osteopathy", care: care);

    [Fact]
    public async Task ReversalPreview_ThenReversal_LimitedClaimToppedUp_AsPreviewed()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync("RC");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "A", Osteo("2026-09-01"), Osteo("2026-09-01")))).JsonAsync(HttpStatusCode.Created);
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "B", Osteo("2026-09-10")))).JsonAsync(HttpStatusCode.Created);

        var preview = await _staff.GetJsonAsync($"/api/claims/{memberId}/A/reversal-preview");
        await (await _staff.PostJsonAsync($"/api/claims/{memberId}/A/reversal", new { reason = "entered twice" })).JsonAsync(HttpStatusCode.OK);
        var b = await _staff.GetJsonAsync($"/api/claims/{memberId}/B");

        Assert.Equal((100m, 0m), (preview["paidBefore"].Decimal(), preview["paidAfter"].Decimal()));
        var redecided = Assert.Single(preview["redecided"]!.AsArray())!;
        Assert.Equal(($"{memberId}/B", 0m, 50m, 50m), (redecided["claimId"].Text(), redecided["paidBefore"].Decimal(), redecided["paidAfter"].Decimal(), redecided["topUp"].Decimal()));
        Assert.Equal((50m, 2L), (b["totalPaid"].Decimal(), b["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Correction_200NewVersion_WithTheDifferenceInItsHistory()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync("RC");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "C", Osteo("2026-09-01"), Osteo("2026-09-01")))).JsonAsync(HttpStatusCode.Created);

        var corrected = await (await _staff.PostJsonAsync($"/api/claims/{memberId}/C/correction", new { reason = "one session", lines = new[] { Osteo("2026-09-01") } }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal((50m, 2L), (corrected["totalPaid"].Decimal(), corrected["version"]!.GetValue<long>()));
        Assert.Contains(corrected["history"]!.AsArray(), h => h!["note"].Text() == "Corrected by frontdesk: one session. Pays €50.00 (was €100.00), to recover: RC −€50.00.");
    }

    [Fact]
    public async Task Correction_ByTheMembersOwnToken_403_AndNothingChanges()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync("RC");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "D", Osteo("2026-09-01")))).JsonAsync(HttpStatusCode.Created);
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));

        await (await member.PostJsonAsync($"/api/claims/{memberId}/D/correction", new { reason = "more please", lines = new[] { Line("RC.ALTMED", 500m, 0m, "osteopathy") } }))
            .ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(1L, (await _staff.GetJsonAsync($"/api/claims/{memberId}/D"))["version"]!.GetValue<long>());
    }
}
