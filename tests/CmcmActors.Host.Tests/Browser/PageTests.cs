using System.Net;
using CmcmActors.Host.Tests.Support;
using Microsoft.Playwright;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>The pages in a real browser against the real host: what a clerk and a member see, pushes included.</summary>
[Collection(HostCollection.Name)]
public sealed class PageTests(HostFixture host, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task The_front_desk_enrols_a_family_submits_a_claim_of_two_lines_and_sees_the_decision_line_by_line()
    {
        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        var familyId = NewId("F");
        var memberId = NewId("M");
        await desk.OpenAndSignInAsync();
        await desk.Page.TakeAsync(host, "desk-1-signed-in");

        await desk.EnrolAsync(familyId, memberId, "1980-05-01", Applied, "2010-01-01");
        await desk.RecordPaymentAsync(2026, 300m);
        await desk.FillLineAsync(0, "RC.ALTMED", Care, 80m, element: "osteopathy");
        await desk.FillLineAsync(1, "DO.OPTIC.LENSES", Care, 400m, statutory: 100m);
        await desk.Page.TakeAsync(host, "desk-2-claim-form");
        var invoice = NewId("INV");
        var decision = await desk.SubmitAsync(invoice);

        // RC pays its €50 a session, PP the other €30; lenses are capped at €150 a year.
        await Assertions.Expect(decision.Locator(".decision-head [data-status]")).ToHaveAttributeAsync("data-status", "partiallyApproved");
        await Assertions.Expect(decision.Locator(".decision-head .total")).ToHaveTextAsync("€230.00");
        var osteopathy = decision.Locator("[data-line='1']");
        await Assertions.Expect(osteopathy).ToContainTextAsync("Base cover (RC) · RC.ALTMED");
        await Assertions.Expect(osteopathy).ToContainTextAsync("Rule gives €80.00, pays €50.00.");
        await Assertions.Expect(osteopathy).ToContainTextAsync("Cap: €100.00 per calendar year per member — €100.00 → €50.00 left of €100.00");
        await Assertions.Expect(osteopathy).ToContainTextAsync("Prestaplus (PP) · PP.ALTMED");
        var lenses = decision.Locator("[data-line='2']");
        await Assertions.Expect(lenses).ToContainTextAsync("Rule gives €300.00, pays €150.00.");
        await Assertions.Expect(lenses).ToContainTextAsync("€150.00 → €0.00 left of €150.00 (this cap reduced the payment)");
        // The desk's live feed has the claim too, pushed through the hub.
        await Assertions.Expect(desk.Page.Locator($"#feed li[data-claim='{memberId}/{invoice}']")).ToHaveAttributeAsync("data-status", "partiallyApproved");
        await desk.Page.TakeAsync(host, "desk-3-decision");

        await desk.Page.SetViewportSizeAsync(390, 844);
        await desk.Page.Locator("#decision-card").ScrollIntoViewIfNeededAsync();
        await desk.Page.TakeAsync(host, "desk-4-phone");
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_member_page_in_another_browser_shows_a_claim_submitted_at_the_desk_live_without_reloading()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var member = new MemberPage(await browser.NewPageAsync(host.BaseAddress, phone: true));
        await member.OpenAndSignInAsync(familyId, memberId);
        await Assertions.Expect(member.Page.Locator("#claims")).ToContainTextAsync("No claims yet.");
        await member.MarkAsync();
        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        await desk.OpenAndSignInAsync();
        await desk.OpenFamilyAsync(familyId);

        await desk.FillLineAsync(0, "RC.ALTMED", Care, 40m, element: "osteopathy");
        var invoice = NewId("INV");
        var decision = await desk.SubmitAsync(invoice);
        await Assertions.Expect(decision.Locator(".decision-head [data-status]")).ToHaveAttributeAsync("data-status", "approved");

        var claim = member.Claim($"{memberId}/{invoice}");
        await Assertions.Expect(claim).ToHaveAttributeAsync("data-status", "approved");
        await Assertions.Expect(claim).ToContainTextAsync("Approved");
        await Assertions.Expect(claim).ToContainTextAsync("€40.00");
        // The caps moved too (the page re-read them on the push): RC's yearly €100 for these therapies has €60 left.
        await Assertions.Expect(member.Page.Locator("#caps .cap-row").First).ToContainTextAsync("€60.00 left of €100.00");
        Assert.True(await member.StillMarkedAsync(), "The member page reloaded instead of updating in place.");
        await member.Page.TakeAsync(host, "member-1-live-update");
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task The_desk_sees_a_pended_claim_in_its_queue_and_completes_it_with_the_missing_document()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        await desk.OpenAndSignInAsync();
        var member = new MemberPage(await browser.NewPageAsync(host.BaseAddress, phone: true));
        await member.OpenAndSignInAsync(familyId, memberId);
        var invoice = NewId("INV");
        var claimId = $"{memberId}/{invoice}";

        var submitted = await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, TripCancellationWithoutRefundDecision(NewId("TRIP")))))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("pended", submitted["status"].Text());

        // Both pages hear of it without being touched: the queue at the desk, the expected time on the member's page.
        var item = desk.QueueItem(claimId);
        await Assertions.Expect(item).ToContainTextAsync("Foreign department");
        var weeks = submitted["pending"]!["expectedWeeks"]!.GetValue<int>();
        await Assertions.Expect(item).ToContainTextAsync($"expected within about {weeks} week(s)");
        var pended = member.Claim(claimId);
        await Assertions.Expect(pended).ToHaveAttributeAsync("data-status", "pended");
        await Assertions.Expect(pended.Locator("[data-expected-weeks]")).ToContainTextAsync($"it usually takes about {weeks} week(s), so expect an answer by");
        await desk.Page.TakeAsync(host, "desk-5-queue");
        await member.Page.TakeAsync(host, "member-2-pended");

        await item.GetByRole(AriaRole.Button, new() { Name = "Add documents" }).ClickAsync();
        await item.Locator("form.documents input[name=documents]").FillAsync("provider-refund-decision");
        await item.Locator("form.documents button").ClickAsync();

        var decision = desk.Page.Locator($"#decision .claim[data-claim='{claimId}']");
        await Assertions.Expect(decision.Locator(".decision-head [data-status]")).ToHaveAttributeAsync("data-status", "approved");
        var decided = await _staff.GetJsonAsync($"/api/claims/{memberId}/{invoice}");
        Assert.Equal("approved", decided["status"].Text());
        await Assertions.Expect(decision.Locator(".decision-head .total"))
            .ToHaveAttributeAsync("data-total", decided["totalPaid"].Decimal().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(item).ToHaveCountAsync(0);
        await Assertions.Expect(pended).ToHaveAttributeAsync("data-status", "approved");
        await desk.Page.TakeAsync(host, "desk-6-resolved");
        await member.Page.TakeAsync(host, "member-3-resolved");
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_member_page_that_lost_its_connection_reconnects_and_rereads_what_it_missed()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var member = new MemberPage(await browser.NewPageAsync(host.BaseAddress, phone: true));
        var line = await ConnectionCutter.InstallAsync(member.Page);
        await member.OpenAndSignInAsync(familyId, memberId);
        await member.MarkAsync();

        await line.CutAsync();
        await Assertions.Expect(member.Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "reconnecting");
        var invoice = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
        await Assertions.Expect(member.Page.Locator("#claims")).ToContainTextAsync("No claims yet.");
        await member.Page.TakeAsync(host, "member-4-reconnecting");
        line.Restore();

        await Assertions.Expect(member.Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await Assertions.Expect(member.Claim($"{memberId}/{invoice}")).ToHaveAttributeAsync("data-status", "approved");
        Assert.True(await member.StillMarkedAsync(), "The member page reloaded instead of re-reading in place.");
        Assert.Empty(browser.PageErrors);
    }
}
