using System.Net;
using System.Text;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Payments;

/// <summary>Payment runs over HTTP: one run for concurrent starts, its file, the bank's return, the member's payment state, refusals naming the field.</summary>
[Collection(PaymentsHostCollection.Name)]
public sealed class PaymentsApiTests(PaymentsHostFixture fixture)
{
    private static readonly TestUser Finance = new("finance");

    private HostFixture Host => fixture.Host;

    [Fact]
    public async Task PaymentRuns_TenConcurrentStarts_OneRunThenFileThenBankReturnShowsPaidOutToTheMember()
    {
        var staff = Host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "PAY-API-1", Line("DO.OPTIC.FRAMES", 100m)))).JsonAsync(HttpStatusCode.Created);
        var finance = Host.CreateClient(Finance);

        var starts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => finance.PostJsonAsync("/api/payment-runs", new { cutOff = "2026-11-20" })));

        Assert.Equal(1, starts.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, starts.Count(r => r.StatusCode == HttpStatusCode.OK));
        var run = await finance.GetJsonAsync("/api/payment-runs/RUN-20261120");
        Assert.Equal(("fileStored", 1, 30.00m), (run["run"]!["status"]!.GetValue<string>(), run["transfers"]!.GetValue<int>(), run["controlSum"]!.GetValue<decimal>()));
        var payment = run["payments"]![0]!;
        var paymentId = payment["paymentId"]!.GetValue<string>();
        Assert.Equal(("member/" + memberId, 30.00m, "****0000", "CMCM PAY-API-1"),
            (payment["holder"]!.GetValue<string>(), payment["amount"]!.GetValue<decimal>(), payment["account"]!.GetValue<string>(), payment["remittance"]!.GetValue<string>()));

        var file = await finance.GetAsync("/api/payment-runs/RUN-20261120/file");
        Assert.Equal(("application/xml", true), (file.Content.Headers.ContentType?.MediaType, (await file.Content.ReadAsStringAsync()).Contains($"<EndToEndId>{paymentId}</EndToEndId>", StringComparison.Ordinal)));

        var report = Pain002("BANK-API-1", "RUN-20261120", (paymentId, "ACSC"));
        var imported = await (await finance.PostRawAsync("/api/payment-runs/RUN-20261120/returns", report, "application/xml")).JsonAsync(HttpStatusCode.OK);
        var again = await (await finance.PostRawAsync("/api/payment-runs/RUN-20261120/returns", report, "application/xml")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal((paymentId, false, true), (imported["paidOut"]![0]!.GetValue<string>(), imported["alreadyImported"]!.GetValue<bool>(), again["alreadyImported"]!.GetValue<bool>()));
        var member = Host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));
        var claim = (await member.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/payments"))["claims"]![0]!;
        Assert.Equal(("paidOut", 30.00m, "****0000"), (claim["state"]!.GetValue<string>(), claim["amount"]!.GetValue<decimal>(), claim["account"]!.GetValue<string>()));
        Assert.NotNull(claim["paidOn"]);
    }

    [Fact]
    public async Task PaymentRuns_BadInput_400NamingTheFieldAndNothingStarted()
    {
        var finance = Host.CreateClient(Finance);

        await (await finance.PostJsonAsync("/api/payment-runs", new { cutOff = "2999-01-01" })).ProblemAsync(HttpStatusCode.BadRequest, "cutOff");
        await (await finance.PostRawAsync("/api/payment-runs", """{"cutOff":"2026-13-01"}""")).ProblemAsync(HttpStatusCode.BadRequest, "cutOff");
        await (await finance.GetAsync("/api/payment-runs/not-a-run")).ProblemAsync(HttpStatusCode.BadRequest, "runId");
        await (await finance.PostAsync("/api/payments/P000000NONE/confirmation", null)).ProblemAsync(HttpStatusCode.NotFound, "paymentId");

        var runs = await finance.GetJsonAsync("/api/payment-runs");
        Assert.DoesNotContain(runs.AsArray(), r => r!["cutOff"]!.GetValue<string>() == "2999-01-01");
    }

    [Fact]
    public async Task ImportReturn_ReportNamingUnknownPayments_400NamingThemAndNothingChanged()
    {
        var staff = Host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "PAY-API-2", Line("DO.OPTIC.FRAMES", 100m)))).JsonAsync(HttpStatusCode.Created);
        var finance = Host.CreateClient(Finance);
        await (await finance.PostJsonAsync("/api/payment-runs", new { cutOff = "2026-11-21" })).JsonAsync(HttpStatusCode.Created);
        var paymentId = (await finance.GetJsonAsync("/api/payment-runs/RUN-20261121"))["payments"]![0]!["paymentId"]!.GetValue<string>();

        var problem = await (await finance.PostRawAsync("/api/payment-runs/RUN-20261121/returns",
            Pain002("BANK-API-2", "RUN-20261121", (paymentId, "RJCT"), ("P999999GHOST", "ACSC")), "application/xml")).ProblemAsync(HttpStatusCode.BadRequest);
        var notXml = await (await finance.PostRawAsync("/api/payment-runs/RUN-20261121/returns", "{}")).ProblemAsync(HttpStatusCode.UnsupportedMediaType, "body");

        Assert.Contains("P999999GHOST", problem["errors"]!["body"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ready", (await finance.GetJsonAsync($"/api/payments/{paymentId}"))["payment"]!["status"]!.GetValue<string>());
        Assert.NotEmpty(notXml);
    }

    private static string Pain002(string messageId, string runId, params (string PaymentId, string Status)[] transactions)
    {
        var xml = new StringBuilder($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
            <GrpHdr><MsgId>{messageId}</MsgId><CreDtTm>2026-11-22T08:00:00+01:00</CreDtTm></GrpHdr>
            <OrgnlGrpInfAndSts><OrgnlMsgId>{runId}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
            <OrgnlPmtInfAndSts><OrgnlPmtInfId>{runId}</OrgnlPmtInfId>
            """);
        foreach (var (paymentId, status) in transactions)
        {
            xml.Append($"<TxInfAndSts><OrgnlEndToEndId>{paymentId}</OrgnlEndToEndId><TxSts>{status}</TxSts>")
                .Append(status == "RJCT" ? "<StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf>" : "").Append("</TxInfAndSts>");
        }

        return xml.Append("</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>").ToString();
    }
}
