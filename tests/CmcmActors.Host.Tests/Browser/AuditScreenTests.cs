using System.Net;
using CmcmActors.Host.Tests.Support;
using Microsoft.Playwright;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>The audit screens in a real browser: the desk's trail (a family's and one member's, in German) and the admin's reads of health data.</summary>
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

    [Fact]
    public async Task The_admin_page_lists_a_clerks_read_of_a_members_claim_filtered_by_member_with_no_accessibility_violation()
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "READ-1", Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
        await staff.GetJsonAsync($"/api/claims/{memberId}/READ-1");
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/admin.html");
        await page.WaitForSelectorAsync("#sign-in-role");
        await page.SelectOptionAsync("#sign-in-role", "admin");
        await page.ClickAsync("#sign-in-dev");
        await page.WaitForSelectorAsync("#reads-form");

        await page.FillAsync("#reads-member", memberId);
        await page.ClickAsync("#reads-show");

        var row = page.Locator("#reads-table tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("td:nth-child(2)")).ToHaveTextAsync("frontdesk");
        await Assertions.Expect(row.Locator("td:nth-child(4)")).ToHaveTextAsync(memberId);
        await Assertions.Expect(row.Locator("td:nth-child(6)")).ToHaveTextAsync("GET /api/claims/{memberId}/{invoiceReference}");
        await page.AssertNoViolationsAsync("admin, reads of a member's health data");
        Assert.Empty(browser.PageErrors);
    }
}
