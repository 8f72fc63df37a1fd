using CmcmActors.Contracts.Notifications;

namespace CmcmActors.Grains.Notifications;

/// <summary>
/// Publishes through the cluster-wide <see cref="INotificationRegistryGrain"/>, which forwards to every web host's hub.
/// The web host registers it; the call is one-way, so a grain never waits for a page.
/// </summary>
public sealed class RelayNotificationPublisher(IGrainFactory grains) : INotificationPublisher
{
    public ValueTask PublishAsync(CmcmEvent notification) =>
        new(grains.GetGrain<INotificationRegistryGrain>(NotificationRegistry.Key).PublishAsync(notification));
}
