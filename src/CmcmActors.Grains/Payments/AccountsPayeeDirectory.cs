using CmcmActors.Contracts;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Payments.Accounts;
using CmcmActors.Grains.People;

namespace CmcmActors.Grains.Payments;

/// <summary>
/// <see cref="IPayeeDirectory"/> over the accounts store: a member is paid to his own account when he has one (confirmed
/// or asked for), else to his family's main affiliate's (<see cref="PayeeRouting"/>); a provider to its current account.
/// The family is found through the people index (no member grain is woken for it; the member grain is asked only for a
/// member the index does not know), and its main affiliate through the family grain.
/// </summary>
public sealed class AccountsPayeeDirectory(IBankAccountStore accounts, IPartnerProviderStore providers, IPeopleIndex people, IGrainFactory grains,
    TimeProvider clock) : IPayeeDirectory
{
    public async Task<PayeeRoute> RouteAsync(PayeeRef payee, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payee);
        return payee.Kind == PayeeKind.Provider ? await ProviderRouteAsync(payee, cancellationToken) : await MemberRouteAsync(payee, cancellationToken);
    }

    public async Task FlagRejectedAsync(string accountId, string reasonCode, string reason, CancellationToken cancellationToken = default)
    {
        var at = clock.GetUtcNow();
        var flagged = accountId.StartsWith(PartnerProvider.AccountPrefix, StringComparison.Ordinal)
            ? await providers.FlagAsync(accountId, reasonCode, reason, at, cancellationToken)
            : await accounts.FlagAsync(accountId, reasonCode, reason, at, cancellationToken);
        if (!flagged)
        {
            throw new ArgumentException($"No account {accountId} to flag (or it is no longer the provider's current one).", nameof(accountId));
        }
    }

    private async Task<PayeeRoute> ProviderRouteAsync(PayeeRef payee, CancellationToken cancellationToken)
    {
        if (await providers.GetAsync(payee.Id, cancellationToken) is not { } provider)
        {
            return new PayeeRoute(payee, payee, "", null, $"Provider {payee.Id} is not a partner provider.");
        }

        var account = new PayeeAccount(provider.AccountId, provider.Iban, provider.Bic, provider.Name);
        var hold = provider.IsFlagged
            ? $"The bank rejected a payment to account {Domain.Payments.Iban.Mask(provider.Iban)} ({provider.FlagCode}: {provider.FlagReason}): waiting for a new account."
            : null;
        return new PayeeRoute(payee, payee, provider.Name, account, hold);
    }

    private async Task<PayeeRoute> MemberRouteAsync(PayeeRef payee, CancellationToken cancellationToken)
    {
        var own = await accounts.ForMemberAsync(payee.Id, cancellationToken);
        string? mainAffiliateId = null;
        IReadOnlyList<BankAccount> mainAccounts = [];
        if (!PayeeRouting.HasOwnAccount(own))
        {
            mainAffiliateId = await MainAffiliateOfAsync(payee.Id);
            if (mainAffiliateId is not null)
            {
                mainAccounts = mainAffiliateId == payee.Id ? own : await accounts.ForMemberAsync(mainAffiliateId, cancellationToken);
            }
        }

        var choice = PayeeRouting.Choose(payee.Id, own, mainAffiliateId, mainAccounts);
        var account = choice.Account is { } a ? new PayeeAccount(a.AccountId, a.Iban, a.Bic, a.HolderName) : null;
        return new PayeeRoute(payee, new PayeeRef(PayeeKind.Member, choice.HolderMemberId), choice.Account?.HolderName ?? "", account, choice.HoldReason);
    }

    private async Task<string?> MainAffiliateOfAsync(string memberId)
    {
        var indexed = await people.SearchAsync(new PeopleQuery([], null, memberId), null, 10);
        var familyId = indexed.FirstOrDefault(p => p.MemberId == memberId)?.FamilyId
            ?? (await grains.GetGrain<IMemberGrain>(GrainKeys.Member(memberId)).GetAsync()).FamilyId;
        if (familyId is null || await grains.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId)).GetAsync() is not { } family)
        {
            return null;
        }

        return family.Members.FirstOrDefault(m => m.Kind == MemberKind.MainAffiliate)?.MemberId;
    }
}
