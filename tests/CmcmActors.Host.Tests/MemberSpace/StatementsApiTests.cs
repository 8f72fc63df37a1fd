using System.Net;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.MemberSpace.StatementPdfs;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.MemberSpace;

[Collection(HostCollection.Name)]
public sealed class StatementsApiTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    private int ThisYear => host.Services.GetRequiredService<TimeProvider>().GetUtcNow().Year;

    private async Task<(string FamilyId, string MemberId, string Invoice)> ImplantsClaimAsync()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var invoice = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Implants()))).JsonAsync(HttpStatusCode.Created);
        return (familyId, memberId, invoice);
    }

    [Fact]
    public async Task Statement_InFrench_EveryAmountToTheCentAsThePagesWriteIt()
    {
        var (familyId, memberId, invoice) = await ImplantsClaimAsync();
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));

        var lines = await member.PdfLinesAsync($"/api/claims/{memberId}/{invoice}/statement?lang=fr");

        var text = Text(lines);
        Assert.Contains("Caisse Médico-Chirurgicale Mutualiste (CMCM)", text, StringComparison.Ordinal);
        Assert.Contains("Décompte de votre demande", text, StringComparison.Ordinal);
        Assert.Contains(memberId, text, StringComparison.Ordinal);
        Assert.Contains(invoice, text, StringComparison.Ordinal);
        Assert.Contains("(RC.DENTAL.FLAT) · soins du\n15/09/2026", text, StringComparison.Ordinal);
        // The line (invoiced, statutory fund, left after it, RC, DO, the CMCM, the member), then the claim's totals.
        Assert.Equal(
            ["1 900,00 €", "0,00 €", "1 900,00 €", "300,00 €", "1 000,00 €", "1 300,00 €", "600,00 €", "1 900,00 €", "0,00 €", "300,00 €", "1 000,00 €", "1 300,00 €", "600,00 €"],
            Amounts(lines));
        Assert.Contains(lines, l => l.StartsWith("Reste à votre charge | ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Statement_InEnglishAndGerman_WordsAndFormatsOfThatLanguage()
    {
        var (familyId, memberId, invoice) = await ImplantsClaimAsync();
        var member = host.CreateClient(TestUser.Member(familyId, memberId));

        var english = await member.PdfLinesAsync($"/api/claims/{memberId}/{invoice}/statement?lang=en");
        var german = await member.PdfLinesAsync($"/api/claims/{memberId}/{invoice}/statement?lang=de");

        Assert.Contains("Statement of your claim", english);
        Assert.Equal(["€1,900.00", "€0.00", "€1,900.00", "€300.00", "€1,000.00", "€1,300.00", "€600.00", "€1,900.00", "€0.00", "€300.00", "€1,000.00", "€1,300.00", "€600.00"], Amounts(english));
        Assert.Contains("Left for you to pay | €600.00", english);
        Assert.Contains("Abrechnung Ihres Antrags", german);
        Assert.Contains("Ihr Eigenanteil | 600,00 €", german);
        Assert.Contains("Von der CMCM gezahlt | 1 300,00 €", german);
    }

    [Fact]
    public async Task Statement_CoAffiliate_MayNotReadTheMainAffiliatesStatement()
    {
        var (familyId, memberId, invoice) = await ImplantsClaimAsync();
        var child = await _staff.CoAffiliateAsync(familyId, "child", "2015-03-01");
        var coAffiliate = host.CreateClient(TestUser.Member(familyId, child));

        await (await coAffiliate.GetAsync($"/api/claims/{memberId}/{invoice}/statement")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Statement_AnotherFamily_403()
    {
        var (_, memberId, invoice) = await ImplantsClaimAsync();
        var (otherFamily, otherMember) = await _staff.EnrolledFamilyAsync();
        var stranger = host.CreateClient(TestUser.Member(otherFamily, otherMember, mainAffiliate: true));

        await (await stranger.GetAsync($"/api/claims/{memberId}/{invoice}/statement")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Statement_PendedClaim_409NoStatementYet()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var invoice = NewId("INV");
        var claim = await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, TripCancellationWithoutRefundDecision(NewId("T"))))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("pended", claim["status"].Text());

        var problem = await (await _staff.GetAsync($"/api/claims/{memberId}/{invoice}/statement")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("a statement is issued for an approved, limited or refused claim", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statement_UnknownLanguage_400NamingLang()
    {
        var (_, memberId, invoice) = await ImplantsClaimAsync();

        await (await _staff.GetAsync($"/api/claims/{memberId}/{invoice}/statement?lang=it")).ProblemAsync(HttpStatusCode.BadRequest, "lang");
    }

    [Fact]
    public async Task TaxCertificate_PaidAndReversedClaims_TotalOfWhatStandsToTheCent()
    {
        var (familyId, memberId, first) = await ImplantsClaimAsync();
        var second = NewId("INV");
        var reversed = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, second, Line("RC.ALTMED", 80m, 0m, "osteopathy", care: "2026-09-02")))).JsonAsync(HttpStatusCode.Created);
        var third = await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, reversed, Line("RC.ALTMED", 80m, 0m, "osteopathy")))).JsonAsync(HttpStatusCode.Created);
        await (await _staff.PostJsonAsync($"/api/claims/{memberId}/{reversed}/reversal", new { reason = "Sent twice" })).JsonAsync(HttpStatusCode.OK);
        var paidSecond = (await _staff.GetJsonAsync($"/api/claims/{memberId}/{second}"))["totalPaid"].Decimal();
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));

        var lines = await member.PdfLinesAsync($"/api/families/{familyId}/members/{memberId}/tax-certificate?year={ThisYear}&lang=en");

        var text = Text(lines);
        Assert.Contains($"Tax certificate {ThisYear}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(reversed, text, StringComparison.Ordinal);
        Assert.True(third["totalPaid"].Decimal() > 0);
        // Both paid today: in the order of their invoice references.
        var claims = new[] { (first, "€1,300.00"), (second, Money(paidSecond)) }.OrderBy(c => c.Item1, StringComparer.Ordinal).Select(c => c.Item2);
        Assert.Equal([.. claims, Money(1300.00m + paidSecond)], Amounts(lines));
        Assert.Contains(lines, l => l.StartsWith($"Invoice {first} · care on 15/09/2026 · paid on ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Invoice {second} · care on 02/09/2026 · paid on ", StringComparison.Ordinal));
        Assert.Contains($"Total paid by the CMCM in {ThisYear} | {Money(1300.00m + paidSecond)}", lines);
    }

    [Fact]
    public async Task TaxCertificate_YearWithNothingPaid_SaysSoInGerman()
    {
        var (familyId, memberId, _) = await ImplantsClaimAsync();

        var lines = await _staff.PdfLinesAsync($"/api/families/{familyId}/members/{memberId}/tax-certificate?year={ThisYear - 1}&lang=de");

        Assert.Contains($"Steuerbescheinigung {ThisYear - 1}", lines);
        Assert.Contains($"Die CMCM hat {ThisYear - 1} nichts gezahlt.", lines);
        Assert.Equal(["0,00 €"], Amounts(lines));
    }

    [Theory]
    [InlineData("year=1800", "year")]
    [InlineData("year=next", "year")]
    [InlineData("year=2026&lang=xx", "lang")]
    public async Task TaxCertificate_BadQuery_400NamingTheField(string query, string field)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        await (await _staff.GetAsync($"/api/families/{familyId}/members/{memberId}/tax-certificate?{query}")).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task TaxCertificate_CoAffiliate_MayNotReadTheMainAffiliates()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var child = await _staff.CoAffiliateAsync(familyId, "child", "2015-03-01");
        var coAffiliate = host.CreateClient(TestUser.Member(familyId, child));

        await (await coAffiliate.GetAsync($"/api/families/{familyId}/members/{memberId}/tax-certificate?year={ThisYear}")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    private static string Money(decimal amount) => "€" + amount.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);
}
