using System.Runtime.CompilerServices;
using CmcmActors.Domain.Payments.Sepa;

namespace CmcmActors.Grains.Payments;

/// <summary>
/// A run's SEPA credit transfer file (pain.001.001.09): written from the ledger's payments one by one into a temporary
/// file, which the ledger then reads into its store, so neither the payments nor the file are ever whole in memory. The
/// file depends only on the run and its payments (its creation time is the run's start), so writing it twice gives the
/// same bytes; the ledger keeps the first.
/// </summary>
public static class PaymentRunFile
{
    public static async Task WriteAndStoreAsync(IPaymentLedger ledger, PaymentRunRecord run, int transfers, Domain.Money.Money controlSum, PaymentOptions options,
        CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cmcm-{run.RunId}-{Guid.NewGuid():N}.xml");
        try
        {
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                var header = new Pain001Header(run.RunId, run.StartedAt, transfers, controlSum,
                    new SepaDebtor(options.DebtorName, options.DebtorIban, options.DebtorBic), run.CutOff, run.RunId);
                await Pain001Writer.WriteAsync(output, header, TransfersAsync(ledger, run.RunId, cancellationToken), cancellationToken);
            }

            await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            await ledger.StoreFileAsync(run.RunId, input, run.StartedAt);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async IAsyncEnumerable<Pain001Transfer> TransfersAsync(IPaymentLedger ledger, string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var payment in ledger.StreamPaymentsAsync(runId, Domain.Payments.PaymentStatus.Ready, cancellationToken))
        {
            yield return new Pain001Transfer(payment.PaymentId, payment.Amount, payment.HolderName, payment.Iban, payment.Bic, payment.Remittance);
        }
    }
}
