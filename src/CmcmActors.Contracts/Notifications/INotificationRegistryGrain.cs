using Orleans.Concurrency;

namespace CmcmActors.Contracts.Notifications;

/// <summary>
/// The one cluster-wide list of hosts that want notifications, and the fan-out to them. Grains publish to it; it
/// forwards each notification to every registered host. Notifications only: nothing that moves money goes through it,
/// and a lost message is repaired by the page re-reading. Key: <see cref="NotificationRegistry.Key"/>.
/// </summary>
public interface INotificationRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Registers the observer of <paramref name="host"/>, or refreshes it, replacing an earlier one of the same host.
    /// The registration lapses after <paramref name="validFor"/> unless refreshed: hosts re-register periodically.
    /// </summary>
    Task SubscribeAsync(SiloAddress host, ICmcmEventObserver observer, TimeSpan validFor);

    Task UnsubscribeAsync(SiloAddress host);

    /// <summary>One-way: publishing never waits for delivery.</summary>
    [OneWay]
    Task PublishAsync(CmcmEvent notification);

    /// <summary>The hosts currently registered.</summary>
    Task<IReadOnlyList<SiloAddress>> GetHostsAsync();
}

public static class NotificationRegistry
{
    public const long Key = 0;
}
