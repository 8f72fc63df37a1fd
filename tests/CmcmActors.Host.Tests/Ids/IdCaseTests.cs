using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Ids;

/// <summary>
/// Ids are stored as given (docs/api.md, "Input rules"); member ids are compared without case: once M-1 is enrolled, m-1
/// is refused (409, naming the field) wherever it would join a roster, so a case variant never makes a second member nor
/// puts one person in two families; of variants enrolled at once exactly one wins. F-1 and f-1 stay two families,
/// INV-1 and inv-1 two claims, and an id in another case finds nothing. The same on both storages.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class IdCaseTests(HostFixture host)
{
    [Fact]
    public Task MemberId_DifferingOnlyByCase_RefusedAsASecondMember_InAnyFamily() => IdCaseScenarios.MemberCaseVariantAsync(host);

    [Fact]
    public Task MemberId_TwelveSpellingsEnrolledAtOnce_ExactlyOneFamilyGetsTheMember() => IdCaseScenarios.MemberCaseVariantRaceAsync(host);

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
    [InlineData("member variant")]
    [InlineData("member race")]
    [InlineData("other case")]
    [InlineData("claims")]
    public Task Ids_DifferingOnlyByCase_OneMember_OtherwiseDifferentIds(string scenario) => scenario switch
    {
        "member variant" => IdCaseScenarios.MemberCaseVariantAsync(postgres.Host!),
        "member race" => IdCaseScenarios.MemberCaseVariantRaceAsync(postgres.Host!),
        "other case" => IdCaseScenarios.OtherCaseNotFoundAsync(postgres.Host!),
        _ => IdCaseScenarios.TwoClaimsAsync(postgres.Host!),
    };
}

internal static class IdCaseScenarios
{
    public static async Task MemberCaseVariantAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var id = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var (upperFamily, upperMember) = ($"F-CASE-{id}", $"M-CASE-{id}");
        var (lowerFamily, lowerMember) = (upperFamily.ToLowerInvariant(), upperMember.ToLowerInvariant());
        await (await staff.PostJsonAsync("/api/families", EnrolBody(upperFamily, upperMember))).JsonAsync(HttpStatusCode.Created);

        var enrolled = await staff.PostJsonAsync("/api/families", EnrolBody(lowerFamily, lowerMember, level: "RC"));
        var added = await staff.PostJsonAsync($"/api/families/{upperFamily}/members",
            new { memberId = lowerMember, kind = "spouseOrPartner", birthDate = "1982-02-02", coInsuredWithMainAffiliate = true, addedOn = Applied });
        var (otherFamily, _) = await staff.EnrolledFamilyAsync();
        var addedElsewhere = await staff.PostJsonAsync($"/api/families/{otherFamily}/members",
            new { memberId = $"m-CASE-{id}", kind = "child", birthDate = "2015-02-02", coInsuredWithMainAffiliate = true, addedOn = Applied });

        var message = $"Member id {lowerMember} differs only by case from member {upperMember}: ids are compared without case.";
        Assert.Equal([message], await enrolled.ProblemAsync(HttpStatusCode.Conflict, "mainMemberId"));
        Assert.Equal([message], await added.ProblemAsync(HttpStatusCode.Conflict, "memberId"));
        Assert.Equal([$"Member id m-CASE-{id} differs only by case from member {upperMember}: ids are compared without case."],
            await addedElsewhere.ProblemAsync(HttpStatusCode.Conflict, "memberId"));
        // Refused, nothing changed: no family under the other spelling, the rosters as they were, the member in his family.
        await (await staff.GetAsync($"/api/families/{lowerFamily}")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
        Assert.Equal([upperMember], (await staff.GetJsonAsync($"/api/families/{upperFamily}"))["members"]!.AsArray().Select(m => m!["memberId"].Text()));
        Assert.Single((await staff.GetJsonAsync($"/api/families/{otherFamily}"))["members"]!.AsArray());
        Assert.Equal(upperFamily, (await staff.GetJsonAsync($"/api/families/{upperFamily}/members/{upperMember}"))["familyId"].Text());
    }

    public static async Task MemberCaseVariantRaceAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var id = $"m-race-{Guid.NewGuid().ToString("N")[..8]}";
        // Twelve spellings of one id: its letters m, r, a, c, e upper or lower by the bits of 0 to 11.
        int[] letters = [0, 2, 3, 4, 5];
        var spellings = Enumerable.Range(0, 12).Select(i => string.Concat(id.Select((c, at) =>
            Array.IndexOf(letters, at) is var bit and >= 0 && ((i >> bit) & 1) == 1 ? char.ToUpperInvariant(c) : c))).ToArray();
        var families = spellings.Select((_, i) => NewId($"F-RACE{i}")).ToArray();

        var answers = await Task.WhenAll(spellings.Select((spelling, i) => staff.PostJsonAsync("/api/families", EnrolBody(families[i], spelling))));

        Assert.Equal(12, spellings.Distinct(StringComparer.Ordinal).Count());
        var winners = answers.Select((a, i) => (a.StatusCode, i)).Where(x => x.StatusCode == HttpStatusCode.Created).Select(x => x.i).ToList();
        var winner = Assert.Single(winners);
        Assert.All(answers.Where((_, i) => i != winner), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal(families[winner], (await staff.GetJsonAsync($"/api/families/{families[winner]}/members/{spellings[winner]}"))["familyId"].Text());
        foreach (var loser in Enumerable.Range(0, spellings.Length).Where(i => i != winner))
        {
            await (await staff.GetAsync($"/api/families/{families[loser]}")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
        }
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
