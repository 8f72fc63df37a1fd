using CmcmActors.Domain.Families;
using CmcmActors.Domain.Payments.Accounts;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Payments;
using CmcmActors.Testing;

namespace CmcmActors.Grains.Tests.Payments;

/// <summary>The four-eyes steps of the accounts store as races, the same cases on memory and on PostgreSQL.</summary>
public static class BankAccountStoreCases
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly AccountActor Member = new("m-self", AccountActorRole.Member);

    private static BankAccount Request(string memberId, string accountId, string iban = "LU280019400644750000", DateTimeOffset? at = null) =>
        BankAccountRules.Request(new AccountRequest(iban, null, "Jean Dupont"), new AccountHolder("f-1", memberId, MemberKind.MainAffiliate, null),
            Member with { Subject = memberId }, [], accountId, at ?? At, Today).Account!;

    public static async Task TenConfirmationsOfOneRequestByDifferentClerks_ExactlyOneConfirmed(IBankAccountStore store)
    {
        var member = NewId("m");
        var pending = Request(member, NewId("BA"));
        Assert.Null(await store.AddRequestAsync(pending));

        var clerks = Enumerable.Range(1, 10).Select(i => new AccountActor($"clerk-{i}", i % 2 == 0 ? AccountActorRole.Finance : AccountActorRole.FrontDesk)).ToArray();
        var results = await Task.WhenAll(clerks.Select(clerk => Task.Run(async () =>
        {
            var decision = BankAccountRules.Confirm(pending, clerk, At.AddMinutes(1));
            return (clerk.Subject, Won: await store.DecideAsync(decision.Account!));
        })));

        var winner = Assert.Single(results, r => r.Won);
        var stored = (await store.GetAsync(pending.AccountId))!;
        Assert.Equal((BankAccountState.Confirmed, winner.Subject), (stored.State, stored.DecidedBy));
        Assert.Single(await store.ForMemberAsync(member));
    }

    public static async Task TenRequestsOfOneMemberAtOnce_OneWaits_TheOthersAreShownIt(IBankAccountStore store)
    {
        var member = NewId("m");
        var requests = Enumerable.Range(0, 10).Select(_ => Request(member, NewId("BA"))).ToArray();

        var blockedBy = await Task.WhenAll(requests.Select(r => Task.Run(() => store.AddRequestAsync(r))));

        var stored = Assert.Single(await store.ForMemberAsync(member));
        Assert.Equal(1, blockedBy.Count(b => b is null));
        Assert.All(blockedBy.Where(b => b is not null), b => Assert.Equal(stored.AccountId, b!.AccountId));
    }

    public static async Task Confirm_ReplacesTheAccountInForce_EveryAccountKeptWithItsDates(IBankAccountStore store)
    {
        var member = NewId("m");
        var first = Request(member, NewId("BA"));
        await store.AddRequestAsync(first);
        Assert.True(await store.DecideAsync(BankAccountRules.Confirm(first, new AccountActor("clerk-a", AccountActorRole.FrontDesk), At).Account!));
        var second = Request(member, NewId("BA"), "DE89370400440532013000", At.AddDays(3));
        Assert.Null(await store.AddRequestAsync(second));
        Assert.True(await store.DecideAsync(BankAccountRules.Confirm(second, new AccountActor("clerk-b", AccountActorRole.Finance), At.AddDays(4)).Account!));

        var history = await store.ForMemberAsync(member);

        Assert.Equal(
            [(first.AccountId, BankAccountState.Replaced, (DateTimeOffset?)At, (DateTimeOffset?)At.AddDays(4)),
             (second.AccountId, BankAccountState.Confirmed, (DateTimeOffset?)At.AddDays(4), (DateTimeOffset?)null)],
            history.Select(a => (a.AccountId, a.State, a.ValidFrom, a.ValidTo)));
    }

    public static async Task RefusedRequest_CannotBeConfirmedAfterwards(IBankAccountStore store)
    {
        var member = NewId("m");
        var pending = Request(member, NewId("BA"));
        await store.AddRequestAsync(pending);
        Assert.True(await store.DecideAsync(BankAccountRules.Refuse(pending, new AccountActor("clerk-a", AccountActorRole.FrontDesk), "Wrong holder", At).Account!));

        var late = await store.DecideAsync(BankAccountRules.Confirm(pending, new AccountActor("clerk-b", AccountActorRole.FrontDesk), At).Account!);

        var stored = (await store.GetAsync(pending.AccountId))!;
        Assert.False(late);
        Assert.Equal((BankAccountState.Refused, "Wrong holder", (DateTimeOffset?)null), (stored.State, stored.RefusalReason, stored.ValidFrom));
    }

    public static async Task Flag_KeptOnTheAccount_PendingQueueListsOnlyWaitingRequests(IBankAccountStore store)
    {
        var member = NewId("m");
        var account = Request(member, NewId("BA"));
        await store.AddRequestAsync(account);
        Assert.Contains(await store.PendingAsync(10_000), a => a.AccountId == account.AccountId);
        await store.DecideAsync(BankAccountRules.Confirm(account, new AccountActor("clerk-a", AccountActorRole.FrontDesk), At).Account!);

        Assert.True(await store.FlagAsync(account.AccountId, "AC04", "Account closed", At.AddDays(9)));
        Assert.False(await store.FlagAsync("BA-none", "AC04", "Account closed", At));

        var stored = (await store.GetAsync(account.AccountId))!;
        Assert.Equal(("AC04", "Account closed", (DateTimeOffset?)At.AddDays(9)), (stored.FlagCode, stored.FlagReason, stored.FlaggedAt));
        Assert.DoesNotContain(await store.PendingAsync(10_000), a => a.AccountId == account.AccountId);
    }

    public static async Task Provider_SaveIsConditional_FlagOnlyTheCurrentAccount(IPartnerProviderStore store)
    {
        var id = NewId("hus");
        var admin = new AccountActor("admin-a", AccountActorRole.Admin);
        var input = new ProviderInput("Hôpitaux de Strasbourg", "FR", "FR1420041010050500013M02606", "BNPAFRPP");
        var (first, _) = PartnerProviderRules.Apply(id, input, null, admin, At);
        Assert.True(await store.SaveAsync(first!, null));
        Assert.False(await store.SaveAsync(first!, null));

        var stored = (await store.GetAsync(id))!;
        var (changed, _) = PartnerProviderRules.Apply(id, input with { Iban = "DE89370400440532013000" }, stored, admin, At.AddDays(1));
        var (concurrent, _) = PartnerProviderRules.Apply(id, input with { Name = "HUS" }, stored, admin, At.AddDays(1));
        Assert.True(await store.SaveAsync(changed!, stored));
        Assert.False(await store.SaveAsync(concurrent!, stored));

        Assert.False(await store.FlagAsync(first!.AccountId, "AC04", "Account closed", At));
        Assert.True(await store.FlagAsync(changed!.AccountId, "AC01", "Account number incorrect", At.AddDays(2)));
        var now = (await store.GetAsync(id))!;
        Assert.Equal(($"PA-{id}-2", "DE89370400440532013000", "AC01"), (now.AccountId, now.Iban, now.FlagCode));
        Assert.Contains(await store.AllAsync(), p => p.ProviderId == id);
    }

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}

public sealed class BankAccountStoreInMemoryTests
{
    private static MemoryBankAccountStore NewStore() => MemoryBankAccountStore.For("accounts-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public Task TenConfirmationsOfOneRequestByDifferentClerks_ExactlyOneConfirmed() => BankAccountStoreCases.TenConfirmationsOfOneRequestByDifferentClerks_ExactlyOneConfirmed(NewStore());

    [Fact]
    public Task TenRequestsOfOneMemberAtOnce_OneWaits_TheOthersAreShownIt() => BankAccountStoreCases.TenRequestsOfOneMemberAtOnce_OneWaits_TheOthersAreShownIt(NewStore());

    [Fact]
    public Task Confirm_ReplacesTheAccountInForce_EveryAccountKeptWithItsDates() => BankAccountStoreCases.Confirm_ReplacesTheAccountInForce_EveryAccountKeptWithItsDates(NewStore());

    [Fact]
    public Task RefusedRequest_CannotBeConfirmedAfterwards() => BankAccountStoreCases.RefusedRequest_CannotBeConfirmedAfterwards(NewStore());

    [Fact]
    public Task Flag_KeptOnTheAccount_PendingQueueListsOnlyWaitingRequests() => BankAccountStoreCases.Flag_KeptOnTheAccount_PendingQueueListsOnlyWaitingRequests(NewStore());

    [Fact]
    public Task Provider_SaveIsConditional_FlagOnlyTheCurrentAccount() =>
        BankAccountStoreCases.Provider_SaveIsConditional_FlagOnlyTheCurrentAccount(MemoryPartnerProviderStore.For("providers-" + Guid.NewGuid().ToString("N")));
}

public sealed class BankAccountStoreOnPostgresTests
{
    private static async Task<string> ServiceAsync()
    {
        await PostgresSchema.ApplyAsync(TestPostgres.SharedConnectionString);
        return "accounts-" + Guid.NewGuid().ToString("N");
    }

    [Fact]
    public async Task TenConfirmationsOfOneRequestByDifferentClerks_ExactlyOneConfirmed()
    {
        await using var store = new PostgresBankAccountStore(TestPostgres.SharedConnectionString, await ServiceAsync());
        await BankAccountStoreCases.TenConfirmationsOfOneRequestByDifferentClerks_ExactlyOneConfirmed(store);
    }

    [Fact]
    public async Task TenRequestsOfOneMemberAtOnce_OneWaits_TheOthersAreShownIt()
    {
        await using var store = new PostgresBankAccountStore(TestPostgres.SharedConnectionString, await ServiceAsync());
        await BankAccountStoreCases.TenRequestsOfOneMemberAtOnce_OneWaits_TheOthersAreShownIt(store);
    }

    [Fact]
    public async Task Confirm_ReplacesTheAccountInForce_EveryAccountKeptWithItsDates()
    {
        await using var store = new PostgresBankAccountStore(TestPostgres.SharedConnectionString, await ServiceAsync());
        await BankAccountStoreCases.Confirm_ReplacesTheAccountInForce_EveryAccountKeptWithItsDates(store);
    }

    [Fact]
    public async Task RefusedRequest_CannotBeConfirmedAfterwards()
    {
        await using var store = new PostgresBankAccountStore(TestPostgres.SharedConnectionString, await ServiceAsync());
        await BankAccountStoreCases.RefusedRequest_CannotBeConfirmedAfterwards(store);
    }

    [Fact]
    public async Task Flag_KeptOnTheAccount_PendingQueueListsOnlyWaitingRequests()
    {
        await using var store = new PostgresBankAccountStore(TestPostgres.SharedConnectionString, await ServiceAsync());
        await BankAccountStoreCases.Flag_KeptOnTheAccount_PendingQueueListsOnlyWaitingRequests(store);
    }

    [Fact]
    public async Task Provider_SaveIsConditional_FlagOnlyTheCurrentAccount()
    {
        await using var store = new PostgresPartnerProviderStore(TestPostgres.SharedConnectionString, await ServiceAsync());
        await BankAccountStoreCases.Provider_SaveIsConditional_FlagOnlyTheCurrentAccount(store);
    }
}
