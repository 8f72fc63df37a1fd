using System.Threading.Channels;
using CmcmActors.Contracts.Notifications;
using Microsoft.AspNetCore.SignalR;

namespace CmcmActors.Host.Live;

/// <summary>
/// This host's end of the bridge from grains to pages: the registry forwards every notification of the cluster here,
/// in order and in batches, and it sends each to the groups it concerns among this host's connections. Notifications
/// are queued as they arrive and handed to SignalR one after the other by a single loop, so the registry never waits for
/// SignalR and a page sees a claim's changes in the order they were published; the loop never waits for a connection
/// (a slow page holds up only itself, until the transport closes it). The queue is bounded: when SignalR cannot keep up,
/// the oldest notifications are dropped, and the next thing every page hears is a <see cref="PushesLost"/> (<c>resync</c>:
/// the pages re-read). A connection in several of the groups receives the event once per group; pages keep the newest
/// state per claim, so a repeat changes nothing.
/// </summary>
public sealed partial class HubNotificationObserver : ICmcmEventObserver, IAsyncDisposable
{
    public const int QueueCapacity = 10_000;

    private readonly IHubContext<CmcmHub> _hub;
    private readonly ILogger<HubNotificationObserver> _logger;
    private readonly TimeProvider _clock;
    private readonly Channel<CmcmEvent> _queue;
    private readonly Task _sending;
    private readonly int _capacity;

    /// <summary>1 when notifications were dropped from the queue and the pages have not been told yet.</summary>
    private int _dropped;

    public HubNotificationObserver(IHubContext<CmcmHub> hub, TimeProvider clock, ILogger<HubNotificationObserver> logger)
        : this(hub, clock, logger, QueueCapacity)
    {
    }

    internal HubNotificationObserver(IHubContext<CmcmHub> hub, TimeProvider clock, ILogger<HubNotificationObserver> logger, int queueCapacity)
    {
        _hub = hub;
        _clock = clock;
        _logger = logger;
        _capacity = queueCapacity;
        _queue = Channel.CreateBounded<CmcmEvent>(
            new BoundedChannelOptions(queueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Exchange(ref _dropped, 1));
        _sending = Task.Run(SendQueuedAsync);
    }

    public Task OnEventsAsync(IReadOnlyList<CmcmEvent> notifications)
    {
        foreach (var notification in notifications)
        {
            _queue.Writer.TryWrite(notification);
        }

        return Task.CompletedTask;
    }

    /// <summary>Tells this host's pages that pushes may have been lost (<paramref name="reason"/>): they re-read.</summary>
    public void PushesMayBeLost(string reason) => _queue.Writer.TryWrite(new PushesLost(_clock.GetUtcNow(), reason));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _sending;
    }

    private async Task SendQueuedAsync()
    {
        await foreach (var notification in _queue.Reader.ReadAllAsync())
        {
            // What was dropped was older than what is left, so telling the pages now, before the next push, is after it.
            if (Interlocked.Exchange(ref _dropped, 0) == 1)
            {
                LogDropped(_logger, _capacity);
                Send(new PushesLost(_clock.GetUtcNow(), "this host could not send its pushes as fast as they came"));
            }

            Send(notification);
        }
    }

    private void Send(CmcmEvent notification)
    {
        // Not awaited: a send completes when every connection of its groups took the message, so one page that
        // stops reading would hold up every page of the host. A connection's writes keep their order (each waits
        // for the one before on that connection); a connection that takes nothing for Cmcm:Live:SendTimeout is
        // closed by the transport, and its waiting writes end with it.
        Task sending;
        try
        {
            sending = SendAsync(notification);
        }
        catch (Exception e)
        {
            LogSendFailed(_logger, e, notification.GetType().Name);
            return;
        }

        if (!sending.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(sending, notification);
        }
    }

    private async Task ObserveAsync(Task sending, CmcmEvent notification)
    {
        try
        {
            await sending;
        }
        catch (Exception e)
        {
            LogSendFailed(_logger, e, notification.GetType().Name);
        }
    }

    private Task SendAsync(CmcmEvent notification) => notification switch
    {
        ClaimStatusChanged e => _hub.Clients
            .Groups(LiveGroups.Claim(e.ClaimId), LiveGroups.Member(e.MemberId), LiveGroups.Family(e.FamilyId), LiveGroups.FrontDesk)
            .SendAsync(LiveEvents.ClaimStatusChanged, ClaimStatusMessage.From(e)),
        // Every group that hears a stream hears all of it, so that its numbers run on without a skip: the front desk
        // hears caps and cover starts too (a member's page hears its family's cover starts, not the family's stream).
        MemberCapsChanged e => _hub.Clients
            .Groups(LiveGroups.Member(e.MemberId), LiveGroups.Family(e.FamilyId), LiveGroups.FrontDesk)
            .SendAsync(LiveEvents.CapsChanged, CapsChangedMessage.From(e)),
        FamilyChanged e => _hub.Clients
            .Groups(LiveGroups.Family(e.FamilyId), LiveGroups.FrontDesk)
            .SendAsync(LiveEvents.FamilyChanged, FamilyChangedMessage.From(e)),
        CoverStarts e => _hub.Clients
            .Groups([LiveGroups.Family(e.FamilyId), LiveGroups.FrontDesk, .. e.MemberIds.Select(LiveGroups.Member)])
            .SendAsync(LiveEvents.CoverStarts, CoverStartsMessage.From(e)),
        CapsReset e => _hub.Clients.All.SendAsync(LiveEvents.CapsReset, CapsResetMessage.From(e)),
        PushesLost e => _hub.Clients.All.SendAsync(LiveEvents.Resync, ResyncMessage.From(e)),
        _ => Task.CompletedTask,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live: more than {Capacity} pushes were waiting; the oldest were dropped and the pages told to re-read")]
    private static partial void LogDropped(ILogger logger, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live: a {Event} could not be sent to the connected pages")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string @event);
}
