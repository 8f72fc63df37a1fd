using System.Net;
using CmcmActors.Host.Tests.Browser;
using CmcmActors.Host.Tests.Support;
using Microsoft.Playwright;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.MemberSpace;

[Collection(HostCollection.Name)]
public sealed class MemberSpacePageTests(HostFixture host, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task A_member_on_a_phone_downloads_the_statement_gives_feedback_and_asks_for_notices_and_the_desk_reads_the_report()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var invoice = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Implants()))).JsonAsync(HttpStatusCode.Created);
        var member = new MemberPage(await browser.NewPageAsync(host.BaseAddress, phone: true));
        await member.OpenAndSignInAsync(familyId, memberId, mainAffiliate: true, language: "fr");
        var row = member.Claim($"{memberId}/{invoice}");

        var download = await member.Page.RunAndWaitForDownloadAsync(() => row.Locator("[data-statement]").ClickAsync());
        Assert.Equal($"{invoice}-fr.pdf", download.SuggestedFilename);

        await row.Locator(".feedback summary").ClickAsync();
        await row.Locator(".feedback select").SelectOptionAsync("4");
        await row.Locator(".feedback textarea").FillAsync("Remboursement rapide.");
        await member.Page.AssertNoViolationsAsync("member page, feedback form open");
        await row.Locator(".feedback button[type=submit]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-feedback-given='4']")).ToHaveTextAsync("Merci pour votre avis (4/5).");

        await member.Page.FillAsync("#notice-email", "jean.kieffer@example.lu");
        await member.Page.SelectOptionAsync("#notice-language", "de");
        await member.Page.ClickAsync("#notice-save");
        await Assertions.Expect(member.Page.Locator("[data-notices=on]")).ToHaveTextAsync("Les avis sont envoyés à jean.kieffer@example.lu.");
        await member.Page.AssertNoViolationsAsync("member page, feedback given, notices on");
        await member.Page.AssertNoSidewaysScrollAsync("member page with its documents, feedback and notices");

        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        await desk.OpenAndSignInAsync("de");
        await desk.Page.ClickAsync("#feedback-report-show");
        await Assertions.Expect(desk.Page.Locator("#feedback-report tr[data-benefit='RC.DENTAL.FLAT'] td").First).ToBeVisibleAsync();
        await desk.Page.AssertNoViolationsAsync("desk, feedback report");
        Assert.Empty(browser.PageErrors);
    }
}
