using CmcmActors.Contracts.Notifications;
using CmcmActors.Host.Tests.Support;
using CmcmActors.Testing;
using Microsoft.AspNetCore.Hosting;

namespace CmcmActors.Host.Tests.Live;

/// <summary>
/// Two hosts forming one Orleans cluster on PostgreSQL (CMCM_POSTGRES, or <see cref="TestPostgres"/>'s server), as two
/// machines behind a load balancer would: a page may be connected to one while its claim is decided on the other.
/// </summary>
public sealed class TwoHostsFixture : IAsyncLifetime
{
    public TwoHostsFixture()
    {
        var postgres = TestPostgres.SharedConnectionString;

        var cluster = "live-" + Guid.NewGuid().ToString("N")[..8];
        void SameCluster(IWebHostBuilder builder)
        {
            builder.UseSetting("Cmcm:Postgres", postgres);
            builder.UseSetting("Cmcm:ClusterId", cluster);
            builder.UseSetting("Cmcm:ServiceId", cluster);
        }

        A = HostFixture.With(SameCluster);
        B = HostFixture.With(SameCluster);
    }

    public HostFixture A { get; }

    public HostFixture B { get; }

    /// <summary>
    /// Starts both hosts, then waits until each sees both registered: while the second silo joins, the cluster may
    /// still be settling where the registry grain lives, and a host whose first registration failed retries shortly.
    /// </summary>
    public async Task InitializeAsync()
    {
        await A.InitializeAsync();
        await B.InitializeAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await BothRegisteredAsync())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), patience.Token);
        }
    }

    private async Task<bool> BothRegisteredAsync()
    {
        try
        {
            var fromA = await A.Grains.GetGrain<INotificationRegistryGrain>(NotificationRegistry.Key).GetHostsAsync();
            var fromB = await B.Grains.GetGrain<INotificationRegistryGrain>(NotificationRegistry.Key).GetHostsAsync();
            return fromA.Count == 2 && fromB.Count == 2;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoHostsCollection : ICollectionFixture<TwoHostsFixture>
{
    public const string Name = "two hosts, one cluster";
}
