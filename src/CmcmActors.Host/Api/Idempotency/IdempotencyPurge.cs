using CmcmActors.Grains.Idempotency;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Api.Idempotency;

/// <summary>
/// Deletes expired answers every <see cref="IdempotencyOptions.PurgeInterval"/>, so that storage holds at most a
/// retention's worth of keys. Every host purges; on PostgreSQL two purges at once delete disjoint rows or nothing.
/// </summary>
public sealed partial class IdempotencyPurge(IIdempotencyStore store, IOptions<IdempotencyOptions> options,
    [FromKeyedServices(IdempotencyExtensions.ClockKey)] TimeProvider clock, ILogger<IdempotencyPurge> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PurgeOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One purge; a failure (database away) is logged and the next tick tries again.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var deleted = await store.PurgeExpiredAsync(clock.GetUtcNow(), cancellationToken);
            if (deleted > 0)
            {
                Purged(logger, deleted);
            }

            return deleted;
        }
        catch (Exception e) when (Api.ApiProblems.IsTransient(e))
        {
            PurgeFailed(logger, e);
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired Idempotency-Key answers.")]
    private static partial void Purged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired Idempotency-Key answers failed; the next purge tries again.")]
    private static partial void PurgeFailed(ILogger logger, Exception exception);
}
