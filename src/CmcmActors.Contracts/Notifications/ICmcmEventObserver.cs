using Orleans.Concurrency;

namespace CmcmActors.Contracts.Notifications;

/// <summary>
/// A host's receiver of notifications: each web host wraps its SignalR hub in one and registers it with the
/// <see cref="INotificationRegistryGrain"/>, so that grains never touch SignalR and a push reaches the pages connected
/// to any host.
/// </summary>
public interface ICmcmEventObserver : IGrainObserver
{
    /// <summary>One-way: the registry never waits for a host, so a slow or dead host cannot hold up the others.</summary>
    [OneWay]
    Task OnEventAsync(CmcmEvent notification);
}
