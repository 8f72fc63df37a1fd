using System.Globalization;
using System.Net;
using CmcmActors.Host.Tests.People;
using CmcmActors.Host.Tests.Support;
using Microsoft.Playwright;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>
/// A clerk's day at the desk, in French and in English: search by name, open the family, enrol, add a newborn, submit a
/// claim of several lines with a decimal comma, read the decision, estimate, reverse, resolve a pended claim with a
/// document picked from the catalogue's list; axe-core in every state, with 0 violations of any impact.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ClerksDayTests(HostFixture host, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    public sealed record Words(string Lang, string Paid, string Limited, string Reversed, string MemberPays, string Invoiced8050, string Ambiguous,
        string NinWrong, string NothingConsumed, string Document, string WaitingPeriod);

    private static readonly Dictionary<string, Words> Languages = new()
    {
        ["fr"] = new("fr", "Payée en entier", "Limitée par un plafond", "Annulée", "Reste à charge du membre : 150,00\u00a0€", "facturé 80,50\u00a0€",
            "Ambigu : milliers ou centimes ? Écrivez 1300 ou 1,30.", "Les chiffres de contrôle ne correspondent pas : un chiffre est erroné.",
            "Estimation : rien n'est consommé.", "Décision de remboursement du prestataire", "Stage : la couverture commence le {0}."),
        ["en"] = new("en", "Paid in full", "Limited by a cap", "Reversed", "The member still pays €150.00", "invoiced €80.50",
            "Ambiguous: is it thousands or cents? Write 1300 or 1,30.", "The check digits do not match: a digit was mistyped.",
            "Estimate: nothing is consumed.", "Provider's refund decision", "Waiting period: cover starts on {0}."),
    };

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task A_clerks_day(string language)
    {
        var w = Languages[language];
        var page = await browser.NewPageAsync(host.BaseAddress);
        var desk = new DeskPage(page);
        var shot = (string name) => page.TakeAsync(host, $"day-{language}-{name}");

        await desk.OpenAndSignInAsync(language);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await page.AssertNoViolationsAsync("signed in");
        await shot("1-signed-in");

        // A family enrolled before (through the API), found by part of its name, without accents or capitals.
        var surname = PeopleApiTests.UniqueSurname("Müller");
        var known = NewId("F");
        var knownMember = NewId("M");
        var knownNin = PeopleApiTests.Nin("1980-05-01");
        var enrol = PeopleApiTests.WithPerson(EnrolBody(known, knownMember), surname, "Élise", knownNin);
        await (await _staff.PostJsonAsync("/api/families", enrol)).JsonAsync(HttpStatusCode.Created);
        await desk.SearchAsync("MULLER" + surname["Müller".Length..].ToUpperInvariant()[..4]);
        var found = page.Locator($"#search-results tr[data-member='{knownMember}']");
        await Assertions.Expect(found).ToContainTextAsync($"Élise {surname}");
        await page.AssertNoViolationsAsync("search results");
        await found.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("#family-title")).ToHaveAttributeAsync("data-family", known);
        await Assertions.Expect(page.Locator("#roster")).ToContainTextAsync(knownNin);
        await shot("2-found");

        // Enrol a new family: a wrong national number is refused at its field, in the page's language.
        var familyId = NewId("F");
        var memberId = NewId("M");
        var nin = PeopleApiTests.Nin("1975-03-12");
        await page.ClickAsync("#enrol summary");
        await page.FillAsync("#enrol-nin", nin[..12] + (char)('0' + ((nin[12] - '0' + 1) % 10)));
        await page.FillAsync("#enrol-birth", "1975-03-12");
        await page.ClickAsync("#enrol-submit");
        await Assertions.Expect(page.Locator("#enrol-nin")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#enrol-nin-error")).ToHaveTextAsync(w.NinWrong);
        await page.AssertNoViolationsAsync("enrolment with errors shown");
        await shot("3-enrol-errors");
        await page.ClickAsync("#enrol summary");
        await desk.EnrolAsync(familyId, memberId, "1975-03-12", Applied, "2000-01-01", "Weber", "Anne", nin);
        Assert.Equal(0, await page.Locator($"#decision .claim").CountAsync());
        await desk.RecordPaymentAsync(2026, "300,00");
        var family = await _staff.GetJsonAsync($"/api/families/{familyId}");
        Assert.Equal(300.00m, family["payments"]![0]!["amount"].Decimal());
        Assert.Equal(("Weber", nin), (family["members"]![0]!["surname"].Text(), family["members"]![0]!["nationalNumber"].Text()));

        // A newborn, with the family's dates.
        var baby = NewId("baby");
        await desk.AddNewbornAsync(baby, "Weber", "Lou", "2026-10-01", PeopleApiTests.Nin("2026-10-01"), "2026-11-02");
        await Assertions.Expect(page.Locator($"#roster tr[data-member='{baby}']")).ToContainTextAsync("Lou Weber");
        await page.AssertNoViolationsAsync("family with a newborn");
        await shot("4-family");

        // An amount that could be read two ways is refused at the field; nothing is sent.
        await desk.FillLineAsync(0, "RC.ALTMED", Care, "1,300", element: "osteopathy");
        await page.ClickAsync("#submit-claim");
        var invoicedField = page.Locator("#claim-lines > fieldset").First.Locator("input[name=invoiced]");
        await Assertions.Expect(invoicedField).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator($"#{await invoicedField.GetAttributeAsync("id")}-error")).ToHaveTextAsync(w.Ambiguous);
        await page.AssertNoViolationsAsync("claim form with a field error");
        await shot("5-claim-error");

        // A claim of two lines with a decimal comma.
        await desk.FillLineAsync(0, "RC.ALTMED", Care, "80,50", element: "osteopathy");
        await desk.FillLineAsync(1, "DO.OPTIC.LENSES", Care, "400", statutory: "100,00");
        var invoice = NewId("INV");
        var decision = await desk.SubmitAsync(invoice, memberId);
        var claim = await _staff.GetJsonAsync($"/api/claims/{memberId}/{invoice}");
        Assert.Equal(80.50m, claim["lines"]![0]!["invoiced"].Decimal());
        Assert.Equal(100.00m, claim["lines"]![1]!["statutoryReimbursement"].Decimal());
        await Assertions.Expect(decision.Locator(".decision-head [data-status]")).ToHaveTextAsync(w.Limited);
        await Assertions.Expect(decision.Locator(".decision-head .total")).ToHaveAttributeAsync("data-total", claim["totalPaid"].Decimal().ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(decision.Locator("[data-line='1']")).ToContainTextAsync(w.Invoiced8050);
        var memberPays = 480.50m - 100m - claim["totalPaid"].Decimal();
        await Assertions.Expect(decision.Locator(".decision-head .member-share")).ToHaveAttributeAsync("data-member-pays", memberPays.ToString("0.00", CultureInfo.InvariantCulture));
        await page.AssertNoViolationsAsync("decision shown with its actions");
        await shot("6-decision");

        // The family's claims, newest first, open to the decision.
        await Assertions.Expect(page.Locator($"#claims-table tr[data-claim='{memberId}/{invoice}']")).ToBeVisibleAsync();

        // An estimate: what a crown would pay, nothing consumed (the same estimate twice gives the same answer).
        await desk.FillLineAsync(0, "RC.ALTMED", Care, "40", element: "osteopathy", editor: "#estimate-lines", addButton: "#estimate-add-line");
        await page.ClickAsync("#submit-estimate");
        var estimate = page.Locator("#estimate-result [data-estimate]");
        await Assertions.Expect(estimate).ToContainTextAsync(w.NothingConsumed);
        var estimated = await estimate.Locator(".total").GetAttributeAsync("data-total");
        await page.ClickAsync("#submit-estimate");
        await Assertions.Expect(page.Locator("#estimate-result [data-estimate] .total")).ToHaveAttributeAsync("data-total", estimated!);
        await page.AssertNoViolationsAsync("estimate shown");
        await shot("7-estimate");

        // Reverse the claim, with a preview first.
        await page.Locator("#decision-card").ScrollIntoViewIfNeededAsync();
        await page.ClickAsync("#act-reverse summary");
        await page.Locator("#act-reverse textarea[name=reason]").FillAsync(language == "fr" ? "Facture envoyée deux fois." : "Invoice sent twice.");
        await page.Locator("#act-reverse button[type=button]").ClickAsync();
        await Assertions.Expect(page.Locator("#act-reverse [data-preview]")).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync("reversal preview");
        await page.Locator("#act-reverse button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator($"#decision .claim[data-claim='{memberId}/{invoice}'] .decision-head [data-status]")).ToHaveTextAsync(w.Reversed);
        Assert.Equal("reversed", (await _staff.GetJsonAsync($"/api/claims/{memberId}/{invoice}"))["status"].Text());
        await shot("8-reversed");

        // A pended claim resolved with a document picked from the catalogue's list.
        var pendedInvoice = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, pendedInvoice, TripCancellationWithoutRefundDecision(NewId("TRIP")))))
            .JsonAsync(HttpStatusCode.Created);
        var item = desk.QueueItem($"{memberId}/{pendedInvoice}");
        await item.Locator("button").First.ClickAsync();
        await page.ClickAsync("#act-documents summary");
        await page.Locator("#act-documents").GetByLabel(w.Document).CheckAsync();
        await page.AssertNoViolationsAsync("pended claim with document choices");
        await page.ClickAsync("#act-documents button[type=submit]");
        await Assertions.Expect(page.Locator($"#decision .claim[data-claim='{memberId}/{pendedInvoice}'] .decision-head [data-status]")).ToHaveAttributeAsync("data-status", "approved");
        await Assertions.Expect(page.Locator($"#decision .claim[data-claim='{memberId}/{pendedInvoice}'] .decision-head [data-status]")).ToHaveTextAsync(w.Paid);
        await shot("9-resolved");

        // A refusal names the first covered date: a family that applied last month is in its 3 months' waiting.
        var today = DateOnly.FromDateTime(DateTime.Now);
        var start = new DateOnly(today.Year, today.Month, 1);
        var applied = start.AddMonths(-1).AddDays(9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (lateFamily, lateMember) = await _staff.EnrolledFamilyAsync(paid: false, applied: applied);
        await (await _staff.PostJsonAsync($"/api/families/{lateFamily}/payments", new { year = start.Year, amount = 300.00m, paidOn = applied })).JsonAsync(HttpStatusCode.OK);
        await desk.OpenFamilyAsync(lateFamily);
        await Assertions.Expect(page.Locator("#decision .claim")).ToHaveCountAsync(0);
        await desk.FillLineAsync(0, "RC.ALTMED", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "40", element: "osteopathy");
        var refused = await desk.SubmitAsync(NewId("INV"), lateMember);
        await Assertions.Expect(refused.Locator(".decision-head [data-status]")).ToHaveAttributeAsync("data-status", "refused");
        await Assertions.Expect(refused).ToContainTextAsync(string.Format(CultureInfo.InvariantCulture, w.WaitingPeriod, start.AddMonths(3).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)));
        await page.AssertNoViolationsAsync("refusal shown");
        await shot("10-refused");

        // The printed decision keeps only the decision.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.Equal("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.getElementById('search-card')).display"));
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.getElementById('decision')).display"));
        await shot("11-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task The_language_is_remembered_and_every_label_follows_it()
    {
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Guichet CMCM");
        await page.SelectOptionAsync("#language", "de");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("CMCM-Schalter");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Assertions.Expect(page.Locator("#sign-in-dev")).ToHaveTextAsync("Mit einem Entwicklungs-Token anmelden");
        await page.SelectOptionAsync("#sign-in-role", "frontdesk");
        await page.ClickAsync("#sign-in-dev");
        await page.WaitForSelectorAsync("#live-status[data-state=live]");
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Live");
        await Assertions.Expect(page.Locator("#search-title")).ToHaveTextAsync("Suchen");
        await page.AssertNoViolationsAsync("desk in German");
        await page.TakeAsync(host, "desk-de");
        Assert.Empty(browser.PageErrors);
    }

    /// <summary>The amount rules of js/amount.js, run in the browser: what a person may type and what it means.</summary>
    [Fact]
    public async Task Amounts_are_read_as_a_person_types_them_and_anything_ambiguous_is_refused()
    {
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/");
        var cases = new (string Text, string Expected)[]
        {
            ("85,50", "8550"), ("85.50", "8550"), ("85", "8500"), ("85,5", "8550"), ("0,05", "5"), ("1 300,50", "130050"), ("1\u00a0300,50", "130050"),
            ("1.300,50", "130050"), ("1,300.50", "130050"), ("1.300.000", "130000000"), ("85,50 €", "8550"), (",50", "50"),
            ("1,300", "amount.ambiguous"), ("1.300", "amount.ambiguous"), ("85,505", "amount.ambiguous"), ("85,5055", "amount.decimals"), ("85,50,1", "amount.format"),
            ("8 5", "amount.format"), ("abc", "amount.format"), ("-5", "amount.negative"), ("", "amount.required"), ("85,", "amount.format"),
            ("1.300,5.0", "amount.format"), ("1,30,00", "amount.format"),
        };
        foreach (var (text, expected) in cases)
        {
            var result = await page.EvaluateAsync<string>(
                "async (text) => { const { parseAmount } = await import('/js/amount.js'); const r = parseAmount(text); return r.error ?? String(r.cents); }", text);
            Assert.True(expected == result, $"\"{text}\": expected {expected}, got {result}");
        }
    }
}
