using System.Globalization;
using System.Net;
using CmcmActors.Host.Security;
using CmcmActors.Host.Tests.People;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
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
        await desk.OpenAndSignInAsync("en");
        await desk.Page.TakeAsync(host, "desk-1-signed-in");

        await desk.EnrolAsync(familyId, memberId, "1980-05-01", Applied, "2010-01-01");
        await desk.RecordPaymentAsync(2026, "300.00");
        await desk.FillLineAsync(0, "RC.ALTMED", Care, "80", element: "osteopathy");
        await desk.FillLineAsync(1, "DO.OPTIC.LENSES", Care, "400", statutory: "100");
        await desk.Page.TakeAsync(host, "desk-2-claim-form");
        var invoice = NewId("INV");
        var decision = await desk.SubmitAsync(invoice);

        // RC pays its €50 a session, PP the other €30; lenses are capped at €150 a year.
        await Assertions.Expect(decision.Locator(".decision-head [data-status]")).ToHaveAttributeAsync("data-status", "partiallyApproved");
        await Assertions.Expect(decision.Locator(".decision-head [data-status]")).ToHaveTextAsync("Limited by a cap");
        await Assertions.Expect(decision.Locator(".decision-head .total")).ToHaveTextAsync("€230.00");
        // Invoiced 480, the statutory fund 100, the CMCM 230: the member still pays 150.
        await Assertions.Expect(decision.Locator(".decision-head .member-share")).ToHaveTextAsync("The member still pays €150.00");
        var osteopathy = decision.Locator("[data-line='1']");
        await Assertions.Expect(osteopathy).ToContainTextAsync("Base cover (RC) · RC.ALTMED");
        await Assertions.Expect(osteopathy).ToContainTextAsync("Rule gives €80.00, pays €50.00.");
        await Assertions.Expect(osteopathy).ToContainTextAsync("Cap: €100.00 per calendar year per member — €100.00 → €50.00 left of €100.00");
        await Assertions.Expect(osteopathy).ToContainTextAsync("Prestaplus (PP) · PP.ALTMED");
        var lenses = decision.Locator("[data-line='2']");
        await Assertions.Expect(lenses).ToContainTextAsync("Rule gives €300.00, pays €150.00.");
        await Assertions.Expect(lenses).ToContainTextAsync("€150.00 → €0.00 left of €150.00 (this cap reduced the payment)");
        await Assertions.Expect(desk.Page.Locator($"#feed li[data-claim='{memberId}/{invoice}']")).ToHaveAttributeAsync("data-status", "partiallyApproved");
        await desk.Page.TakeAsync(host, "desk-3-decision");

        // Bank account with four eyes: a wrong IBAN is refused naming the field; the clerk's own request waits for
        // someone else; another clerk refuses it and asks for another, which this clerk confirms on the page.
        var accounts = desk.Page.Locator($"[data-member-accounts='{memberId}']");
        await desk.Page.ClickAsync("#account-request summary");
        await desk.Page.FillAsync("#account-request-form [name=iban]", "LU28 0019 4006 4475 000");
        await desk.Page.FillAsync("#account-request-form [name=holderName]", "Person Test");
        await desk.Page.ClickAsync("#account-request-form button[type=submit]");
        await Assertions.Expect(desk.Page.Locator("#account-request-form [name=iban]")).ToHaveAttributeAsync("aria-invalid", "true");
        await desk.Page.FillAsync("#account-request-form [name=iban]", "lu28 0019 4006 4475 0000");
        await desk.Page.ClickAsync("#account-request-form button[type=submit]");
        await Assertions.Expect(accounts.Locator("[data-account-state]")).ToHaveAttributeAsync("data-account-state", "pending");
        await Assertions.Expect(accounts.Locator("[data-payee]")).ToHaveAttributeAsync("data-payee", "held");
        var asked = (await accounts.Locator("[data-account]").GetAttributeAsync("data-account"))!;
        await Assertions.Expect(desk.Page.Locator($"#account-queue [data-account='{asked}']")).ToContainTextAsync("You asked for this account: another staff member must confirm it.");
        await desk.Page.AssertNoViolationsAsync("desk, an account waiting for its second confirmation");
        var otherClerk = host.CreateClient();
        otherClerk.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            host.Services.GetRequiredService<TokenIssuer>().Issue("clerk-b", CmcmRoles.FrontDesk, null, null, false, null));
        await (await otherClerk.PostJsonAsync($"/api/bank-accounts/{asked}/refusal", new { reason = "Wrong holder" })).JsonAsync(HttpStatusCode.OK);
        var second = (await (await otherClerk.PostJsonAsync($"/api/families/{familyId}/members/{memberId}/bank-accounts",
            new { iban = "BE68 5390 0754 7034", holderName = "Person Test" })).JsonAsync(HttpStatusCode.Created))["accountId"].Text();
        await desk.OpenFamilyAsync(familyId);
        await desk.Page.ClickAsync($"[data-confirm-account='{second}']");
        await Assertions.Expect(desk.Page.Locator("#accounts-message")).ToHaveTextAsync("Account ****7034 confirmed.");
        await Assertions.Expect(accounts.Locator($"[data-account='{second}'] [data-account-state]")).ToHaveAttributeAsync("data-account-state", "confirmed");
        await Assertions.Expect(accounts.Locator($"[data-account='{asked}'] [data-account-state]")).ToHaveAttributeAsync("data-account-state", "refused");
        await Assertions.Expect(accounts.Locator("[data-payee]")).ToHaveTextAsync("Paid to his or her own account ****7034");
        await desk.Page.AssertNoViolationsAsync("desk, an account confirmed and a refused one kept");

        await desk.Page.SetViewportSizeAsync(390, 844);
        await desk.Page.Locator("#decision-card").ScrollIntoViewIfNeededAsync();
        await desk.Page.AssertNoSidewaysScrollAsync("desk on a phone");
        await desk.Page.AssertNoViolationsAsync("desk on a phone, decision shown");
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
        await member.Page.AssertNoViolationsAsync("member page, no claims");
        await member.MarkAsync();
        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        await desk.OpenAndSignInAsync();
        await desk.OpenFamilyAsync(familyId);

        await desk.FillLineAsync(0, "RC.ALTMED", Care, "40", element: "osteopathy");
        var invoice = NewId("INV");
        var decision = await desk.SubmitAsync(invoice);
        await Assertions.Expect(decision.Locator(".decision-head [data-status]")).ToHaveAttributeAsync("data-status", "approved");

        var claim = member.Claim($"{memberId}/{invoice}");
        await Assertions.Expect(claim).ToHaveAttributeAsync("data-status", "approved");
        await Assertions.Expect(claim).ToContainTextAsync("Paid in full");
        // The row says when the care was, what was treated, what was invoiced and paid.
        await Assertions.Expect(claim).ToContainTextAsync("Care on15/09/2026");
        await Assertions.Expect(claim).ToContainTextAsync("Invoiced€40.00");
        await Assertions.Expect(claim).ToContainTextAsync("Paid€40.00");
        await Assertions.Expect(claim.Locator("[data-payment]")).ToHaveTextAsync("PaymentDue: in the next payment run");
        await Assertions.Expect(member.Page.Locator("#caps .cap-row").First).ToContainTextAsync("€60.00 left of €100.00");
        Assert.True(await member.StillMarkedAsync(), "The member page reloaded instead of updating in place.");
        await member.Page.Locator($".claim-row[data-claim='{memberId}/{invoice}'] summary").First.ClickAsync();
        await member.Page.AssertNoViolationsAsync("member page, a claim opened");
        await member.Page.TakeAsync(host, "member-1-live-update");
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task The_desk_sees_a_pended_claim_in_its_queue_and_completes_it_with_a_document_picked_from_the_catalogue()
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

        var item = desk.QueueItem(claimId);
        await Assertions.Expect(item).ToContainTextAsync("Foreign department");
        var weeks = submitted["pending"]!["expectedWeeks"]!.GetValue<int>();
        await Assertions.Expect(item).ToContainTextAsync($"expected within about {weeks} week(s)");
        var pended = member.Claim(claimId);
        await Assertions.Expect(pended).ToHaveAttributeAsync("data-status", "pended");
        await Assertions.Expect(pended.Locator("[data-expected-weeks]")).ToContainTextAsync($"it usually takes about {weeks} week(s), so expect an answer by");
        await desk.Page.TakeAsync(host, "desk-5-queue");
        await member.Page.TakeAsync(host, "member-2-pended");

        await item.GetByRole(AriaRole.Button, new() { Name = $"Open claim {invoice}" }).ClickAsync();
        var decision = desk.Page.Locator($"#decision .claim[data-claim='{claimId}']");
        await Assertions.Expect(decision).ToContainTextAsync("Documents missing: Provider's refund decision.");
        await desk.Page.ClickAsync("#act-documents summary");
        await desk.Page.Locator("#act-documents").GetByLabel("Provider's refund decision").CheckAsync();
        await desk.Page.AssertNoViolationsAsync("desk, a pended claim with its document choices");
        await desk.Page.ClickAsync("#act-documents button[type=submit]");

        await Assertions.Expect(decision.Locator(".decision-head [data-status]")).ToHaveAttributeAsync("data-status", "approved");
        var decided = await _staff.GetJsonAsync($"/api/claims/{memberId}/{invoice}");
        Assert.Equal("approved", decided["status"].Text());
        Assert.Contains("provider-refund-decision", decided["documents"]!.AsArray().Select(d => d.Text()));
        await Assertions.Expect(decision.Locator(".decision-head .total"))
            .ToHaveAttributeAsync("data-total", decided["totalPaid"].Decimal().ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(item).ToHaveCountAsync(0);
        await Assertions.Expect(pended).ToHaveAttributeAsync("data-status", "approved");
        await desk.Page.TakeAsync(host, "desk-6-resolved");
        await member.Page.TakeAsync(host, "member-3-resolved");
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task The_desk_shows_a_claim_of_the_open_family_decided_elsewhere_by_reading_that_claim_alone()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var first = NewId("INV");
        await SubmitOsteopathyAsync(familyId, memberId, first);
        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        await desk.OpenAndSignInAsync();
        await desk.OpenFamilyAsync(familyId);
        ILocator Row(string invoice) => desk.Page.Locator($"#claims-table tr[data-claim='{memberId}/{invoice}']");
        await Assertions.Expect(Row(first)).ToHaveAttributeAsync("data-status", "approved");
        var listReads = 0;
        desk.Page.Request += (_, request) =>
        {
            if (request.Url.Contains($"/api/families/{familyId}/claims", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref listReads);
            }
        };

        var second = NewId("INV");
        await SubmitOsteopathyAsync(familyId, memberId, second);

        await Assertions.Expect(Row(second)).ToHaveAttributeAsync("data-status", "approved");
        await Assertions.Expect(desk.Page.Locator("#claims-table tbody tr")).ToHaveCountAsync(2);
        Assert.Equal(0, listReads);
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task The_desk_queue_count_says_more_than_its_first_page_when_the_queue_is_longer()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var invoices = Enumerable.Range(0, 101).Select(_ => NewId("INV")).ToArray();
        foreach (var chunk in invoices.Chunk(10))
        {
            await Task.WhenAll(chunk.Select(async invoice =>
                Assert.Equal("pended", (await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, TripCancellationWithoutRefundDecision(NewId("TRIP")))))
                    .JsonAsync(HttpStatusCode.Created))["status"].Text())));
        }

        try
        {
            var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
            await desk.OpenAndSignInAsync();

            await Assertions.Expect(desk.Page.Locator("#queue-count")).ToHaveTextAsync("100+");
            Assert.Empty(browser.PageErrors);
        }
        finally
        {
            // Out of the shared host's queue again (other tests look for their own claim on its first page).
            foreach (var chunk in invoices.Chunk(10))
            {
                await Task.WhenAll(chunk.Select(async invoice =>
                    await (await _staff.PostJsonAsync($"/api/claims/{memberId}/{invoice}/documents", new { documents = new[] { "provider-refund-decision" } }))
                        .JsonAsync(HttpStatusCode.OK)));
            }
        }
    }

    [Fact]
    public async Task The_desks_correction_starts_from_the_claim_as_submitted_element_and_units_included()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var invoice = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 80m, element: "acupuncture", units: 2))))
            .JsonAsync(HttpStatusCode.Created);
        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        await desk.OpenAndSignInAsync();
        await desk.OpenFamilyAsync(familyId);
        await desk.Page.Locator($"#claims-table tr[data-claim='{memberId}/{invoice}'] button").ClickAsync();
        await desk.Page.ClickAsync("#act-correct summary");

        var editor = desk.Page.Locator("#act-correct .line-editor").First;
        await Assertions.Expect(editor.Locator("[name=benefitCode]")).ToHaveValueAsync("RC.ALTMED");
        await Assertions.Expect(editor.Locator("[name=element]")).ToHaveValueAsync("acupuncture");
        await Assertions.Expect(editor.Locator("[name=units]")).ToHaveValueAsync("2");
        await Assertions.Expect(editor.Locator("[name=invoiced]")).ToHaveValueAsync("80.00");
        await editor.Locator("[name=invoiced]").FillAsync("60.00");
        await desk.Page.Locator("#act-correct [name=reason]").FillAsync("The invoice said 60.00");
        await desk.Page.Locator("#act-correct button[type=submit]").ClickAsync();

        await Assertions.Expect(desk.Page.Locator($"#decision .claim[data-claim='{memberId}/{invoice}']")).ToContainTextAsync("60");
        var corrected = await _staff.GetJsonAsync($"/api/claims/{memberId}/{invoice}");
        var line = Assert.Single(corrected["submittedLines"]!.AsArray())!;
        Assert.Equal(("acupuncture", 2, 60.00m), (line["element"].Text(), line["units"]!.GetValue<int>(), line["invoiced"].Decimal()));
        Assert.Equal(2, corrected["version"]!.GetValue<long>());
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_member_with_a_long_history_sees_his_newest_claims_first_and_the_older_ones_on_request()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var invoices = Enumerable.Range(1, 101).Select(n => $"H-{n:D3}-{NewId("I")}").ToArray();
        foreach (var invoice in invoices)
        {
            await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.HOSP.LU", 40m, 30m)))).JsonAsync(HttpStatusCode.Created);
        }

        var member = new MemberPage(await browser.NewPageAsync(host.BaseAddress, phone: true));
        await member.OpenAndSignInAsync(familyId, memberId);

        await Assertions.Expect(member.Claim($"{memberId}/{invoices[^1]}")).ToHaveCountAsync(1);
        await Assertions.Expect(member.Page.Locator(".claim-row")).ToHaveCountAsync(100);
        await Assertions.Expect(member.Claim($"{memberId}/{invoices[0]}")).ToHaveCountAsync(0);
        await member.Page.ClickAsync("#older-claims");

        await Assertions.Expect(member.Claim($"{memberId}/{invoices[0]}")).ToHaveCountAsync(1);
        await Assertions.Expect(member.Page.Locator(".claim-row")).ToHaveCountAsync(101);
        await Assertions.Expect(member.Page.Locator("#older-claims")).ToHaveCountAsync(0);
        Assert.Empty(browser.PageErrors);
    }

    private async Task SubmitOsteopathyAsync(string familyId, string memberId, string invoice) =>
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);

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
        await Assertions.Expect(member.Page.Locator("[data-live-down]")).ToContainTextAsync("Live updates are not available right now");
        await member.Page.AssertNoViolationsAsync("member page, live connection lost");
        var invoice = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
        await member.Page.TakeAsync(host, "member-4-reconnecting");
        line.Restore();

        await Assertions.Expect(member.Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await Assertions.Expect(member.Claim($"{memberId}/{invoice}")).ToHaveAttributeAsync("data-status", "approved");
        await Assertions.Expect(member.Page.Locator("[data-live-down]")).ToHaveCountAsync(0);
        Assert.True(await member.StillMarkedAsync(), "The member page reloaded instead of re-reading in place.");
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_member_page_whose_hub_is_blocked_still_shows_its_claims_says_why_and_reads_new_ones_on_its_interval()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var first = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, first, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
        var member = new MemberPage(await browser.NewPageAsync(host.BaseAddress, phone: true));
        await member.Page.RouteAsync("**/hubs/cmcm/**", route => route.AbortAsync());

        await member.OpenAndSignInAsync(familyId, memberId, waitForLive: false);

        await Assertions.Expect(member.Claim($"{memberId}/{first}")).ToHaveAttributeAsync("data-status", "approved");
        await Assertions.Expect(member.Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "offline");
        await Assertions.Expect(member.Page.Locator("[data-live-down]")).ToContainTextAsync("this page reads your claims again every 15 seconds");
        await member.Page.AssertNoViolationsAsync("member page, hub blocked");
        await member.Page.TakeAsync(host, "member-5-hub-blocked");

        var second = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, second, Line("RC.ALTMED", 30m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
        await Assertions.Expect(member.Claim($"{memberId}/{second}")).ToHaveAttributeAsync("data-status", "approved", new() { Timeout = 40_000 });
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_member_not_on_the_roster_sees_a_clear_error_instead_of_an_empty_page()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/member.html");
        await page.WaitForSelectorAsync("#sign-in-member");
        await page.SelectOptionAsync("#language", "en");

        // The switch re-renders the sign-in form once the English words are loaded: fill it after that, not before.
        await page.WaitForSelectorAsync("html[lang=en]");
        await page.FillAsync("#sign-in-member", NewId("M"));
        await page.FillAsync("#sign-in-family", familyId);
        await page.ClickAsync("#sign-in-dev");

        await Assertions.Expect(page.Locator("#claims-message [role=alert]")).ToContainTextAsync("Your claims could not be read.");
        await Assertions.Expect(page.Locator("#waiting [role=alert]")).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync("member page, reads refused");
        Assert.Empty(browser.PageErrors);
    }
}
