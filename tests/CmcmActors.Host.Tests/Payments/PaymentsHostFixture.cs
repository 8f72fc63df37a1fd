using System.Collections.Concurrent;
using CmcmActors.Grains.Payments;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CmcmActors.Host.Tests.Payments;

/// <summary>
/// A host of its own for payment runs (a run takes everything due in its host, so it must not meet other tests' claims),
/// with a payee directory that pays every member to an account of his own (the accounts feature is tested on its own).
/// </summary>
public sealed class PaymentsHostFixture : IAsyncLifetime
{
    public PaymentsHostFixture() =>
        Host = HostFixture.With(builder => builder.ConfigureTestServices(services => services.AddSingleton<IPayeeDirectory>(Directory)));

    public HostFixture Host { get; }

    public OwnAccountDirectory Directory { get; } = new();

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

/// <summary>Every payee is paid to an account of his own, LU28 0019 4006 4475 0000 (a valid IBAN); rejected accounts are recorded.</summary>
public sealed class OwnAccountDirectory : IPayeeDirectory
{
    public const string Iban = "LU280019400644750000";

    public ConcurrentQueue<(string AccountId, string ReasonCode)> Flagged { get; } = new();

    public Task<PayeeRoute> RouteAsync(PayeeRef payee, CancellationToken cancellationToken = default) =>
        Task.FromResult(new PayeeRoute(payee, payee, "Holder " + payee.Id, new PayeeAccount("ACC-" + payee.Id, Iban, "BCEELULL", "Holder " + payee.Id), null));

    public Task FlagRejectedAsync(string accountId, string reasonCode, string reason, CancellationToken cancellationToken = default)
    {
        Flagged.Enqueue((accountId, reasonCode));
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PaymentsHostCollection : ICollectionFixture<PaymentsHostFixture>
{
    public const string Name = "host for payment runs";
}
