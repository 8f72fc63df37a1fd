using System.Net;
using System.Text.RegularExpressions;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Tests.Browser;
using CmcmActors.Host.Tests.Support;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Catalogue;

/// <summary>
/// The catalogue at go-live: a publication horizon, an edition withdrawn before it is in force (and never used), edition
/// names checked, drafts paged and deleted; on memory and on PostgreSQL.
/// </summary>
public static partial class CatalogueGoLiveCases
{
    private const string Admin = "/api/admin/catalogue";

    public static async Task Catalogue_HorizonWithdrawalNamesAndDrafts_AsTheRulesSay(HostFixture host)
    {
        var admin = host.CreateClient(TestUser.Admin);
        var reference = host.Services.GetRequiredService<CmcmReferenceData>();
        var today = CmcmActors.Host.Api.ApiDates.Today(TimeProvider.System);
        var edition = NewId("2027");
        var draftId = (await (await admin.PostRawAsync($"{Admin}/drafts", CatalogueAdminApiTests.Draft(edition))).JsonAsync(HttpStatusCode.Created))["draftId"].Text();

        // Far-future typos refused naming the date; a date within the horizon published.
        await (await admin.PostJsonAsync($"{Admin}/drafts/{draftId}/publish", new { effectiveFrom = "9999-12-31" })).ProblemAsync(HttpStatusCode.BadRequest, "effectiveFrom");
        await (await admin.PostJsonAsync($"{Admin}/drafts/{draftId}/publish", new { effectiveFrom = "2207-01-01" })).ProblemAsync(HttpStatusCode.BadRequest, "effectiveFrom");
        var day = today.AddDays(30);
        var inForceBefore = reference.Catalogues.InForceOn(day)!.Edition;
        var latestBefore = reference.Catalogues.InForceOn(DateOnly.MaxValue)!.Edition;
        await (await admin.PostJsonAsync($"{Admin}/drafts/{draftId}/publish", new { effectiveFrom = day })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(edition, reference.Catalogues.InForceOn(day)!.Edition);
        await (await admin.DeleteAsync($"{Admin}/drafts/{draftId}")).ProblemAsync(HttpStatusCode.Conflict, "draftId");

        // Withdrawal: a reason is required, an unknown or built-in edition is not found; ten at once, one withdraws.
        await (await admin.PostJsonAsync($"{Admin}/editions/{edition}/withdrawal", new { reason = " " })).ProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await admin.PostJsonAsync($"{Admin}/editions/2026-07/withdrawal", new { reason = "no" })).ProblemAsync(HttpStatusCode.NotFound, "edition");
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => admin.PostJsonAsync($"{Admin}/editions/{edition}/withdrawal", new { reason = "Typo: 30 days too early." })));
        Assert.Equal((1, 9), (answers.Count(a => a.StatusCode == HttpStatusCode.OK), answers.Count(a => a.StatusCode == HttpStatusCode.NotFound)));
        var withdrawn = await answers.Single(a => a.StatusCode == HttpStatusCode.OK).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((edition, day.ToString("yyyy-MM-dd"), "admin", "Typo: 30 days too early."),
            (withdrawn["edition"].Text(), withdrawn["effectiveFrom"].Text(), withdrawn["withdrawnBy"].Text(), withdrawn["reason"].Text()));

        // Never used: no silo judges by it, the editions list leaves it out, the record keeps it, its draft may be published again.
        Assert.Equal(inForceBefore, reference.Catalogues.InForceOn(day)!.Edition);
        Assert.Equal(latestBefore, reference.Catalogues.InForceOn(DateOnly.MaxValue)!.Edition);
        Assert.DoesNotContain(edition, reference.Catalogues.Editions.Select(e => e.Edition));
        Assert.DoesNotContain(edition, (await admin.GetJsonAsync("/api/catalogue/editions")).AsArray().Select(e => e!["edition"].Text()));
        Assert.Contains(edition, (await admin.GetJsonAsync($"{Admin}/withdrawals")).AsArray().Select(e => e!["edition"].Text()));
        Assert.Null((await admin.GetJsonAsync($"{Admin}/drafts/{draftId}"))["publishedFrom"]);
        await (await admin.PostJsonAsync($"{Admin}/drafts/{draftId}/publish", new { effectiveFrom = day })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(edition, reference.Catalogues.InForceOn(day)!.Edition);
        await (await admin.PostJsonAsync($"{Admin}/editions/{edition}/withdrawal", new { reason = "Test over." })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (await admin.GetJsonAsync($"{Admin}/withdrawals")).AsArray().Count(e => e!["edition"].Text() == edition));

        // Names: markup, control characters, bidi overrides and 10,000 characters refused naming the edition; nothing stored.
        var before = (await admin.GetJsonAsync($"{Admin}/drafts?limit=500")).AsArray().Count;
        foreach (var name in new[] { "<b>2027</b>", "2027\\u0000", "2027\\u202Eevil", new string('x', 10_000) })
        {
            await (await admin.PostRawAsync($"{Admin}/drafts", CatalogueAdminApiTests.Draft(edition).Replace($"\"edition\": \"{edition}\"", $"\"edition\": \"{name}\"", StringComparison.Ordinal)))
                .ProblemAsync(HttpStatusCode.BadRequest, "edition");
        }

        Assert.Equal(before, (await admin.GetJsonAsync($"{Admin}/drafts?limit=500")).AsArray().Count);

        // Drafts a page at a time, newest first; an admin deletes an unpublished one.
        var uploaded = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            uploaded.Add((await (await admin.PostRawAsync($"{Admin}/drafts", CatalogueAdminApiTests.Draft(NewId("2028")))).JsonAsync(HttpStatusCode.Created))["draftId"].Text());
        }

        var pages = await PagesAsync(admin, $"{Admin}/drafts?limit=2");
        Assert.Equal(before + 3, pages.Sum(p => p.Length));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p.Length));
        Assert.Equal([uploaded[2], uploaded[1]], pages[0]);
        await (await admin.DeleteAsync($"{Admin}/drafts/{uploaded[1]}")).EnsureNoContentAsync();
        await (await admin.GetAsync($"{Admin}/drafts/{uploaded[1]}")).ProblemAsync(HttpStatusCode.NotFound, "draftId");
        await (await admin.DeleteAsync($"{Admin}/drafts/{uploaded[1]}")).ProblemAsync(HttpStatusCode.NotFound, "draftId");
        Assert.Equal([uploaded[2], uploaded[0]], (await PagesAsync(admin, $"{Admin}/drafts?limit=2"))[0]);
        await (await admin.GetAsync($"{Admin}/drafts?after=d-none")).ProblemAsync(HttpStatusCode.BadRequest, "after");
        await (await admin.GetAsync($"{Admin}/drafts?limit=0")).ProblemAsync(HttpStatusCode.BadRequest, "limit");
    }

    private static Task EnsureNoContentAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return Task.CompletedTask;
    }

    private static async Task<List<string[]>> PagesAsync(HttpClient client, string first)
    {
        var pages = new List<string[]>();
        for (string? next = first; next is not null;)
        {
            var response = await client.GetAsync(next);
            pages.Add([.. (await response.JsonAsync(HttpStatusCode.OK)).AsArray().Select(d => d!["draftId"].Text())]);
            next = response.Headers.TryGetValues("Link", out var links) ? NextLink().Match(links.Single()).Groups[1].Value : null;
            Assert.True(pages.Count < 100);
        }

        return pages;
    }

    [GeneratedRegex("<([^>]+)>; rel=\"next\"")]
    private static partial Regex NextLink();
}

/// <summary>A host of its own: its drafts and editions are only this test's.</summary>
public sealed class GoLiveHostFixture : IAsyncLifetime
{
    public HostFixture Host { get; } = HostFixture.With(_ => { });

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

public sealed class CatalogueGoLiveTests(GoLiveHostFixture fixture, BrowserFixture browser) : IClassFixture<GoLiveHostFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public Task Catalogue_HorizonWithdrawalNamesAndDrafts_AsTheRulesSay() => CatalogueGoLiveCases.Catalogue_HorizonWithdrawalNamesAndDrafts_AsTheRulesSay(fixture.Host);

    [Fact]
    public async Task The_admin_withdraws_an_edition_not_yet_in_force_and_deletes_a_draft_on_the_admin_page()
    {
        var admin = fixture.Host.CreateClient(TestUser.Admin);
        var edition = NewId("2027");
        var published = (await (await admin.PostRawAsync("/api/admin/catalogue/drafts", CatalogueAdminApiTests.Draft(edition))).JsonAsync(HttpStatusCode.Created))["draftId"].Text();
        var today = CmcmActors.Host.Api.ApiDates.Today(TimeProvider.System);
        await (await admin.PostJsonAsync($"/api/admin/catalogue/drafts/{published}/publish", new { effectiveFrom = today.AddDays(20) })).JsonAsync(HttpStatusCode.OK);
        var spare = (await (await admin.PostRawAsync("/api/admin/catalogue/drafts", CatalogueAdminApiTests.Draft(NewId("2029")))).JsonAsync(HttpStatusCode.Created))["draftId"].Text();

        var page = await browser.NewPageAsync(fixture.Host.BaseAddress);
        await page.GotoAsync("/admin.html");
        await page.WaitForSelectorAsync("#sign-in-role");
        await page.SelectOptionAsync("#sign-in-role", "admin");
        await page.ClickAsync("#sign-in-dev");
        await page.GetByLabel($"Withdraw edition {edition}").ClickAsync();
        await page.FillAsync("#withdraw-reason", "Published 20 days too early.");
        await page.AssertNoViolationsAsync("admin, withdrawing an edition");
        await page.ClickAsync("#withdraw");

        await Assertions.Expect(page.Locator("#withdraw-result")).ToContainTextAsync($"Edition {edition} withdrawn");
        await Assertions.Expect(page.Locator("#editions table.report").Last.Locator("td", new() { HasText = "Published 20 days too early." })).ToHaveCountAsync(1);
        await page.GetByLabel($"Delete draft {spare}").ClickAsync();
        await Assertions.Expect(page.GetByLabel($"Open draft {spare}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel($"Delete draft {published}")).ToHaveCountAsync(1);
        await page.AssertNoViolationsAsync("admin, an edition withdrawn and a draft deleted");
        Assert.Empty(browser.PageErrors);
        await (await admin.GetAsync($"/api/admin/catalogue/drafts/{spare}")).ProblemAsync(HttpStatusCode.NotFound, "draftId");
    }
}

[Collection(PostgresHostCollection.Name)]
public sealed class CatalogueGoLiveOnPostgresTests(PostgresHostFixture fixture)
{
    [PostgresTheory]
    [InlineData("go-live")]
    public Task Catalogue_HorizonWithdrawalNamesAndDrafts_AsTheRulesSay(string _) => CatalogueGoLiveCases.Catalogue_HorizonWithdrawalNamesAndDrafts_AsTheRulesSay(fixture.Host!);
}
