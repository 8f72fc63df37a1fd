using System.Net;
using System.Text.Json.Nodes;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Claims;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Claims;

/// <summary>
/// <c>allowedActions</c> on claim answers: what the claim's state allows (the domain's lifecycle) and the caller's role
/// permits, for a paid, a pended, a refused and a reversed claim, as staff and as the member.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AllowedActionsTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    private static object Osteo() => Line("RC.ALTMED", 80m, 0m, "osteopathy", care: "2026-09-01");

    private static object Wig() => Line("RC.WIG", 250m, 70m);

    /// <summary>A family on RC with four claims of its main affiliate: PAID (partially approved: the osteopathy session is capped), PEND (pended), REF (refused on resolution), REV (reversed).</summary>
    private async Task<(string FamilyId, string MemberId)> FourClaimsAsync()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync("RC");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "PAID", Osteo()))).JsonAsync(HttpStatusCode.Created);
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "PEND", Wig()))).JsonAsync(HttpStatusCode.Created);
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "REF", Wig()))).JsonAsync(HttpStatusCode.Created);
        await (await _staff.PostJsonAsync($"/api/claims/{memberId}/REF/resolution", new { refuse = true, reason = "Not a prescribed wig." })).JsonAsync(HttpStatusCode.OK);
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "REV", Osteo()))).JsonAsync(HttpStatusCode.Created);
        await (await _staff.PostJsonAsync($"/api/claims/{memberId}/REV/reversal", new { reason = "entered twice" })).JsonAsync(HttpStatusCode.OK);
        return (familyId, memberId);
    }

    /// <summary>"status: action, action" of the claim's answer.</summary>
    private static async Task<string> AllowedAsync(HttpClient client, string memberId, string invoice)
    {
        var claim = await client.GetJsonAsync($"/api/claims/{memberId}/{invoice}");
        return $"{claim["status"].Text()}: {string.Join(", ", Actions(claim))}";
    }

    private static string[] Actions(JsonNode? claim) => [.. claim!["allowedActions"]!.AsArray().Select(a => a.Text())];

    [Fact]
    public async Task AllowedActions_AsStaff_EveryActionTheStateAllows()
    {
        var (_, memberId) = await FourClaimsAsync();

        Assert.Equal("partiallyApproved: correct, reverse", await AllowedAsync(_staff, memberId, "PAID"));
        Assert.Equal("pended: addDocuments, resolve, correct", await AllowedAsync(_staff, memberId, "PEND"));
        Assert.Equal("refused: correct", await AllowedAsync(_staff, memberId, "REF"));
        Assert.Equal("reversed: ", await AllowedAsync(_staff, memberId, "REV"));
    }

    [Fact]
    public async Task AllowedActions_AsTheMember_OnlyDocumentsOnHisPendedClaim()
    {
        var (familyId, memberId) = await FourClaimsAsync();
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));

        Assert.Equal("partiallyApproved: ", await AllowedAsync(member, memberId, "PAID"));
        Assert.Equal("pended: addDocuments", await AllowedAsync(member, memberId, "PEND"));
        Assert.Equal("refused: ", await AllowedAsync(member, memberId, "REF"));
        Assert.Equal("reversed: ", await AllowedAsync(member, memberId, "REV"));
    }

    [Fact]
    public async Task AllowedActions_InTheFamilysList_AsStaffAndAsTheMember_SameAsEachClaimsAnswer()
    {
        var (familyId, memberId) = await FourClaimsAsync();
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));

        var byStaff = (await _staff.GetJsonAsync($"/api/families/{familyId}/claims")).AsArray().ToDictionary(c => c!["invoiceReference"].Text(), Actions);
        var byMember = (await member.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/claims")).AsArray().ToDictionary(c => c!["invoiceReference"].Text(), Actions);

        Assert.Equal(new Dictionary<string, string[]> { ["PAID"] = ["correct", "reverse"], ["PEND"] = ["addDocuments", "resolve", "correct"], ["REF"] = ["correct"], ["REV"] = [] },
            byStaff);
        Assert.Equal(new Dictionary<string, string[]> { ["PAID"] = [], ["PEND"] = ["addDocuments"], ["REF"] = [], ["REV"] = [] }, byMember);
    }

    [Fact]
    public async Task AllowedActions_MainAffiliateReadingACoAffiliatesPendedClaim_None()
    {
        var (familyId, mainId) = await _staff.EnrolledFamilyAsync("RC");
        var spouse = await _staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, spouse, "PEND", Wig()))).JsonAsync(HttpStatusCode.Created);
        var main = host.CreateClient(TestUser.Member(familyId, mainId, mainAffiliate: true));

        Assert.Equal("pended: ", await AllowedAsync(main, spouse, "PEND"));
    }

    [Fact]
    public void ClaimState_NamesEveryClaimStatus_OneToOne()
    {
        Assert.Equal(Enum.GetNames<ClaimStatus>(), Enum.GetNames<ClaimState>());
        Assert.All(Enum.GetValues<ClaimStatus>(), s => Assert.Equal(s.ToString(), s.ToState().ToString()));
    }
}
