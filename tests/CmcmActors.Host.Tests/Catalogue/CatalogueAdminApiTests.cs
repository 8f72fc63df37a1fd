using System.Net;
using System.Text.Json.Nodes;
using CmcmActors.Host.Tests.Operations;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Catalogue;

/// <summary>A host of its own: the shadow run's period holds only the claims these tests store.</summary>
public sealed class CatalogueHostFixture : IAsyncLifetime
{
    public HostFixture Host { get; } = HostFixture.With(_ => { });

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CatalogueHostCollection : ICollectionFixture<CatalogueHostFixture>
{
    public const string Name = "host for catalogue management";
}

/// <summary>
/// The admin's path for a new edition, end to end on one host: upload (validated at once), diff against the edition in
/// force, shadow run over the stored claims, publication from a future date, and claims judged by their own edition.
/// </summary>
[Collection(CatalogueHostCollection.Name)]
public sealed class CatalogueAdminApiTests(CatalogueHostFixture fixture)
{
    private const string Admin = "/api/admin/catalogue";
    private const int Families = 100;
    private readonly HostFixture _host = fixture.Host;

    public static string Draft(string edition) =>
        File.ReadAllText(Repository.PathOf("catalogue/drafts/cmcm-2026-07-01-draft-altmed150.json"))
            .Replace("\"edition\": \"2026-07-draft-altmed150\"", $"\"edition\": \"{edition}\"", StringComparison.Ordinal);

    [Fact]
    public async Task UploadDiffShadowPublish_TheDraftsEffectExactly_AndClaimsKeepTheirEdition()
    {
        var admin = _host.CreateClient(TestUser.Admin);
        var staff = _host.CreateClient(TestUser.FrontDesk);
        var today = CmcmActors.Host.Api.ApiDates.Today(TimeProvider.System);

        // A bad draft is refused naming the entry, and nothing is stored.
        var bad = Draft(NewId("bad")).Replace("\"code\": \"RC.HOSP.FIRSTCLASS\", \"tier\": \"RC\"", "\"code\": \"RC.HOSP.FIRSTCLASS\", \"tier\": \"XX\"", StringComparison.Ordinal);
        var refused = await (await admin.PostRawAsync($"{Admin}/drafts", bad)).ProblemAsync(HttpStatusCode.BadRequest, "benefits[1]");
        Assert.Equal(["benefits[1] (RC.HOSP.FIRSTCLASS): unknown tier 'XX' (expected RC, ASSIST, PP or DO)"], refused);
        Assert.Empty((await admin.GetJsonAsync($"{Admin}/drafts")).AsArray());

        // Upload, list, diff.
        var edition = NewId("2027");
        var draft = await (await admin.PostRawAsync($"{Admin}/drafts", Draft(edition))).JsonAsync(HttpStatusCode.Created);
        var draftId = draft["draftId"].Text();
        Assert.Equal((edition, "2026-07-01", 56), (draft["edition"].Text(), draft["effectiveFrom"].Text(), draft["benefitCount"]!.GetValue<int>()));
        Assert.Equal([draftId], (await admin.GetJsonAsync($"{Admin}/drafts")).AsArray().Select(d => d!["draftId"].Text()));
        var diff = await admin.GetJsonAsync($"{Admin}/drafts/{draftId}/diff");
        Assert.Equal(
            $$"""{"from":"2026-07","to":"{{edition}}","added":[],"removed":[],"changed":[{"code":"RC.ALTMED","tier":"RC","changes":[{"field":"caps[RC.ALTMED.YEAR]","before":"€100.00 per calendar year per member","after":"€150.00 per calendar year per member"}]}],"isEmpty":false}""",
            diff.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        // 100 RC families, three osteopathy sessions of 60.00 each: RC pays 50, 50 and (its 100.00 a year spent) 0.
        var claims = await StoreClaimsAsync(staff);
        Assert.All(claims, c => Assert.Equal(c.Third ? 0.00m : 50.00m, c.Paid));

        // Shadow run over the period: under the draft's 150.00 the third session pays 50 too.
        var started = await (await admin.PostJsonAsync($"{Admin}/shadow-runs", new { draftId, from = today, to = today })).JsonAsync(HttpStatusCode.Accepted);
        var run = await FinishedAsync(admin, started["runId"].Text());
        Assert.Equal("completed", run["status"].Text());
        Assert.Equal(
            """{"claims":300,"judged":300,"skipped":0,"claimsChanged":100,"paidBefore":10000.00,"paidAfter":15000.00,"difference":5000.00}""",
            run["summary"]!.ToJsonString());
        var report = await admin.GetJsonAsync($"{Admin}/shadow-runs/{run["runId"].Text()}/report.json");
        Assert.Equal("""[{"benefit":"RC.ALTMED","tier":"RC","paidBefore":10000.00,"paidAfter":15000.00,"difference":5000.00}]""", report["totals"]!.ToJsonString());
        var thirds = claims.Where(c => c.Third).Select(c => c.ClaimId).ToHashSet();
        Assert.All(report["judged"]!.AsArray(), c => Assert.Equal(
            thirds.Contains(c!["claimId"].Text()) ? (0.00m, 50.00m) : (50.00m, 50.00m),
            (c["paidBefore"].Decimal(), c["paidAfter"].Decimal())));
        var csv = await (await admin.GetAsync($"{Admin}/shadow-runs/{run["runId"].Text()}/report.csv")).Content.ReadAsStringAsync();
        var rows = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(303, rows.Length);
        Assert.Equal("record,claim_id,member_id,family_id,received_on,editions,benefit,tier,outcome_before,outcome_after,paid_before,paid_after,difference", rows[0]);
        Assert.Equal("total,,,,,,RC.ALTMED,RC,,,10000.00,15000.00,5000.00", rows[^2]);
        Assert.Equal("sum,,,,,,,,,,10000.00,15000.00,5000.00", rows[^1]);
        var third = claims.First(c => c.Third);
        Assert.Equal($"claim,{third.ClaimId},{third.MemberId},{third.FamilyId},{today:yyyy-MM-dd},2026-07,,,refused,partiallyApproved,0.00,50.00,50.00",
            rows.Single(r => r.StartsWith($"claim,{third.ClaimId},", StringComparison.Ordinal)));

        // The shadow run consumed nothing: the member's cap is as the claims left it.
        var caps = await staff.GetJsonAsync($"/api/families/{third.FamilyId}/members/{third.MemberId}/caps?year=2026");
        Assert.Equal(100.00m, caps.AsArray().Single(c => c!["capId"].Text() == "RC.ALTMED.YEAR")!["used"].Decimal());

        // Publication: never from today, then from tomorrow.
        await (await admin.PostJsonAsync($"{Admin}/drafts/{draftId}/publish", new { effectiveFrom = today })).ProblemAsync(HttpStatusCode.BadRequest, "effectiveFrom");
        var published = await (await admin.PostJsonAsync($"{Admin}/drafts/{draftId}/publish", new { effectiveFrom = today.AddDays(1) })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((edition, today.AddDays(1).ToString("yyyy-MM-dd")), (published["edition"].Text(), published["effectiveFrom"].Text()));
        await (await admin.PostJsonAsync($"{Admin}/drafts/{draftId}/publish", new { effectiveFrom = today.AddDays(2) })).ProblemAsync(HttpStatusCode.Conflict, "draftId");
        var editions = (await staff.GetJsonAsync("/api/catalogue/editions")).AsArray();
        Assert.Equal(["2026-07", edition], editions.Select(e => e!["edition"].Text()));
        Assert.Equal([true, false], editions.Select(e => e!["inForce"]!.GetValue<bool>()));
        Assert.Equal(today.AddDays(1).ToString("yyyy-MM-dd"), (await admin.GetJsonAsync($"{Admin}/drafts/{draftId}"))["publishedFrom"].Text());

        // A claim decided before keeps its decision and names its edition; a claim for care today is judged by 2026-07.
        var before = await staff.GetJsonAsync($"/api/claims/{third.ClaimId}");
        Assert.Equal((0.00m, "2026-07"), (before["totalPaid"].Decimal(), before["lines"]![0]!["edition"].Text()));
        var (familyId, memberId) = await staff.EnrolledFamilyAsync("RC");
        var todays = await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "TODAY",
            Line("RC.ALTMED", 60m, element: "osteopathy", care: today.ToString("yyyy-MM-dd"))))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal((50.00m, "2026-07"), (todays["totalPaid"].Decimal(), todays["lines"]![0]!["edition"].Text()));
    }

    [Fact]
    public async Task ShadowRun_Refusals_NameTheField()
    {
        var admin = _host.CreateClient(TestUser.Admin);

        await (await admin.PostJsonAsync($"{Admin}/shadow-runs", new { draftId = "d-none", from = "2026-10-01", to = "2026-09-01" })).ProblemAsync(HttpStatusCode.BadRequest, "to");
        await (await admin.PostJsonAsync($"{Admin}/shadow-runs", new { from = "2026-10-01", to = "2026-10-02" })).ProblemAsync(HttpStatusCode.BadRequest, "draftId");
        await (await admin.PostJsonAsync($"{Admin}/shadow-runs", new { draftId = "d-none", from = "2026-10-01", to = "2026-10-02" })).ProblemAsync(HttpStatusCode.NotFound, "draftId");
        await (await admin.PostRawAsync($"{Admin}/drafts", "{\"edition\":")).ProblemAsync(HttpStatusCode.BadRequest, "draft");
        await (await admin.PostJsonAsync($"{Admin}/drafts/d-none/publish", new { })).ProblemAsync(HttpStatusCode.BadRequest, "effectiveFrom");
    }

    private static async Task<JsonNode> FinishedAsync(HttpClient admin, string runId)
    {
        for (var i = 0; i < 600; i++)
        {
            var run = await admin.GetJsonAsync($"{Admin}/shadow-runs/{runId}");
            if (run["status"].Text() != "running")
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Shadow run {runId} still running after a minute.");
    }

    private sealed record StoredClaim(string FamilyId, string MemberId, string ClaimId, bool Third, decimal Paid);

    private static async Task<List<StoredClaim>> StoreClaimsAsync(HttpClient staff)
    {
        var claims = new List<StoredClaim>();
        for (var batch = 0; batch < Families; batch += 10)
        {
            var families = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
            {
                var (familyId, memberId) = await staff.EnrolledFamilyAsync("RC");
                var stored = new List<StoredClaim>();
                for (var session = 1; session <= 3; session++)
                {
                    var claim = await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, $"OSTEO-{session}", Line("RC.ALTMED", 60m, element: "osteopathy"))))
                        .JsonAsync(HttpStatusCode.Created);
                    stored.Add(new StoredClaim(familyId, memberId, claim["claimId"].Text(), session == 3, claim["totalPaid"].Decimal()));
                }

                return stored;
            }));
            claims.AddRange(families.SelectMany(f => f));
        }

        return claims;
    }
}
