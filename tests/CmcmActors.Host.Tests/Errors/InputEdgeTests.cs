using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Errors;

/// <summary>
/// The edges of what a request may hold: a field sent twice, amounts with digits past the cent (also digits a decimal
/// cannot hold). Each is a problem that names what is wrong.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class InputEdgeTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Theory]
    [InlineData("memberId", "memberId")]
    [InlineData("MemberId", "MemberId")]
    public async Task Submit_FieldSentTwice_400NamingIt_AndNothingRecorded(string second, string field)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var json = $$"""
            {"familyId":"{{familyId}}","memberId":"{{memberId}}","{{second}}":"{{NewId("M")}}","invoiceReference":"INV-TWICE","channel":"app",
             "lines":[{"benefitCode":"DO.OPTIC.FRAMES","dateOfCare":"{{Care}}","invoiced":25,"statutoryReimbursement":0}]}
            """;

        var messages = await (await _staff.PostRawAsync("/api/claims", json)).ProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(["The field appears more than once; send it once."], messages);
        await AssertNoClaimAsync(familyId, memberId, "INV-TWICE");
    }

    [Fact]
    public async Task Submit_LineFieldSentTwice_400NamingItsPath()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var json = $$"""
            {"familyId":"{{familyId}}","memberId":"{{memberId}}","invoiceReference":"INV-TWICE","channel":"app",
             "lines":[{"benefitCode":"DO.OPTIC.FRAMES","dateOfCare":"{{Care}}","invoiced":25,"invoiced":2500,"statutoryReimbursement":0}]}
            """;

        var messages = await (await _staff.PostRawAsync("/api/claims", json)).ProblemAsync(HttpStatusCode.BadRequest, "lines[0].invoiced");

        Assert.Equal(["The field appears more than once; send it once."], messages);
        await AssertNoClaimAsync(familyId, memberId, "INV-TWICE");
    }

    [Fact]
    public async Task Enrol_FieldSentTwice_400NamingIt_AndNoFamily()
    {
        var familyId = NewId("F");
        var json = $$"""
            {"familyId":"{{familyId}}","mainMemberId":"{{NewId("M")}}","mainBirthDate":"1980-05-01","applicationReceived":"{{Applied}}",
             "level":"RC","level":"RC+PP+DO","reason":"firstTime",
             "eligibility":{"memberOfRecognisedMutual":true,"insurance":"luxembourgFund","domicileCountry":"LU"} }
            """;

        var messages = await (await _staff.PostRawAsync("/api/families", json)).ProblemAsync(HttpStatusCode.BadRequest, "level");

        Assert.Equal(["The field appears more than once; send it once."], messages);
        await (await _staff.GetAsync($"/api/families/{familyId}")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
    }

    /// <summary>Any non-zero digit past the cent is refused, also where a decimal would round it away; zeros are not digits that count.</summary>
    [Theory]
    [InlineData("40.0000000000000000000000000000001")]
    [InlineData("0.0000000000000000000000000000001")]
    [InlineData("40.001")]
    [InlineData("40.0010")]
    [InlineData("4.0001e1")]
    [InlineData("1e-40")]
    [InlineData("39.99999999999999999999999999999999")]
    public async Task Submit_AmountWithDigitPastTheCent_400NamingIt_AndNothingRecorded(string amount)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var messages = await (await _staff.PostRawAsync("/api/claims", ClaimJson(familyId, memberId, "INV-CENT", amount)))
            .ProblemAsync(HttpStatusCode.BadRequest, "lines[0].invoiced");

        Assert.Equal(["An amount has at most two decimals."], messages);
        await AssertNoClaimAsync(familyId, memberId, "INV-CENT");
    }

    [Theory]
    [InlineData("40.010", 40.01)]
    [InlineData("40.0100000000000000000000000000000000", 40.01)]
    [InlineData("4001e-2", 40.01)]
    [InlineData("0.4001E+2", 40.01)]
    [InlineData("40", 40)]
    public async Task Submit_AmountWithTrailingZerosOrExponent_IsTheSameAmount(string amount, decimal euros)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var claim = await (await _staff.PostRawAsync("/api/claims", ClaimJson(familyId, memberId, "INV-ZEROS", amount))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(euros, claim["lines"]![0]!["invoiced"].Decimal());
    }

    /// <summary>1e28 is a decimal, but a hundred times it is not: the check of the cents must not overflow into a 500.</summary>
    [Fact]
    public async Task Submit_AmountNearTheDecimalLimit_400NamingIt()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var messages = await (await _staff.PostRawAsync("/api/claims", ClaimJson(familyId, memberId, "INV-HUGE", "1e28")))
            .ProblemAsync(HttpStatusCode.BadRequest, "lines[0].invoiced");

        Assert.Equal(["The amount is above 1,000,000.00, which is not plausible here."], messages);
    }

    [Fact]
    public async Task Payment_AmountRoundedAwayByADecimal_400NamingIt()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync(paid: false);

        var messages = await (await _staff.PostRawAsync($"/api/families/{familyId}/payments",
            """{"year":2026,"amount":300.0000000000000000000000000000001,"paidOn":"2025-12-20"}""")).ProblemAsync(HttpStatusCode.BadRequest, "amount");

        Assert.Equal(["An amount has at most two decimals."], messages);
        Assert.Empty((await _staff.GetJsonAsync($"/api/families/{familyId}"))["payments"]!.AsArray());
    }

    private static string ClaimJson(string familyId, string memberId, string invoice, string invoiced) => $$"""
        {"familyId":"{{familyId}}","memberId":"{{memberId}}","invoiceReference":"{{invoice}}","channel":"app",
         "lines":[{"benefitCode":"DO.OPTIC.FRAMES","dateOfCare":"{{Care}}","invoiced":{{invoiced}},"statutoryReimbursement":0}]}
        """;

    private async Task AssertNoClaimAsync(string familyId, string memberId, string invoice)
    {
        await (await _staff.GetAsync($"/api/claims/{memberId}/{invoice}")).ProblemAsync(HttpStatusCode.NotFound, "invoiceReference");
        Assert.Empty((await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/claims")).AsArray());
    }
}
