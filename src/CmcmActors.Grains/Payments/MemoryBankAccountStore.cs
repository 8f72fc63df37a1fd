using System.Collections.Concurrent;
using CmcmActors.Domain.Payments.Accounts;

namespace CmcmActors.Grains.Payments;

/// <summary>
/// The embedded default: one store per Orleans service id in this process (one silo per process; every silo of a test
/// cluster shares it). One lock makes each four-eyes step atomic.
/// </summary>
public sealed class MemoryBankAccountStore : IBankAccountStore
{
    private static readonly ConcurrentDictionary<string, MemoryBankAccountStore> Services = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, BankAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _byMember = new(StringComparer.Ordinal);

    public static MemoryBankAccountStore For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryBankAccountStore());

    public Task<IReadOnlyList<BankAccount>> ForMemberAsync(string memberId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<BankAccount>>(Of(memberId).ToList());
        }
    }

    public Task<BankAccount?> GetAsync(string accountId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.GetValueOrDefault(accountId));
        }
    }

    public Task<IReadOnlyList<BankAccount>> PendingAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<BankAccount>>(_accounts.Values.Where(a => a.State == BankAccountState.Pending)
                .OrderBy(a => a.RequestedAt).ThenBy(a => a.AccountId, StringComparer.Ordinal).Take(limit).ToList());
        }
    }

    public Task<BankAccount?> AddRequestAsync(BankAccount request, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (Of(request.MemberId).FirstOrDefault(a => a.State == BankAccountState.Pending) is { } waiting)
            {
                return Task.FromResult<BankAccount?>(waiting);
            }

            if (!_accounts.TryAdd(request.AccountId, request))
            {
                throw new InvalidOperationException($"Account id {request.AccountId} is already used.");
            }

            if (!_byMember.TryGetValue(request.MemberId, out var ids))
            {
                _byMember[request.MemberId] = ids = [];
            }

            ids.Add(request.AccountId);
            return Task.FromResult<BankAccount?>(null);
        }
    }

    public Task<bool> DecideAsync(BankAccount decided, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_accounts.TryGetValue(decided.AccountId, out var stored) || stored.State != BankAccountState.Pending)
            {
                return Task.FromResult(false);
            }

            if (decided.State == BankAccountState.Confirmed
                && Of(decided.MemberId).FirstOrDefault(a => a.State == BankAccountState.Confirmed) is { } inForce)
            {
                _accounts[inForce.AccountId] = BankAccountRules.Replace(inForce, decided.ValidFrom!.Value);
            }

            _accounts[decided.AccountId] = decided;
            return Task.FromResult(true);
        }
    }

    public Task<bool> FlagAsync(string accountId, string reasonCode, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_accounts.TryGetValue(accountId, out var account))
            {
                return Task.FromResult(false);
            }

            _accounts[accountId] = BankAccountRules.Flag(account, reasonCode, reason, at);
            return Task.FromResult(true);
        }
    }

    private IEnumerable<BankAccount> Of(string memberId) =>
        _byMember.TryGetValue(memberId, out var ids) ? ids.Select(id => _accounts[id]) : [];
}

/// <summary>Partner providers in memory, one store per Orleans service id in this process.</summary>
public sealed class MemoryPartnerProviderStore : IPartnerProviderStore
{
    private static readonly ConcurrentDictionary<string, MemoryPartnerProviderStore> Services = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, PartnerProvider> _providers = new(StringComparer.Ordinal);

    public static MemoryPartnerProviderStore For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryPartnerProviderStore());

    public Task<IReadOnlyList<PartnerProvider>> AllAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<PartnerProvider>>(_providers.Values.OrderBy(p => p.ProviderId, StringComparer.Ordinal).ToList());
        }
    }

    public Task<PartnerProvider?> GetAsync(string providerId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_providers.GetValueOrDefault(providerId));
        }
    }

    public Task<bool> SaveAsync(PartnerProvider provider, PartnerProvider? expected, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_providers.GetValueOrDefault(provider.ProviderId) != expected)
            {
                return Task.FromResult(false);
            }

            _providers[provider.ProviderId] = provider;
            return Task.FromResult(true);
        }
    }

    public Task<bool> FlagAsync(string accountId, string reasonCode, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_providers.Values.FirstOrDefault(p => p.AccountId == accountId) is not { } provider)
            {
                return Task.FromResult(false);
            }

            _providers[provider.ProviderId] = PartnerProviderRules.Flag(provider, reasonCode, reason, at);
            return Task.FromResult(true);
        }
    }
}
