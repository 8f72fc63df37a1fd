using System.Net;
using CmcmActors.Host.Tests.Payments;
using CmcmActors.Host.Tests.Support;
using Microsoft.Playwright;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>
/// The finance page in a real browser, on a payments host of its own (a run takes everything due in its host): the
/// preview of a member's due refund, the run started from the page, the run's payment and its file.
/// </summary>
public sealed class FinancePageTests(PaymentsHostFixture fixture, BrowserFixture browser) : IClassFixture<PaymentsHostFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task FinancePage_DueRefund_PreviewThenStartedRunShowsItsPaymentAndFileWithNoAccessibilityViolation()
    {
        var host = fixture.Host;
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "FIN-PAGE-1", Line("DO.OPTIC.FRAMES", 100m)))).JsonAsync(HttpStatusCode.Created);
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/finance.html");
        await page.WaitForSelectorAsync("#sign-in-role");
        await page.SelectOptionAsync("#language", "en");
        await page.WaitForSelectorAsync("html[lang=en]");
        await page.SelectOptionAsync("#sign-in-role", "finance");
        await page.ClickAsync("#sign-in-dev");

        var line = page.Locator($"#preview-table tbody tr:has-text('member/{memberId}')");
        await Assertions.Expect(line).ToHaveCountAsync(1);
        Assert.Equal(["Holder " + memberId + " (member/" + memberId + ")", "****0000", "€30.00", "€0.00", "€30.00", "Pay", "€30.00", ""],
            await line.Locator("td").AllInnerTextsAsync());
        await page.AssertNoViolationsAsync("finance, a run's preview");

        await page.ClickAsync("#run-start");

        var payment = page.Locator("#run-payments-table tbody tr");
        await Assertions.Expect(payment).ToHaveCountAsync(1);
        var cells = await payment.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["Holder " + memberId + " (member/" + memberId + ")", "****0000", "€30.00", "CMCM FIN-PAGE-1", "In the file"], cells.Skip(1).Take(5));
        await Assertions.Expect(page.Locator("#run-file")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#runs-table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#preview-table")).ToHaveCountAsync(0);
        await page.AssertNoViolationsAsync("finance, a started run with its payment");
        await page.TakeAsync(host, "finance-run");
        Assert.Empty(browser.PageErrors);
    }
}
