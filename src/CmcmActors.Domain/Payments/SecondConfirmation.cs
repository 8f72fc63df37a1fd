namespace CmcmActors.Domain.Payments;

/// <summary>
/// The four-eyes rule for a large payment: it is confirmed (or refused) by a finance officer other than the one who
/// started its run, once.
/// </summary>
public static class SecondConfirmation
{
    /// <summary>Null when <paramref name="by"/> may decide; otherwise why not (a code and the words).</summary>
    public static (string Code, string Message)? Refusal(PaymentStatus status, string startedBy, string by)
    {
        if (status != PaymentStatus.AwaitingConfirmation)
        {
            return ("not-awaiting-confirmation", $"The payment is {status}, not waiting for a confirmation.");
        }

        return string.Equals(startedBy, by, StringComparison.Ordinal)
            ? ("same-person", "The officer who started the run cannot confirm its payments: a second finance officer must.")
            : null;
    }
}
