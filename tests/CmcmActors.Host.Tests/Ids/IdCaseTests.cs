using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Ids;

/// <summary>
/// Ids are case-sensitive and stored as given (docs/api.md, "Input rules"): M-1 and m-1 are two members, F-1 and f-1
/// two families, INV-1 and inv-1 two claims, and an id in another case finds nothing. The same on both storages.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class IdCaseTests(HostFixture host)
{
    [Fact]
    public Task Families_IdsDifferingOnlyByCase_AreTwoFamiliesOfTwoMembers() => IdCaseScenarios.TwoFamiliesAsync(host);

    [Fact]
    public Task Family_IdInAnotherCase_404NamingIt() => IdCaseScenarios.OtherCaseNotFoundAsync(host);

    [Fact]
    public Task Claims_InvoiceReferencesDifferingOnlyByCase_AreTwoClaims() => IdCaseScenarios.TwoClaimsAsync(host);
}

/// <summary>The same on PostgreSQL, where the ids are keys of stored rows.</summary>
[Collection(PostgresHostCollection.Name)]
public sealed class IdCaseOnPostgresTests(PostgresHostFixture postgres)
{
    [PostgresTheory]
    [InlineData("families")]
    [InlineData("other case")]
    [InlineData("claims")]
    public Task Ids_DifferingOnlyByCase_AreDifferentIds(string scenario) => scenario switch
    {
        "families" => IdCaseScenarios.TwoFamiliesAsync(postgres.Host!),
        "other case" => IdCaseScenarios.OtherCaseNotFoundAsync(postgres.Host!),
        _ => IdCaseScenarios.TwoClaimsAsync(postgres.Host!),
    };
}

internal static class IdCaseScenarios
{
    public static async Task TwoFamiliesAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var id = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var (upperFamily, upperMember) = ($"F-CASE-{id}", $"M-CASE-{id}");
        var (lowerFamily, lowerMember) = (upperFamily.ToLowerInvariant(), upperMember.ToLowerInvariant());

        await (await staff.PostJsonAsync("/api/families", EnrolBody(upperFamily, upperMember))).JsonAsync(HttpStatusCode.Created);
        await (await staff.PostJsonAsync("/api/families", EnrolBody(lowerFamily, lowerMember, level: "RC"))).JsonAsync(HttpStatusCode.Created);

        var upper = await staff.GetJsonAsync($"/api/families/{upperFamily}");
        var lower = await staff.GetJsonAsync($"/api/families/{lowerFamily}");
        Assert.Equal((upperFamily, "RC+PP+DO", upperMember), (upper["familyId"].Text(), upper["level"].Text(), Assert.Single(upper["members"]!.AsArray())!["memberId"].Text()));
        Assert.Equal((lowerFamily, "RC", lowerMember), (lower["familyId"].Text(), lower["level"].Text(), Assert.Single(lower["members"]!.AsArray())!["memberId"].Text()));
        Assert.Equal(upperFamily, (await staff.GetJsonAsync($"/api/families/{upperFamily}/members/{upperMember}"))["familyId"].Text());
        Assert.Equal(lowerFamily, (await staff.GetJsonAsync($"/api/families/{lowerFamily}/members/{lowerMember}"))["familyId"].Text());
        await (await staff.GetAsync($"/api/families/{upperFamily}/members/{lowerMember}")).ProblemAsync(HttpStatusCode.NotFound, "memberId");
    }

    public static async Task OtherCaseNotFoundAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();

        await (await staff.GetAsync($"/api/families/{familyId.ToLowerInvariant()}")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
        await (await staff.GetAsync($"/api/families/{familyId}/members/{memberId.ToLowerInvariant()}")).ProblemAsync(HttpStatusCode.NotFound, "memberId");
    }

    public static async Task TwoClaimsAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();

        var upper = await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-CASE", Line("DO.OPTIC.FRAMES", 25m)))).JsonAsync(HttpStatusCode.Created);
        var lower = await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "inv-case", Line("DO.OPTIC.FRAMES", 30m)))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(($"{memberId}/INV-CASE", 25m), (upper["claimId"].Text(), upper["lines"]![0]!["invoiced"].Decimal()));
        Assert.Equal(($"{memberId}/inv-case", 30m), (lower["claimId"].Text(), lower["lines"]![0]!["invoiced"].Decimal()));
        Assert.Equal(["INV-CASE", "inv-case"], (await staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/claims")).AsArray()
            .Select(c => c!["invoiceReference"].Text()).Order(StringComparer.Ordinal));
        await (await staff.GetAsync($"/api/claims/{memberId}/Inv-Case")).ProblemAsync(HttpStatusCode.NotFound, "invoiceReference");
    }
}
