using System.Net;
using CmcmActors.Host.Tests.Support;
using Microsoft.Playwright;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>The desk's audit screen in a real browser: a family's trail and one member's, newest first, in German.</summary>
[Collection(HostCollection.Name)]
public sealed class AuditScreenTests(HostFixture host, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_desk_shows_a_familys_trail_and_a_members_newest_first_in_German_with_no_accessibility_violation()
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "AUD-1", Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        await desk.OpenAndSignInAsync("de");
        await desk.OpenFamilyAsync(familyId);

        await desk.Page.ClickAsync("#audit-show");
        var rows = desk.Page.Locator("#audit-table tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var family = await rows.Locator("td:nth-child(3)").AllInnerTextsAsync();
        await desk.Page.SelectOptionAsync("#audit-whom", memberId);
        await desk.Page.ClickAsync("#audit-show");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        var member = await rows.Locator("td:nth-child(3)").AllInnerTextsAsync();

        // Newest first: the claim's acts (its cap movement and decision share its instant), then its receipt, then the
        // payment and the enrolment; the member's own trail leaves the family's payment out.
        Assert.Equal("Familie aufgenommen", family[^1]);
        Assert.Equal(["Beitrag erfasst", "Familie aufgenommen"], family.TakeLast(2));
        Assert.Equal(5, family.Count);
        Assert.Equal(["Antrag eingegangen", "Familie aufgenommen"], member.TakeLast(2));
        Assert.Equal(["Antrag bezahlt", "Obergrenze genutzt"], member.Take(2).Order());
        await Assertions.Expect(rows.First.Locator("td:nth-child(2)")).ToContainTextAsync("Schalter");
        await desk.Page.AssertNoViolationsAsync("desk, a member's audit trail in German");
        await desk.Page.TakeAsync(host, "desk-audit-trail");
        Assert.Empty(browser.PageErrors);
    }
}
