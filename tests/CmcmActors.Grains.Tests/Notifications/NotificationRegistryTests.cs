using CmcmActors.Contracts.Notifications;
using CmcmActors.Grains.Notifications;
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

    // Registries of their own (other keys, started afresh by their test), beside the cluster's (key 0).
    private const long OverflowRegistryKey = 9_001;
    private const long FailingDeliveryRegistryKey = 9_002;

    [Fact]
    public async Task Registry_StartedAfresh_KeepsNotificationsForAnActiveSiloUntilItsHostRegistersAgain()
    {
        await WithReceiverAsync(NotificationRegistry.Key, new Receiver(), async (registry, subscribe, receiver) =>
        {
            await registry.PublishBatchAsync([new FamilyChanged("REG-1", At, "first"), new FamilyChanged("REG-1", At, "second")]);
            var registeredBefore = await registry.GetHostsAsync();

            await subscribe();
            await registry.PublishAsync(new FamilyChanged("REG-1", At, "third"));

            Assert.Empty(registeredBefore);
            Assert.Equal(["first", "second", "third"], await receiver.ChangesAsync(count: 3));
        });
    }

    [Fact]
    public async Task Registry_HostQueueOverflowed_NextBatchStartsByTellingThePagesToReread()
    {
        // A registry of its own (another key), started afresh: the silo is awaited, so what is published is queued.
        await WithReceiverAsync(OverflowRegistryKey, new Receiver(), async (registry, subscribe, receiver) =>
        {
            var published = Enumerable.Range(1, NotificationRegistryGrain.QueueCapacity + 5).Select(n => new FamilyChanged("REG-1", At, $"change {n}")).ToArray();
            await registry.PublishBatchAsync(published);

            await subscribe();

            var heard = await receiver.ChangesAsync(count: NotificationRegistryGrain.QueueCapacity + 1);
            Assert.Equal(NotificationRegistryGrain.QueueCapacity + 1, heard.Length);
            Assert.Equal(["lost: 5 push(es) were dropped for this host", "change 6", "change 7"], heard[..3]);
            Assert.Equal($"change {NotificationRegistryGrain.QueueCapacity + 5}", heard[^1]);
        });
    }

    [Fact]
    public async Task Registry_DeliveryFailed_HostIsToldPushesMayBeLost_AndLaterPushesStillArrive()
    {
        await WithReceiverAsync(FailingDeliveryRegistryKey, new Receiver(failFirstDeliveries: 1), async (registry, subscribe, receiver) =>
        {
            await subscribe();

            await registry.PublishAsync(new FamilyChanged("REG-1", At, "refused by the host"));
            Assert.Equal(["lost: pushes may not have reached this host"], await receiver.ChangesAsync(count: 1));
            await registry.PublishAsync(new FamilyChanged("REG-1", At, "after"));

            Assert.Equal(["lost: pushes may not have reached this host", "after"], await receiver.ChangesAsync(count: 2));
        });
    }

    /// <summary>
    /// Runs <paramref name="test"/> with the registry of <paramref name="registryKey"/> and a way to subscribe the
    /// primary silo's host with <paramref name="receiver"/>; unsubscribes and lets the receiver go afterwards.
    /// </summary>
    private async Task WithReceiverAsync(long registryKey, Receiver receiver, Func<INotificationRegistryGrain, Func<Task>, Receiver, Task> test)
    {
        var registry = fixture.Grains.GetGrain<INotificationRegistryGrain>(registryKey);
        var host = (fixture.Cluster.Primary ?? throw new InvalidOperationException("The primary silo is down.")).SiloAddress;
        var observer = fixture.Cluster.Client.CreateObjectReference<ICmcmEventObserver>(receiver);
        try
        {
            await test(registry, () => registry.SubscribeAsync(host, observer, TimeSpan.FromMinutes(1)), receiver);
        }
        finally
        {
            await registry.UnsubscribeAsync(host);
            fixture.Cluster.Client.DeleteObjectReference<ICmcmEventObserver>(observer);
        }
    }

    /// <summary>Records the changes of family REG-1 and every <see cref="PushesLost"/> ("lost: reason"); can refuse its first deliveries.</summary>
    private sealed class Receiver(int failFirstDeliveries = 0) : ICmcmEventObserver
    {
        private readonly List<string> _changes = [];
        private int _failuresLeft = failFirstDeliveries;

        public Task OnEventsAsync(IReadOnlyList<CmcmEvent> notifications)
        {
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                throw new InvalidOperationException("This host refuses the delivery.");
            }

            lock (_changes)
            {
                foreach (var notification in notifications)
                {
                    switch (notification)
                    {
                        case FamilyChanged { FamilyId: "REG-1" } e:
                            _changes.Add(e.Change);
                            break;
                        case PushesLost e:
                            _changes.Add("lost: " + e.Reason);
                            break;
                    }
                }
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
