namespace CmcmActors.Domain.Payments.Accounts;

/// <summary>
/// Where a payment owed to a member goes: to whose account (<see cref="HolderMemberId"/>), which one, or why it waits.
/// </summary>
public sealed record PayeeChoice(string HolderMemberId, BankAccount? Account, string? HoldReason)
{
    public bool IsHeld => HoldReason is not null;
}

/// <summary>
/// The default payee rule: a member with an account of his own (confirmed, or asked for and waiting) is paid to it; any
/// other member of a family is paid to the main affiliate's confirmed account. A payment waits, with the reason shown,
/// when the account it would go to is still waiting for its second confirmation, when the bank rejected a payment to it,
/// or when there is none.
/// </summary>
public static class PayeeRouting
{
    /// <summary>
    /// Chooses for <paramref name="memberId"/>, given his own accounts and, when he is not the main affiliate himself,
    /// the main affiliate's id and accounts (<paramref name="mainAffiliateId"/> null: not on a family's roster).
    /// </summary>
    public static PayeeChoice Choose(string memberId, IReadOnlyList<BankAccount> own, string? mainAffiliateId, IReadOnlyList<BankAccount> mainAccounts)
    {
        if (HasOwnAccount(own) || memberId == mainAffiliateId)
        {
            return ChooseAmong(memberId, own, "");
        }

        if (mainAffiliateId is null)
        {
            return new PayeeChoice(memberId, null, "Not on a family's roster, and no bank account of his or her own.");
        }

        return ChooseAmong(mainAffiliateId, mainAccounts, "the main affiliate's ");
    }

    /// <summary>Whether the member has an account of his own, in force or asked for.</summary>
    public static bool HasOwnAccount(IReadOnlyList<BankAccount> accounts) =>
        accounts.Any(a => a.State is BankAccountState.Confirmed or BankAccountState.Pending);

    /// <summary>The reasons name no member (a co-affiliate may read them and may not see the main affiliate): <paramref name="whose"/> says whose account it is.</summary>
    private static PayeeChoice ChooseAmong(string holderId, IReadOnlyList<BankAccount> accounts, string whose)
    {
        var pending = accounts.FirstOrDefault(a => a.State == BankAccountState.Pending);
        var confirmed = accounts.FirstOrDefault(a => a.State == BankAccountState.Confirmed);
        if (pending is not null)
        {
            return new PayeeChoice(holderId, confirmed,
                $"A change of {whose}bank account ({pending.MaskedIban}) waits for its second confirmation.");
        }

        if (confirmed is null)
        {
            return new PayeeChoice(holderId, null, whose.Length == 0 ? "No confirmed bank account." : "The main affiliate has no confirmed bank account.");
        }

        if (confirmed.IsFlagged)
        {
            return new PayeeChoice(holderId, confirmed,
                $"The bank rejected a payment to {whose}account {confirmed.MaskedIban} ({confirmed.FlagCode}: {confirmed.FlagReason}): waiting for a new account.");
        }

        return new PayeeChoice(holderId, confirmed, null);
    }
}
