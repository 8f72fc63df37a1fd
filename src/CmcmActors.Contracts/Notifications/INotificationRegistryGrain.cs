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

    /// <summary>
    /// Returns once the registry has taken the notification, before delivery (forwarding is one-way): a publisher that
    /// awaits each call publishes in order, whereas one-way calls from a grain may overtake one another between silos.
    /// </summary>
    Task PublishAsync(CmcmEvent notification);

    /// <summary>Takes several notifications at once, in order: how a silo's relay sends what its grains published.</summary>
    Task PublishBatchAsync(CmcmEvent[] notifications);

    /// <summary>The hosts currently registered.</summary>
    Task<IReadOnlyList<SiloAddress>> GetHostsAsync();
}

public static class NotificationRegistry
{
    public const long Key = 0;
}
