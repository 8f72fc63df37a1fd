namespace CmcmActors.Contracts.Notifications;

/// <summary>
/// A host's receiver of notifications: each web host wraps its SignalR hub in one and registers it with the
/// <see cref="INotificationRegistryGrain"/>, so that grains never touch SignalR and a push reaches the pages connected
/// to any host.
/// </summary>
public interface ICmcmEventObserver : IGrainObserver
{
    /// <summary>
    /// Takes a batch of notifications, in the order they were published, and returns before sending them on. The
    /// registry sends a host its next batch only when this one is taken: one-way calls could overtake each other.
    /// </summary>
    Task OnEventsAsync(IReadOnlyList<CmcmEvent> notifications);
}
