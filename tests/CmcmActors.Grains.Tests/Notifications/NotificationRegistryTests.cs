using CmcmActors.Contracts.Notifications;
using CmcmActors.Grains.Tests.Support;

namespace CmcmActors.Grains.Tests.Notifications;

/// <summary>
/// The cluster's notification registry when it starts afresh (its silo died): what is published before a host has
/// registered again is kept for that host, not lost. The registry keeps nothing in storage, so memory only. The grain
/// tests publish through a recorder, so the registry's first activation in this cluster is this test's.
/// </summary>
[Collection(MemoryCluster.Name)]
public sealed class NotificationRegistryTests(MemoryClusterFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Registry_StartedAfresh_KeepsNotificationsForAnActiveSiloUntilItsHostRegistersAgain()
    {
        var registry = fixture.Grains.GetGrain<INotificationRegistryGrain>(NotificationRegistry.Key);
        var host = (fixture.Cluster.Primary ?? throw new InvalidOperationException("The primary silo is down.")).SiloAddress;
        var receiver = new Receiver();
        var observer = fixture.Cluster.Client.CreateObjectReference<ICmcmEventObserver>(receiver);
        try
        {
            await registry.PublishBatchAsync([new FamilyChanged("REG-1", At, "first"), new FamilyChanged("REG-1", At, "second")]);
            var registeredBefore = await registry.GetHostsAsync();

            await registry.SubscribeAsync(host, observer, TimeSpan.FromMinutes(1));
            await registry.PublishAsync(new FamilyChanged("REG-1", At, "third"));

            Assert.Empty(registeredBefore);
            Assert.Equal(["first", "second", "third"], await receiver.ChangesAsync(count: 3));
        }
        finally
        {
            await registry.UnsubscribeAsync(host);
            fixture.Cluster.Client.DeleteObjectReference<ICmcmEventObserver>(observer);
        }
    }

    private sealed class Receiver : ICmcmEventObserver
    {
        private readonly List<string> _changes = [];

        public Task OnEventsAsync(IReadOnlyList<CmcmEvent> notifications)
        {
            lock (_changes)
            {
                _changes.AddRange(notifications.OfType<FamilyChanged>().Where(e => e.FamilyId == "REG-1").Select(e => e.Change));
            }

            return Task.CompletedTask;
        }

        public async Task<string[]> ChangesAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                lock (_changes)
                {
                    if (_changes.Count >= count)
                    {
                        return [.. _changes];
                    }
                }

                await Task.Delay(50);
            }

            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }
}
