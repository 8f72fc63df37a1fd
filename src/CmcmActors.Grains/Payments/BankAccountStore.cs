using CmcmActors.Domain.Payments.Accounts;

namespace CmcmActors.Grains.Payments;

/// <summary>
/// Members' bank accounts, every one ever asked for. The four-eyes steps are atomic here, across every host: a member has
/// at most one request waiting and at most one account in force, and a request is confirmed or refused once (in memory
/// by one lock; on PostgreSQL by partial unique indexes and conditional updates, deploy/sql/009-accounts.sql).
/// </summary>
public interface IBankAccountStore
{
    /// <summary>The member's accounts, oldest request first.</summary>
    Task<IReadOnlyList<BankAccount>> ForMemberAsync(string memberId, CancellationToken cancellationToken = default);

    Task<BankAccount?> GetAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Requests waiting for their second confirmation, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<BankAccount>> PendingAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new pending request, unless the member already has one waiting: then nothing is stored and the one
    /// waiting is returned.
    /// </summary>
    Task<BankAccount?> AddRequestAsync(BankAccount request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="decided"/> (confirmed or refused) over its request if the request is still pending; when it
    /// is confirmed, the member's account in force until then is replaced at <see cref="BankAccount.ValidFrom"/> in the
    /// same write. False when the request was no longer pending (another person decided first): nothing changed.
    /// </summary>
    Task<bool> DecideAsync(BankAccount decided, CancellationToken cancellationToken = default);

    /// <summary>Flags the account (the bank rejected a payment to it); false for an unknown account.</summary>
    Task<bool> FlagAsync(string accountId, string reasonCode, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>Partner providers (hospitals and clinics paid directly), admin-managed.</summary>
public interface IPartnerProviderStore
{
    Task<IReadOnlyList<PartnerProvider>> AllAsync(CancellationToken cancellationToken = default);

    Task<PartnerProvider?> GetAsync(string providerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="provider"/> when the stored one is still <paramref name="expected"/> (null: none stored yet);
    /// false when another write came first (nothing changed).
    /// </summary>
    Task<bool> SaveAsync(PartnerProvider provider, PartnerProvider? expected, CancellationToken cancellationToken = default);

    /// <summary>Flags the provider's account <paramref name="accountId"/> if it is still its current one; false otherwise.</summary>
    Task<bool> FlagAsync(string accountId, string reasonCode, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);
}
