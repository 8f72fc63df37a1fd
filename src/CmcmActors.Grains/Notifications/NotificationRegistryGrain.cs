using CmcmActors.Contracts.Notifications;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Notifications;

/// <summary>
/// The GPSTracker pattern: every web host registers an observer wrapping its SignalR hub; this single grain forwards each
/// notification to all of them, so a page connected to one host hears about claims decided on another. Forwarding is
/// one-way and never awaited: a slow host delays nobody. A host is dropped when its silo is declared dead or when it
/// has not re-registered in time (observer references go stale when a host dies without saying goodbye). The list is
/// kept in memory only: after a restart of this grain the hosts' periodic re-registration fills it again.
/// </summary>
public sealed partial class NotificationRegistryGrain(
    IClusterMembershipService membership,
    TimeProvider clock,
    ILogger<NotificationRegistryGrain> logger) : Grain, INotificationRegistryGrain
{
    private readonly Dictionary<SiloAddress, Registration> _hosts = [];

    public Task SubscribeAsync(SiloAddress host, ICmcmEventObserver observer, TimeSpan validFor)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var isNew = !_hosts.ContainsKey(host);
        _hosts[host] = new Registration(observer, clock.GetUtcNow() + validFor);
        if (isNew)
        {
            LogSubscribed(logger, host, _hosts.Count);
        }

        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(SiloAddress host)
    {
        if (_hosts.Remove(host))
        {
            LogUnsubscribed(logger, host, "it unsubscribed");
        }

        return Task.CompletedTask;
    }

    public Task PublishAsync(CmcmEvent notification)
    {
        DropLapsedHosts();
        foreach (var (host, registration) in _hosts)
        {
            try
            {
                // One-way: completes at once; a failed delivery is logged by the runtime and repaired by the page re-reading.
                _ = registration.Observer.OnEventAsync(notification);
            }
            catch (Exception e)
            {
                LogForwardFailed(logger, e, host);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloAddress>> GetHostsAsync()
    {
        DropLapsedHosts();
        return Task.FromResult<IReadOnlyList<SiloAddress>>([.. _hosts.Keys]);
    }

    private void DropLapsedHosts()
    {
        if (_hosts.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var snapshot = membership.CurrentSnapshot;
        List<(SiloAddress Host, string Why)>? lapsed = null;
        foreach (var (host, registration) in _hosts)
        {
            if (registration.ValidUntil < now)
            {
                (lapsed ??= []).Add((host, "its registration lapsed"));
            }
            else if (snapshot.GetSiloStatus(host) == SiloStatus.Dead)
            {
                (lapsed ??= []).Add((host, "its silo is dead"));
            }
        }

        foreach (var (host, why) in lapsed ?? [])
        {
            _hosts.Remove(host);
            LogUnsubscribed(logger, host, why);
        }
    }

    private sealed record Registration(ICmcmEventObserver Observer, DateTimeOffset ValidUntil);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications: host {Host} registered ({Count} host(s))")]
    private static partial void LogSubscribed(ILogger logger, SiloAddress host, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications: host {Host} dropped: {Why}")]
    private static partial void LogUnsubscribed(ILogger logger, SiloAddress host, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: forwarding to host {Host} failed")]
    private static partial void LogForwardFailed(ILogger logger, Exception exception, SiloAddress host);
}
