using System.Net;
using System.Text.RegularExpressions;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Claims;

/// <summary>
/// A family's and a member's claims filtered and paged on the server, exact over the whole history, on memory and on
/// PostgreSQL. The family: M1 (RC) with 25 osteopathy sessions of 60.00 (RC pays 50 twice, then its 100.00 a year is
/// spent: 23 refused), M2 with three lines cared for in 2025 (POST-2025-n) and three dental lines of 2026 (POST-2026-n).
/// </summary>
public static partial class ClaimListFilterCases
{
    public static async Task<string> ClaimLists_FilteredByMemberStatusYearBenefitReference_ExactCountsAndPages(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, m1) = await staff.EnrolledFamilyAsync("RC");
        var m2 = await staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1985-03-04");
        for (var i = 1; i <= 25; i++)
        {
            await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, m1, $"OSTEO-{i:00}", Line("RC.ALTMED", 60m, element: "osteopathy")))).JsonAsync(HttpStatusCode.Created);
        }

        for (var i = 1; i <= 3; i++)
        {
            await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, m2, $"POST-2025-{i}", Line("RC.ALTMED", 60m, element: "osteopathy", care: "2025-12-20"))))
                .JsonAsync(HttpStatusCode.Created);
            await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, m2, $"POST-2026-{i}", Line("RC.DENTAL.FLAT", 900m, element: "crown"))))
                .JsonAsync(HttpStatusCode.Created);
        }

        var family = $"/api/families/{familyId}/claims";

        // The whole family, ten at a time: 31 claims in the order received, none twice.
        var all = await PagesAsync(staff, $"{family}?limit=10");
        Assert.Equal([10, 10, 10, 1], all.Select(p => p.Length));
        Assert.Equal(31, all.SelectMany(p => p).Distinct().Count());
        Assert.Equal($"{m1}/OSTEO-01", all[0][0]);
        Assert.Equal($"{m2}/POST-2026-3", all[^1][^1]);

        // Each filter, and filters together; the next page's link keeps them.
        Assert.Equal(6, (await PagesAsync(staff, $"{family}?member={m2}")).Sum(p => p.Length));
        Assert.Equal([$"{m2}/POST-2025-1", $"{m2}/POST-2025-2", $"{m2}/POST-2025-3"], (await PagesAsync(staff, $"{family}?year=2025")).Single());
        Assert.Equal([$"{m2}/POST-2026-1", $"{m2}/POST-2026-2", $"{m2}/POST-2026-3"], (await PagesAsync(staff, $"{family}?benefit=RC.DENTAL.FLAT")).Single());
        Assert.Equal(3, (await PagesAsync(staff, $"{family}?reference=post-2025")).Single().Length);
        Assert.Equal(10, (await PagesAsync(staff, $"{family}?reference=OSTEO-1")).Single().Length);
        Assert.Equal([10, 10, 3], (await PagesAsync(staff, $"{family}?member={m1}&status=refused&limit=10")).Select(p => p.Length));
        Assert.Equal([$"{m1}/OSTEO-01", $"{m1}/OSTEO-02"],
            (await PagesAsync(staff, $"{family}?member={m1}&status=approved,partiallyApproved&benefit=RC.ALTMED&year=2026")).Single());
        Assert.Equal([$"{m1}/OSTEO-25"], (await PagesAsync(staff, $"{family}?member={m1}&order=newest&limit=1")).First());
        Assert.Empty((await PagesAsync(staff, $"{family}?member={m1}&year=2025")).Single());

        // The member's own list takes the same filters.
        var member = $"/api/families/{familyId}/members/{m1}/claims";
        Assert.Equal([3, 3], (await PagesAsync(staff, $"{member}?reference=osteo-2&limit=3")).Select(p => p.Length));
        Assert.Equal(23, (await PagesAsync(staff, $"{member}?status=refused&limit=500")).Single().Length);

        // Bad filters are refused naming the field.
        await (await staff.GetAsync($"{family}?status=paid")).ProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await staff.GetAsync($"{family}?year=99")).ProblemAsync(HttpStatusCode.BadRequest, "year");
        await (await staff.GetAsync($"{family}?benefit=RC%20ALTMED")).ProblemAsync(HttpStatusCode.BadRequest, "benefit");
        await (await staff.GetAsync($"{family}?reference=%3Cb%3E")).ProblemAsync(HttpStatusCode.BadRequest, "reference");
        await (await staff.GetAsync($"{family}?member=M-not-here")).ProblemAsync(HttpStatusCode.BadRequest, "member");
        return familyId;
    }

    /// <summary>Every page of the family's claims with the filters of <paramref name="query"/>, as claim ids.</summary>
    public static async Task<List<string[]>> FamilyPagesAsync(HostFixture host, string familyId, string query) =>
        await PagesAsync(host.CreateClient(TestUser.FrontDesk), $"/api/families/{familyId}/claims?{query}");

    /// <summary>Every page of the list, following rel="next", as claim ids.</summary>
    private static async Task<List<string[]>> PagesAsync(HttpClient client, string first)
    {
        var pages = new List<string[]>();
        for (string? next = first; next is not null;)
        {
            var response = await client.GetAsync(next);
            pages.Add([.. (await response.JsonAsync(HttpStatusCode.OK)).AsArray().Select(c => c!["claimId"].Text())]);
            next = response.Headers.TryGetValues("Link", out var links) ? NextLink().Match(links.Single()).Groups[1].Value : null;
            Assert.True(pages.Count < 50, "more pages than claims");
        }

        return pages;
    }

    [GeneratedRegex("<([^>]+)>; rel=\"next\"")]
    private static partial Regex NextLink();
}

[Collection(HostCollection.Name)]
public sealed class ClaimListFilterApiTests(HostFixture host)
{
    [Fact]
    public Task ClaimLists_FilteredByMemberStatusYearBenefitReference_ExactCountsAndPages() =>
        ClaimListFilterCases.ClaimLists_FilteredByMemberStatusYearBenefitReference_ExactCountsAndPages(host);
}

[Collection(PostgresHostCollection.Name)]
public sealed class ClaimListFilterOnPostgresTests(PostgresHostFixture fixture)
{
    [PostgresTheory]
    [InlineData("filters")]
    public Task ClaimLists_FilteredByMemberStatusYearBenefitReference_ExactCountsAndPages(string _) =>
        ClaimListFilterCases.ClaimLists_FilteredByMemberStatusYearBenefitReference_ExactCountsAndPages(fixture.Host!);

    [PostgresTheory]
    [InlineData("rows without the list columns")]
    public async Task ClaimRowsWrittenWithoutTheListColumns_FilledFromTheirJson_AndFilteredTheSame(string _)
    {
        var familyId = await ClaimListFilterCases.ClaimLists_FilteredByMemberStatusYearBenefitReference_ExactCountsAndPages(fixture.Host!);
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(PostgresHostFixture.ConnectionString!))
        await using (var blank = dataSource.CreateCommand("UPDATE cmcm_claim SET received_on = NULL, care_years = NULL, benefits = NULL WHERE family_id = $1"))
        {
            blank.Parameters.AddWithValue(familyId);
            Assert.Equal(31, await blank.ExecuteNonQueryAsync());
        }

        Assert.Equal(3, (await ClaimListFilterCases.FamilyPagesAsync(fixture.Host!, familyId, "year=2025")).Single().Length);
        Assert.Equal(3, (await ClaimListFilterCases.FamilyPagesAsync(fixture.Host!, familyId, "benefit=RC.DENTAL.FLAT")).Single().Length);
        Assert.Equal(28, (await ClaimListFilterCases.FamilyPagesAsync(fixture.Host!, familyId, "year=2026&limit=500")).Single().Length);
    }
}
