namespace CmcmActors.Domain.Payments;

/// <summary>Where a payment stands: made in a run, waiting for a second confirmation, refused by it, in the bank's hands, paid out, or returned.</summary>
public enum PaymentStatus
{
    /// <summary>In a run, waiting for its second finance confirmation (above the threshold).</summary>
    AwaitingConfirmation,

    /// <summary>In a run; in its file once the file is written.</summary>
    Ready,

    /// <summary>The second finance officer refused it: its payables are due again.</summary>
    Refused,

    /// <summary>The bank accepted it (pain.002 ACCP / ACSC).</summary>
    PaidOut,

    /// <summary>The bank rejected it (pain.002 RJCT): its payables are due again.</summary>
    Returned,
}

/// <summary>Where a claim's money stands, as a member and the desk see it.</summary>
public enum ClaimPaymentState
{
    /// <summary>Nothing is owed on the claim (nothing paid, or everything taken back before it left).</summary>
    None,

    /// <summary>Owed, in no payment yet (waits for the next run).</summary>
    Due,

    /// <summary>In a payment of a run, not yet confirmed by the bank.</summary>
    InRun,

    /// <summary>The bank confirmed the transfer.</summary>
    PaidOut,

    /// <summary>The bank returned the transfer: owed again, waits for the next run (and, usually, a new account).</summary>
    Returned,

    /// <summary>The claim was paid out and then taken back: the payee owes the CMCM.</summary>
    Owing,
}

/// <summary>One payable of a claim and the payment it is in now (null: due), or the last one that returned it.</summary>
public sealed record PayableStanding(Payable Payable, string? PaymentId, PaymentStatus? PaymentStatus, DateOnly? PaidOn, string? AccountMasked,
    string? ReturnReason);

/// <summary>A claim's payment state: what it is, the amount concerned, and for a paid-out claim the date and the masked account.</summary>
public sealed record ClaimPaymentStanding(string ClaimId, ClaimPaymentState State, Money.Money Amount, DateOnly? PaidOn, string? AccountMasked, string? ReturnReason)
{
    /// <summary>
    /// The claim's state from its payables: anything still to receive makes it due (or returned, when the bank sent it
    /// back); a net taken back makes it owing; else the state of the last payment its money went in.
    /// </summary>
    public static ClaimPaymentStanding Of(string claimId, IEnumerable<PayableStanding> payables)
    {
        var rows = payables.OrderBy(p => p.Payable.ClaimVersion).ToArray();
        var open = rows.Where(p => p.PaymentId is null).ToArray();
        var openSum = open.Aggregate(Money.Money.Zero, (s, p) => s + p.Payable.Amount);
        if (openSum > Money.Money.Zero)
        {
            var returned = open.LastOrDefault(p => p.ReturnReason is not null);
            return new ClaimPaymentStanding(claimId, returned is null ? ClaimPaymentState.Due : ClaimPaymentState.Returned, openSum, null, null, returned?.ReturnReason);
        }

        if (openSum.IsNegative && rows.Any(p => p.PaymentStatus == PaymentStatus.PaidOut))
        {
            return new ClaimPaymentStanding(claimId, ClaimPaymentState.Owing, -openSum, null, null, null);
        }

        var last = rows.LastOrDefault(p => p.PaymentId is not null);
        if (last is null)
        {
            return new ClaimPaymentStanding(claimId, ClaimPaymentState.None, Money.Money.Zero, null, null, null);
        }

        var inPayments = rows.Where(p => p.PaymentId is not null).Aggregate(Money.Money.Zero, (s, p) => s + p.Payable.Amount);
        return last.PaymentStatus == PaymentStatus.PaidOut
            ? new ClaimPaymentStanding(claimId, ClaimPaymentState.PaidOut, inPayments, last.PaidOn, last.AccountMasked, null)
            : new ClaimPaymentStanding(claimId, ClaimPaymentState.InRun, inPayments, null, null, null);
    }
}

/// <summary>How an account number is shown: its last four characters.</summary>
public static class AccountMask
{
    public static string Of(string iban) => "****" + (iban.Length <= 4 ? iban : iban[^4..]);
}
