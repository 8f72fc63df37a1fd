using System.Net;
using Money = CmcmActors.Domain.Money.Money;
using CmcmActors.Domain.Payments;
using CmcmActors.Grains.Payments;
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

    [Theory]
    [InlineData(PaymentStatus.Returned, "error", "Returned by the bank: AC04 Closed account")]
    [InlineData(PaymentStatus.Refused, "error", "Refused at the second confirmation: its claims are due again.")]
    [InlineData(PaymentStatus.AwaitingConfirmation, "queued", "Waiting for a second finance confirmation.")]
    [InlineData(PaymentStatus.Ready, "queued", "CMCM INV-1")]
    public void PaymentReconciliation_PaymentNotPaidOut_OutcomeAndDispositionSayWhyAndDateIsTheCutOff(PaymentStatus status, string outcome, string disposition)
    {
        var payment = new PaymentRecord("P1", "RUN-20261124", "member/M1", "Holder M1", "ACC-M1", "LU280019400644750000", null, Money.FromEuros(1234.56m), 1,
            "CMCM INV-1", status, null, null, status == PaymentStatus.Returned ? "AC04" : null, status == PaymentStatus.Returned ? "Closed account" : null);
        var run = new PaymentRunRecord("RUN-20261124", new DateOnly(2026, 11, 24), "finance", new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero),
            PaymentRunStatus.FileStored, new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        Payable[] payables = [new("M1/INV-1", 2, "M1", "F1", "member/M1", Money.FromEuros(-10.01m), new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero))];

        var reconciliation = FhirValidation.Valid(FhirPaymentMapping.ToReconciliation(payment, run, payables));

        Assert.Equal((outcome, disposition, "2026-11-24", 1234.56m), (Hl7.Fhir.Utility.EnumUtility.GetLiteral(reconciliation.Outcome), reconciliation.Disposition,
            reconciliation.PaymentDate, reconciliation.PaymentAmount.Value));
        var detail = Assert.Single(reconciliation.Detail);
        Assert.Equal(("ExplanationOfBenefit/M1.2INV-1", -10.01m, "adjustment", "M1/INV-1/2"),
            (detail.Request?.Reference, detail.Amount?.Value, detail.Type.Coding[0].Code, detail.Identifier?.Value));
    }
}
