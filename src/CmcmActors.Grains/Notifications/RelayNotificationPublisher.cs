using CmcmActors.Contracts.Notifications;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Notifications;

/// <summary>
/// Publishes through the cluster-wide <see cref="INotificationRegistryGrain"/>, which forwards to every web host's hub.
/// The web host registers it. Each call waits for the registry to take the notification, so that a claim's changes
/// reach pages in order; but never longer than <see cref="Patience"/>, and a failure is logged, not thrown: a registry
/// that cannot be reached (its silo just died) must not hold up or fail a command that is already durable. Pages
/// repair a lost notification by re-reading after they reconnect.
/// </summary>
public sealed partial class RelayNotificationPublisher(IGrainFactory grains, ILogger<RelayNotificationPublisher> logger) : INotificationPublisher
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public async ValueTask PublishAsync(CmcmEvent notification)
    {
        try
        {
            await grains.GetGrain<INotificationRegistryGrain>(NotificationRegistry.Key).PublishAsync(notification).WaitAsync(Patience);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotPublished(logger, e, notification.GetType().Name, notification.FamilyId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: a {Event} of family {FamilyId} could not be handed to the registry")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, string @event, string familyId);
}
