using CmcmActors.Contracts.Notifications;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace CmcmActors.Grains.Notifications;

/// <summary>
/// The GPSTracker pattern: every web host registers an observer wrapping its SignalR hub; this single grain forwards each
/// notification to all of them, so a page connected to one host hears about claims decided on another.
/// <para>
/// Each host has its own queue and its own sending loop: a batch of what is queued goes out, and the next only when the
/// host has taken it, so a host receives notifications in the order they were published (one-way calls between silos
/// may overtake each other). A slow host delays nobody else: publishing only queues, a delivery waits at most
/// <see cref="DeliveryTimeout"/>, and a host's queue keeps the newest <see cref="QueueCapacity"/> notifications. When some
/// were dropped, or a delivery failed (it may or may not have arrived), the host's next batch starts with a
/// <see cref="PushesLost"/>, so that its pages re-read.
/// </para>
/// <para>
/// A host is dropped when its silo is declared dead or when it has not re-registered in time (observer references go
/// stale when a host dies without saying goodbye). The list is kept in memory only: when this grain starts again
/// (its silo died), it opens a queue for every active silo at once and keeps what is published for each until that
/// host registers again (hosts re-register every few seconds) or <see cref="AwaitingHostFor"/> passes, so the pushes
/// of a fail-over arrive late rather than never. Reentrant so that publishing never waits for a delivery.
/// </para>
/// </summary>
[Reentrant]
public sealed partial class NotificationRegistryGrain(
    IClusterMembershipService membership,
    TimeProvider clock,
    ILogger<NotificationRegistryGrain> logger) : Grain, INotificationRegistryGrain
{
    public const int QueueCapacity = 10_000;

    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The pause after a delivery failed, before the host is offered its queue again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>How long, after this grain starts, notifications are kept for an active silo that has not registered yet.</summary>
    public static readonly TimeSpan AwaitingHostFor = TimeSpan.FromSeconds(30);

    private readonly Dictionary<SiloAddress, HostLink> _hosts = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + AwaitingHostFor;
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active)
            {
                _hosts[member.SiloAddress] = new HostLink(null, until);
            }
        }

        return Task.CompletedTask;
    }

    public Task SubscribeAsync(SiloAddress host, ICmcmEventObserver observer, TimeSpan validFor)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var validUntil = clock.GetUtcNow() + validFor;
        if (_hosts.TryGetValue(host, out var link))
        {
            var awaited = link.Observer is null;
            link.Observer = observer;
            link.ValidUntil = validUntil;
            if (awaited)
            {
                LogSubscribed(logger, host, _hosts.Count);
                StartSending(host, link);
            }
        }
        else
        {
            _hosts[host] = new HostLink(observer, validUntil);
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

    public Task PublishAsync(CmcmEvent notification) => PublishBatchAsync([notification]);

    public Task PublishBatchAsync(CmcmEvent[] notifications)
    {
        DropLapsedHosts();
        foreach (var notification in notifications)
        {
            Enqueue(notification);
        }

        return Task.CompletedTask;
    }

    private void Enqueue(CmcmEvent notification)
    {
        foreach (var (host, link) in _hosts)
        {
            link.Pending.Enqueue(notification);
            if (link.Pending.Count > QueueCapacity)
            {
                link.Pending.Dequeue();
                link.Dropped++;
            }

            StartSending(host, link);
        }
    }

    /// <summary>Starts the host's sending loop unless it runs, the queue is empty or the host has not registered yet.</summary>
    private void StartSending(SiloAddress host, HostLink link)
    {
        if (!link.Sending && link.Observer is not null && link.Pending.Count > 0)
        {
            link.Sending = true;
            _ = SendAsync(host, link);
        }
    }

    public Task<IReadOnlyList<SiloAddress>> GetHostsAsync()
    {
        DropLapsedHosts();
        return Task.FromResult<IReadOnlyList<SiloAddress>>([.. _hosts.Where(h => h.Value.Observer is not null).Select(h => h.Key)]);
    }

    private async Task SendAsync(SiloAddress host, HostLink link)
    {
        try
        {
            while ((link.Pending.Count > 0 || link.Lost) && _hosts.TryGetValue(host, out var current) && current == link)
            {
                var batch = TakeBatch(host, link);
                try
                {
                    await link.Observer!.OnEventsAsync(batch).WaitAsync(DeliveryTimeout);
                }
                catch (Exception e)
                {
                    // The batch may or may not have arrived: the host's next batch starts by telling its pages to
                    // re-read, and it is offered again, after a pause, for as long as the host is registered.
                    LogForwardFailed(logger, e, host, batch.Length);
                    link.Lost = true;
                    await Task.Delay(RetryDelay);
                    DropLapsedHosts();
                }
            }
        }
        finally
        {
            link.Sending = false;
        }
    }

    /// <summary>What is queued for the host, led by a <see cref="PushesLost"/> when some of it was dropped or may not have arrived.</summary>
    private CmcmEvent[] TakeBatch(SiloAddress host, HostLink link)
    {
        var lost = link.Lost || link.Dropped > 0;
        if (link.Dropped > 0)
        {
            LogDropped(logger, host, link.Dropped);
        }

        var batch = new List<CmcmEvent>(link.Pending.Count + 1);
        if (lost)
        {
            var reason = link.Dropped > 0 ? $"{link.Dropped} push(es) were dropped for this host" : "pushes may not have reached this host";
            batch.Add(new PushesLost(clock.GetUtcNow(), reason));
        }

        batch.AddRange(link.Pending);
        link.Pending.Clear();
        link.Dropped = 0;
        link.Lost = false;
        return [.. batch];
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
        foreach (var (host, link) in _hosts)
        {
            if (link.ValidUntil < now)
            {
                (lapsed ??= []).Add((host, link.Observer is null ? "it did not register after the registry started" : "its registration lapsed"));
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

    /// <summary>A host's queue; <see cref="Observer"/> is null while an active silo is awaited after this grain started.</summary>
    private sealed class HostLink(ICmcmEventObserver? observer, DateTimeOffset validUntil)
    {
        public ICmcmEventObserver? Observer { get; set; } = observer;

        public DateTimeOffset ValidUntil { get; set; } = validUntil;

        public Queue<CmcmEvent> Pending { get; } = new();

        public bool Sending { get; set; }

        public int Dropped { get; set; }

        /// <summary>A batch may not have arrived: the next one starts with a <see cref="PushesLost"/>.</summary>
        public bool Lost { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications: host {Host} registered ({Count} host(s))")]
    private static partial void LogSubscribed(ILogger logger, SiloAddress host, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications: host {Host} dropped: {Why}")]
    private static partial void LogUnsubscribed(ILogger logger, SiloAddress host, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: forwarding {Count} notification(s) to host {Host} failed")]
    private static partial void LogForwardFailed(ILogger logger, Exception exception, SiloAddress host, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: host {Host} is too slow; its {Count} oldest notification(s) were dropped")]
    private static partial void LogDropped(ILogger logger, SiloAddress host, int count);
}
