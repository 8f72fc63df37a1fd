using System.Net;
using CmcmActors.Host.Api.Fhir;
using CmcmActors.Host.Tests.Payments;
using CmcmActors.Host.Tests.Support;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Fhir;

/// <summary>GET /fhir/PaymentReconciliation/{paymentId}: a paid-out payment as FHIR, valid against the R4 profile, for finance only.</summary>
[Collection(PaymentsHostCollection.Name)]
public sealed class FhirPaymentReconciliationTests(PaymentsHostFixture fixture)
{
    private static readonly TestUser Finance = new("finance");

    [Fact]
    public async Task PaymentReconciliation_PaidOutPayment_ValidWithAmountDateOutcomeAndTheClaimItPays()
    {
        var host = fixture.Host;
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "PAY-FHIR-1", Line("DO.OPTIC.FRAMES", 100m)))).JsonAsync(HttpStatusCode.Created);
        var finance = host.CreateClient(Finance);
        await (await finance.PostJsonAsync("/api/payment-runs", new { cutOff = "2026-11-24" })).JsonAsync(HttpStatusCode.Created);
        var paymentId = (await finance.GetJsonAsync("/api/payment-runs/RUN-20261124"))["payments"]![0]!["paymentId"]!.GetValue<string>();
        var report = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
            <GrpHdr><MsgId>BANK-FHIR-1</MsgId><CreDtTm>2026-11-25T08:00:00+01:00</CreDtTm></GrpHdr>
            <OrgnlGrpInfAndSts><OrgnlMsgId>RUN-20261124</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>ACCP</GrpSts></OrgnlGrpInfAndSts>
            <OrgnlPmtInfAndSts><OrgnlPmtInfId>RUN-20261124</OrgnlPmtInfId><TxInfAndSts><OrgnlEndToEndId>{paymentId}</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts></OrgnlPmtInfAndSts>
            </CstmrPmtStsRpt></Document>
            """;
        await (await finance.PostRawAsync("/api/payment-runs/RUN-20261124/returns", report, "application/xml")).JsonAsync(HttpStatusCode.OK);
        var paidOn = (await finance.GetJsonAsync($"/api/payments/{paymentId}"))["payment"]!["paidOn"]!.GetValue<string>();

        var reconciliation = await (await finance.GetAsync($"/fhir/PaymentReconciliation/{paymentId}")).FhirAsync<PaymentReconciliation>(HttpStatusCode.OK);

        Assert.Equal((paymentId, 30.00m, "EUR", paidOn, ClaimProcessingCodes.Complete),
            (reconciliation.Id, reconciliation.PaymentAmount.Value, reconciliation.PaymentAmount.Currency?.ToString(), reconciliation.PaymentDate, reconciliation.Outcome));
        Assert.Equal((FhirPaymentMapping.RunSystem, "RUN-20261124"), (reconciliation.Identifier[0].System, reconciliation.Identifier[0].Value));
        var detail = Assert.Single(reconciliation.Detail);
        Assert.Equal(($"ExplanationOfBenefit/{memberId}.2PAY-FHIR-1", 30.00m, "payment"),
            (detail.Request?.Reference, detail.Amount?.Value, detail.Type.Coding[0].Code));
    }

    [Fact]
    public async Task PaymentReconciliation_UnknownPaymentOrMember_404ForFinanceAnd403ForAMember()
    {
        var host = fixture.Host;
        var (familyId, memberId) = await host.CreateClient(TestUser.FrontDesk).EnrolledFamilyAsync();

        await (await host.CreateClient(Finance).GetAsync("/fhir/PaymentReconciliation/P000000NONE")).OutcomeAsync(HttpStatusCode.NotFound, "id");
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));
        await (await member.GetAsync("/fhir/PaymentReconciliation/P000000NONE")).OutcomeAsync(HttpStatusCode.Forbidden);
    }
}
