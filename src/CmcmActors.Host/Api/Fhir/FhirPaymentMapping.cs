using CmcmActors.Domain.Payments;
using CmcmActors.Grains.Payments;
using Hl7.Fhir.Model;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// A payment as a FHIR R4 PaymentReconciliation: the transfer of one run to one holder (id = the payment id, the SEPA
/// end-to-end id), its amount, the date paid (the bank's, or the run's cut-off while not yet paid out), whether the bank
/// took it (outcome complete), refused it (error, with the bank's reason) or it is still on its way (queued), and one
/// detail per claim change it pays, naming the claim's ExplanationOfBenefit.
/// </summary>
public static class FhirPaymentMapping
{
    public const string PaymentSystem = "https://cmcm.lu/fhir/sid/payment";
    public const string RunSystem = "https://cmcm.lu/fhir/sid/payment-run";
    private const string PaymentTypeSystem = "http://terminology.hl7.org/CodeSystem/payment-type";

    public static PaymentReconciliation ToReconciliation(PaymentRecord payment, PaymentRunRecord run, IReadOnlyList<Payable> payables)
    {
        var reconciliation = new PaymentReconciliation
        {
            Id = payment.PaymentId,
            Status = FinancialResourceStatusCodes.Active,
            Created = run.StartedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            PaymentIssuer = FhirIds.Cmcm(),
            PaymentDate = (payment.PaidOn ?? run.CutOff).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            PaymentAmount = FhirIds.Euros(payment.Amount.Euros),
            PaymentIdentifier = new Identifier(PaymentSystem, payment.PaymentId),
            Outcome = payment.Status switch
            {
                PaymentStatus.PaidOut => ClaimProcessingCodes.Complete,
                PaymentStatus.Returned or PaymentStatus.Refused => ClaimProcessingCodes.Error,
                _ => ClaimProcessingCodes.Queued,
            },
            Disposition = payment.Status switch
            {
                PaymentStatus.Returned => $"Returned by the bank: {payment.ReturnCode} {payment.ReturnReason}".TrimEnd(),
                PaymentStatus.Refused => "Refused at the second confirmation: its claims are due again.",
                PaymentStatus.AwaitingConfirmation => "Waiting for a second finance confirmation.",
                _ => payment.Remittance,
            },
        };
        reconciliation.Identifier.Add(new Identifier(RunSystem, run.RunId));
        reconciliation.Detail.AddRange(payables.Select(p => new PaymentReconciliation.DetailsComponent
        {
            Identifier = new Identifier("https://cmcm.lu/fhir/sid/claim-version", $"{p.ClaimId}/{p.ClaimVersion}"),
            Type = new CodeableConcept(PaymentTypeSystem, p.Amount.Euros < 0 ? "adjustment" : "payment"),
            Request = new ResourceReference($"ExplanationOfBenefit/{FhirIds.Claim(p.MemberId, InvoiceOf(p.ClaimId))}"),
            Date = p.At.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Amount = FhirIds.Euros(p.Amount.Euros),
        }));
        return reconciliation;
    }

    /// <summary>A claim id is memberId/invoiceReference; its invoice reference is what follows the first slash.</summary>
    private static string InvoiceOf(string claimId) => claimId[(claimId.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
