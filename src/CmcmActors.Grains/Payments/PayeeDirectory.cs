namespace CmcmActors.Grains.Payments;

/// <summary>Who money goes to: a member (his own account, or his family's main affiliate's) or a partner provider.</summary>
public enum PayeeKind
{
    Member = 0,
    Provider = 1,
}

/// <summary>A payee as a claim names it: the member the claim is for, or the provider that billed the CMCM directly.</summary>
public sealed record PayeeRef(PayeeKind Kind, string Id)
{
    public override string ToString() => Kind == PayeeKind.Member ? "member/" + Id : "provider/" + Id;
}

/// <summary>A confirmed account a payment may go to. <paramref name="Iban"/> is in electronic form (no spaces, upper case).</summary>
public sealed record PayeeAccount(string AccountId, string Iban, string? Bic, string HolderName);

/// <summary>
/// Where a payment owed to <see cref="PayeeRef"/> goes now. <paramref name="Holder"/> is whom it is paid to (for a member
/// without an account of his own: his family's main affiliate), so that one transfer carries all of a holder's claims.
/// <paramref name="HoldReason"/> is set when the payment must wait (no confirmed account, a change waiting for its second
/// confirmation, an account the bank rejected); then <paramref name="Account"/> may be null.
/// </summary>
public sealed record PayeeRoute(PayeeRef Payee, PayeeRef Holder, string HolderName, PayeeAccount? Account, string? HoldReason)
{
    public bool IsHeld => HoldReason is not null || Account is null;
}

/// <summary>The accounts of members and providers, as payment runs need them (implemented by the accounts feature).</summary>
public interface IPayeeDirectory
{
    /// <summary>Where payments owed to <paramref name="payee"/> go today, or why they wait.</summary>
    Task<PayeeRoute> RouteAsync(PayeeRef payee, CancellationToken cancellationToken = default);

    /// <summary>The bank rejected a payment to <paramref name="accountId"/>: payments to it wait until the account is changed.</summary>
    Task FlagRejectedAsync(string accountId, string reasonCode, string reason, CancellationToken cancellationToken = default);
}
