using CmcmActors.Domain.Families;
using CmcmActors.Domain.Payments.Accounts;
using CmcmActors.Grains.Payments;
using CmcmActors.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Payments;

/// <summary>The payee directory as registered in a silo: the family's main affiliate found through the family, holds with reasons.</summary>
public abstract class PayeeDirectoryCases(CmcmClusterFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Primary!.SiloAddress);

    [Fact]
    public async Task Route_CoAffiliateWithoutAccount_PaidToMainAffiliatesConfirmedAccount_HeldWhileAChangeWaits()
    {
        var (familyId, main) = await EnrolledFamilyAsync(fixture.Grains);
        var spouse = await CoAffiliateAsync(fixture.Grains, familyId, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2));
        var store = Silo.GetRequiredService<IBankAccountStore>();
        var directory = Silo.GetRequiredService<IPayeeDirectory>();

        var before = await directory.RouteAsync(new PayeeRef(PayeeKind.Member, spouse));
        var first = await AddConfirmedAsync(store, familyId, main, "LU280019400644750000");
        var routed = await directory.RouteAsync(new PayeeRef(PayeeKind.Member, spouse));
        var change = Request(familyId, main, "DE89370400440532013000");
        await store.AddRequestAsync(change);
        var waiting = await directory.RouteAsync(new PayeeRef(PayeeKind.Member, spouse));

        Assert.Equal("The main affiliate has no confirmed bank account.", before.HoldReason);
        Assert.Equal(new PayeeRoute(new PayeeRef(PayeeKind.Member, spouse), new PayeeRef(PayeeKind.Member, main), "Jean Dupont",
            new PayeeAccount(first.AccountId, "LU280019400644750000", null, "Jean Dupont"), null), routed);
        Assert.Equal("A change of the main affiliate's bank account (****3000) waits for its second confirmation.", waiting.HoldReason);
    }

    [Fact]
    public async Task FlagRejected_HoldsTheMemberUntilANewAccountIsConfirmed()
    {
        var (familyId, main) = await EnrolledFamilyAsync(fixture.Grains);
        var store = Silo.GetRequiredService<IBankAccountStore>();
        var directory = Silo.GetRequiredService<IPayeeDirectory>();
        var account = await AddConfirmedAsync(store, familyId, main, "LU280019400644750000");

        await directory.FlagRejectedAsync(account.AccountId, "AC04", "Account closed");
        var held = await directory.RouteAsync(new PayeeRef(PayeeKind.Member, main));
        var replacement = await AddConfirmedAsync(store, familyId, main, "BE68539007547034");
        var paid = await directory.RouteAsync(new PayeeRef(PayeeKind.Member, main));

        Assert.Equal("The bank rejected a payment to account ****0000 (AC04: Account closed): waiting for a new account.", held.HoldReason);
        Assert.Equal((replacement.AccountId, false), (paid.Account!.AccountId, paid.IsHeld));
    }

    [Fact]
    public async Task Route_Provider_ItsCurrentAccount_UnknownProviderHeld()
    {
        var providers = Silo.GetRequiredService<IPartnerProviderStore>();
        var directory = Silo.GetRequiredService<IPayeeDirectory>();
        var id = NewId("chl");
        var (provider, _) = PartnerProviderRules.Apply(id, new ProviderInput("Centre Hospitalier de Luxembourg", "LU", "LU28 0019 4006 4475 0000", "BCEELULL"), null,
            new AccountActor("admin", AccountActorRole.Admin), At);
        await providers.SaveAsync(provider!, null);

        var route = await directory.RouteAsync(new PayeeRef(PayeeKind.Provider, id));
        var unknown = await directory.RouteAsync(new PayeeRef(PayeeKind.Provider, "nobody"));

        Assert.Equal(new PayeeAccount($"PA-{id}-1", "LU280019400644750000", "BCEELULL", "Centre Hospitalier de Luxembourg"), route.Account);
        Assert.False(route.IsHeld);
        Assert.Equal("Provider nobody is not a partner provider.", unknown.HoldReason);
    }

    private static BankAccount Request(string familyId, string memberId, string iban) =>
        BankAccountRules.Request(new AccountRequest(iban, null, "Jean Dupont"), new AccountHolder(familyId, memberId, MemberKind.MainAffiliate, null),
            new AccountActor(memberId, AccountActorRole.Member), [], NewId("BA"), At, DateOnly.FromDateTime(At.UtcDateTime)).Account!;

    private static async Task<BankAccount> AddConfirmedAsync(IBankAccountStore store, string familyId, string memberId, string iban)
    {
        var request = Request(familyId, memberId, iban);
        Assert.Null(await store.AddRequestAsync(request));
        var confirmed = BankAccountRules.Confirm(request, new AccountActor("clerk", AccountActorRole.FrontDesk), At).Account!;
        Assert.True(await store.DecideAsync(confirmed));
        return confirmed;
    }
}

[Collection(MemoryCluster.Name)]
public sealed class PayeeDirectoryInMemoryTests(MemoryClusterFixture fixture) : PayeeDirectoryCases(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PayeeDirectoryOnPostgresTests(PostgresClusterFixture fixture) : PayeeDirectoryCases(fixture);
