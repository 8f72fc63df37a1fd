using System.Net;
using CmcmActors.Host.Tests.Support;
using Microsoft.Playwright;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>The desk's list of a family's claims is filtered and paged by the server, a page at a time.</summary>
[Collection(HostCollection.Name)]
public sealed class DeskClaimFiltersTests(HostFixture host, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_desk_filters_a_familys_claims_on_the_server_and_pages_them()
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync("RC");
        for (var i = 1; i <= 12; i++)
        {
            await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, $"OSTEO-{i:00}", Line("RC.ALTMED", 60m, element: "osteopathy")))).JsonAsync(HttpStatusCode.Created);
        }

        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        var lists = new List<string>();
        desk.Page.Request += (_, request) =>
        {
            if (request.Url.Contains($"/api/families/{familyId}/claims", StringComparison.Ordinal))
            {
                lock (lists)
                {
                    lists.Add(request.Url);
                }
            }
        };
        await desk.OpenAndSignInAsync();
        await desk.OpenFamilyAsync(familyId);
        var rows = desk.Page.Locator("#claims-table tbody tr");

        // Newest first, ten a page; the second page holds the two oldest.
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-claim", $"{memberId}/OSTEO-12");
        await desk.Page.Locator("#claims .pager button").Last.ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Last).ToHaveAttributeAsync("data-claim", $"{memberId}/OSTEO-01");

        // A status and a piece of the reference: asked of the server, which answers the three refused sessions OSTEO-10 to 12.
        await desk.Page.SelectOptionAsync("#claims-status", "refused");
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await desk.Page.FillAsync("#claims-reference", "osteo-1");
        await desk.Page.Locator("#claims-reference").PressAsync("Enter");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-claim", $"{memberId}/OSTEO-12");
        await Assertions.Expect(desk.Page.Locator("#claims .pager")).ToHaveCountAsync(0);
        lock (lists)
        {
            Assert.Contains(lists, url => url.Contains("status=refused", StringComparison.Ordinal) && url.Contains("reference=osteo-1", StringComparison.Ordinal));
        }

        await desk.Page.AssertNoViolationsAsync("desk, the family's claims filtered");
        Assert.Empty(browser.PageErrors);
    }
}
