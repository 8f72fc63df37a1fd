using System.Diagnostics;
using System.Threading.Channels;
using CmcmActors.Contracts.Notifications;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Notifications;

/// <summary>
/// Publishes through the cluster-wide <see cref="INotificationRegistryGrain"/>, which forwards to every web host's hub.
/// The web host registers it. Grains only queue a notification here and go on; one loop per silo sends what is queued
/// to the registry in batches, one batch at a time, so the notifications of a silo reach the registry in the order they
/// were published, with one registry call per batch instead of one per notification. A batch the registry does not
/// take within <see cref="Patience"/> is sent again (the registry's silo may have died: it starts again elsewhere once
/// the cluster declares that silo dead) until <see cref="GiveUpAfter"/>, then logged and dropped; nothing is ever thrown
/// to the grains: a command that is already durable must not wait for, or fail because of, a notification. A dropped
/// notification (the queue overflowed, or a batch was given up) is followed by a <see cref="PushesLost"/>, and pages
/// re-read when they hear it.
/// </summary>
public sealed partial class RelayNotificationPublisher : INotificationPublisher, IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    /// <summary>How long a batch is offered to the registry again before it is dropped (longer than a silo failure takes to detect).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    /// <summary>The pause between two offers of the same batch.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Most notifications in one call to the registry.</summary>
    public const int BatchSize = 256;

    /// <summary>Most notifications waiting in a silo; past it the oldest are dropped (and pages re-read).</summary>
    public const int QueueCapacity = 50_000;

    private readonly Channel<CmcmEvent> _queue;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ILogger<RelayNotificationPublisher> _logger;
    private readonly Task _sending;

    /// <summary>1 when notifications were dropped from the queue and the next batch has not said so yet.</summary>
    private int _dropped;

    public RelayNotificationPublisher(IGrainFactory grains, TimeProvider clock, ILogger<RelayNotificationPublisher> logger)
    {
        _grains = grains;
        _clock = clock;
        _logger = logger;
        _queue = Channel.CreateBounded<CmcmEvent>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Exchange(ref _dropped, 1));
        _sending = Task.Run(SendLoopAsync);
    }

    public ValueTask PublishAsync(CmcmEvent notification)
    {
        _queue.Writer.TryWrite(notification);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _sending.WaitAsync(Patience).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SendLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<CmcmEvent>(BatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // What was dropped was older than what is left: the batch that follows the drop starts by saying so.
            if (Interlocked.Exchange(ref _dropped, 0) == 1)
            {
                LogDropped(_logger, QueueCapacity);
                batch.Add(new PushesLost(_clock.GetUtcNow(), "a silo could not hand its pushes on as fast as they came"));
            }

            while (batch.Count < BatchSize && reader.TryRead(out var notification))
            {
                batch.Add(notification);
            }

            await HandOverAsync([.. batch]).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task HandOverAsync(CmcmEvent[] batch)
    {
        var since = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _grains.GetGrain<INotificationRegistryGrain>(NotificationRegistry.Key).PublishBatchAsync(batch).WaitAsync(Patience).ConfigureAwait(false);
                if (attempt > 1)
                {
                    LogHandedOverLate(_logger, batch.Length, attempt);
                }

                return;
            }
            catch (Exception e)
            {
                if (Stopwatch.GetElapsedTime(since) >= GiveUpAfter)
                {
                    // Queued behind what is waiting, the word that pushes were lost goes out once the registry takes
                    // batches again, so the pages re-read then.
                    LogNotPublished(_logger, e, batch.Length, attempt);
                    _queue.Writer.TryWrite(new PushesLost(_clock.GetUtcNow(), $"a silo dropped {batch.Length} push(es) the registry did not take"));
                    return;
                }

                if (attempt == 1)
                {
                    LogRetrying(_logger, e, batch.Length);
                }
            }

            await Task.Delay(RetryDelay).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: more than {Capacity} notifications were waiting; the oldest were dropped and the pages told to re-read")]
    private static partial void LogDropped(ILogger logger, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: the registry did not take a batch of {Count}; offering it again")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications: a batch of {Count} was handed to the registry at attempt {Attempt}")]
    private static partial void LogHandedOverLate(ILogger logger, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: a batch of {Count} could not be handed to the registry in {Attempts} attempts; dropped")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, int count, int attempts);
}
