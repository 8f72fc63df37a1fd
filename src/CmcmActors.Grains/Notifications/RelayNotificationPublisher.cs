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
/// to the grains: a command that is already durable must not wait for, or fail because of, a notification. Pages repair
/// a lost notification by re-reading after they reconnect.
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

    private readonly Channel<CmcmEvent> _queue = Channel.CreateBounded<CmcmEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly IGrainFactory _grains;
    private readonly ILogger<RelayNotificationPublisher> _logger;
    private readonly Task _sending;

    public RelayNotificationPublisher(IGrainFactory grains, ILogger<RelayNotificationPublisher> logger)
    {
        _grains = grains;
        _logger = logger;
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
                    LogNotPublished(_logger, e, batch.Length, attempt);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: the registry did not take a batch of {Count}; offering it again")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications: a batch of {Count} was handed to the registry at attempt {Attempt}")]
    private static partial void LogHandedOverLate(ILogger logger, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: a batch of {Count} could not be handed to the registry in {Attempts} attempts; dropped")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, int count, int attempts);
}
