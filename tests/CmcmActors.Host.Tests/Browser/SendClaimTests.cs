using System.Net;
using CmcmActors.Host.Tests.Documents;
using CmcmActors.Host.Tests.Support;
using Microsoft.Playwright;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>
/// A member sends a claim from a 390 px phone with two photos and a PDF; it pends; a clerk in another browser opens its
/// files beside the decision, ticks which required document each is and confirms the circumstance; the member sees it
/// paid live. axe-core in every state, 0 violations. (A co-affiliate cannot read his parent's files: DocumentUploadTests.)
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SendClaimTests(HostFixture host, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task A_member_on_a_phone_sends_a_claim_with_two_photos_and_a_PDF_a_clerk_confirms_the_files_and_the_member_sees_it_paid_live()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var member = new MemberPage(await browser.NewPageAsync(host.BaseAddress, phone: true));
        await member.OpenAndSignInAsync(familyId, memberId, mainAffiliate: true, language: "fr");
        var page = member.Page;
        await page.WaitForSelectorAsync("#send-benefit option");

        // Words of any language find the benefit: "glasses" on a French page finds the four optical benefits.
        await page.FillAsync("#send-search", "glasses");
        await Assertions.Expect(page.Locator("#send-benefit option")).ToHaveCountAsync(4);
        await page.FillAsync("#send-search", "annulation");
        await Assertions.Expect(page.Locator("#send-benefit option")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#send-benefit", "ASSIST.TRIP.CANCEL");
        await page.FillAsync("#send-form [name=dateOfCare]", Care);
        await page.FillAsync("#send-form [name=tripId]", "Lisbonne avril");
        await page.FillAsync("#send-form [name=invoiced]", "900,00");
        await page.FillAsync("#send-form [name=statutoryReimbursement]", "0");
        await page.SetInputFilesAsync("#send-camera", new FilePayload { Name = "billets.jpg", MimeType = "image/jpeg", Buffer = TestFiles.PhotoWithGps(shade: 10) });
        await page.SetInputFilesAsync("#send-files", [
            new FilePayload { Name = "hotel.jpg", MimeType = "image/jpeg", Buffer = TestFiles.PhotoWithGps(shade: 200) },
            new FilePayload { Name = "refus-agence.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf() },
        ]);
        await Assertions.Expect(page.Locator("#send-file-list li")).ToHaveCountAsync(3);
        await page.AssertNoSidewaysScrollAsync("member sending a claim on a phone");
        await page.AssertNoViolationsAsync("member page, claim form filled with three files");
        await page.TakeAsync(host, "send-1-form");

        await page.ClickAsync("#send-submit");
        var answer = page.Locator("#send-result [data-sent-claim]");
        await Assertions.Expect(answer).ToHaveAttributeAsync("data-status", "pended");
        await Assertions.Expect(answer).ToContainTextAsync("Demande reçue : une personne du");
        await Assertions.Expect(answer.Locator("[data-files-sent]")).ToHaveAttributeAsync("data-files-sent", "3");
        var claimId = await answer.GetAttributeAsync("data-sent-claim");
        await Assertions.Expect(member.Claim(claimId!)).ToHaveAttributeAsync("data-status", "pended");
        await page.AssertNoSidewaysScrollAsync("member page, claim pended");
        await page.AssertNoViolationsAsync("member page, claim pended");
        await page.TakeAsync(host, "send-2-pended");

        // The clerk, in a browser of her own: the claim from the queue, its files beside the decision.
        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        await desk.OpenAndSignInAsync();
        await desk.QueueItem(claimId!).Locator("button").First.ClickAsync();
        var files = desk.Page.Locator($"#decision-files [data-files-for='{claimId}']");
        await Assertions.Expect(files.Locator(".file-card")).ToHaveCountAsync(3);
        await Assertions.Expect(files.Locator("img.file-photo")).ToHaveCountAsync(2);
        await Assertions.Expect(files.Locator("iframe.file-pdf")).ToHaveCountAsync(1);
        await Assertions.Expect(files.Locator(".file-card").First).ToContainTextAsync($"Sent by member {memberId}");
        await desk.Page.AssertNoViolationsAsync("desk, a pended claim's files");
        await desk.Page.TakeAsync(host, "send-3-desk-files");

        await ConfirmAsync(desk.Page, claimId!, "billets.jpg", "travel-invoices");
        await ConfirmAsync(desk.Page, claimId!, "refus-agence.pdf", "provider-refund-decision");
        await desk.Page.ClickAsync("#act-resolve summary");
        await desk.Page.CheckAsync("#act-resolve input[name=circumstances][value=illness]");
        await desk.Page.ClickAsync("#act-resolve button[type=submit]");
        await Assertions.Expect(desk.Page.Locator("#decision .decision-head [data-status]")).ToHaveAttributeAsync("data-status", "approved");
        await desk.Page.AssertNoViolationsAsync("desk, the claim paid after its files were confirmed");

        // The member's page, not reloaded: paid, in plain words.
        await Assertions.Expect(answer).ToHaveAttributeAsync("data-status", "approved");
        await Assertions.Expect(answer).ToContainTextAsync("La CMCM vous rembourse 900,00\u00a0€.");
        await Assertions.Expect(member.Claim(claimId!)).ToHaveAttributeAsync("data-status", "approved");
        await page.AssertNoViolationsAsync("member page, claim paid");
        await page.TakeAsync(host, "send-4-paid");

        // A proof without a claim: a school certificate, listed as sent.
        await page.SelectOptionAsync("#proof-form [name=proofType]", "school-certificate");
        await page.SetInputFilesAsync("#proof-file", new FilePayload { Name = "certificat-scolaire.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf() });
        await page.ClickAsync("#proof-submit");
        await Assertions.Expect(page.Locator("#proof-list [data-proof]")).ToContainTextAsync("certificat-scolaire.pdf");
        await page.AssertNoViolationsAsync("member page, a proof sent");
        Assert.Equal("school-certificate", (await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/files"))[0]!["type"].Text());
        var claim = await _staff.GetJsonAsync($"/api/claims/{claimId}");
        Assert.Equal(900.00m, claim["totalPaid"].Decimal());
        Assert.Empty(browser.PageErrors);
    }

    private static async Task ConfirmAsync(IPage page, string claimId, string fileName, string requiredDocument)
    {
        var card = page.Locator($"#decision-files [data-files-for='{claimId}'] .file-card:has-text('{fileName}')");
        await card.Locator("select[name=requiredDocument]").SelectOptionAsync(requiredDocument);
        await card.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator($"#decision-files [data-files-for='{claimId}'] .file-card:has-text('{fileName}')")).ToHaveAttributeAsync("data-confirmed", requiredDocument);
    }
}
