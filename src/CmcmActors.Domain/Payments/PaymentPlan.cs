namespace CmcmActors.Domain.Payments;

/// <summary>
/// What one holder (whom a transfer goes to) is owed and owes, not yet in any payment: <paramref name="Owed"/> the sum of
/// the positive payables, <paramref name="Recovered"/> the sum of the negative ones as a positive amount (money paid out
/// before that the CMCM takes back by netting). <paramref name="HoldReason"/> is set when payments to the holder wait.
/// </summary>
public sealed record HolderBalance(string Holder, string HolderName, Money.Money Owed, Money.Money Recovered, int Payables, string? HoldReason)
{
    public Money.Money Net => Owed - Recovered;
}

public enum PlannedOutcome
{
    /// <summary>One transfer of the net amount.</summary>
    Pay,

    /// <summary>Pay, once a second finance officer confirmed the amount (above the threshold).</summary>
    PayAfterSecondConfirmation,

    /// <summary>The holder's payments wait (no confirmed account, an account change waiting, an account the bank rejected).</summary>
    Held,

    /// <summary>The net is zero or negative: nothing is transferred and everything stays owed (a receivable when negative).</summary>
    NothingToPay,
}

/// <summary>One holder's line of a run's plan; <paramref name="Amount"/> is the net, never negative for a payment.</summary>
public sealed record PlannedHolder(HolderBalance Balance, PlannedOutcome Outcome, Money.Money Amount, string? Reason);

/// <summary>
/// The one rule of what a payment run pays, used by its preview and by the run itself: a holder with a positive net and no
/// hold gets one transfer of the net (what he owes is netted first: recovery before any transfer); a transfer is never
/// negative; a net of zero or less stays owed; a transfer above the threshold waits for a second confirmation.
/// </summary>
public static class PaymentPlan
{
    public static PlannedHolder For(HolderBalance balance, Money.Money secondConfirmationAbove)
    {
        var net = balance.Net;
        if (net <= Money.Money.Zero)
        {
            return new PlannedHolder(balance, PlannedOutcome.NothingToPay, Money.Money.Zero,
                net.IsNegative ? $"Owes the CMCM {(-net).ToDisplayString()}: recovered from the next payments." : "Nothing owed.");
        }

        if (balance.HoldReason is { } hold)
        {
            return new PlannedHolder(balance, PlannedOutcome.Held, Money.Money.Zero, hold);
        }

        return net > secondConfirmationAbove
            ? new PlannedHolder(balance, PlannedOutcome.PayAfterSecondConfirmation, net,
                $"Above {secondConfirmationAbove.ToDisplayString()}: a second finance officer confirms it.")
            : new PlannedHolder(balance, PlannedOutcome.Pay, net, null);
    }

    /// <summary>The outcome of a payment whose amount is what was actually assigned to it (never planned amounts).</summary>
    public static bool NeedsSecondConfirmation(Money.Money amount, Money.Money secondConfirmationAbove) => amount > secondConfirmationAbove;
}
