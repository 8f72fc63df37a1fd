using System.Threading.Channels;
using CmcmActors.Grains.Audit;

namespace CmcmActors.Host.Api.Audit;

/// <summary>
/// Writes the read log in batches: reads wait in a bounded queue (<see cref="Capacity"/>; a full queue makes the
/// request wait for room rather than lose a read) and are written at most every <see cref="FlushInterval"/>, in one
/// insert per batch, and once more when the host stops. A crash (the process killed, not stopped) loses the reads of
/// the last second at most; a write that fails is tried again with the next batch.
/// </summary>
public sealed partial class ReadLogWriter(IServiceProvider services, ILogger<ReadLogWriter> logger) : BackgroundService
{
    public const int Capacity = 10_000;
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);
    private const int MaxBatch = 1_000;

    private readonly Channel<HealthDataRead> _queue = Channel.CreateBounded<HealthDataRead>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private readonly List<HealthDataRead> _failed = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ValueTask WriteAsync(HealthDataRead read) => _queue.Writer.TryWrite(read) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(read);

    /// <summary>Writes whatever waits now (a test that reads the log at once; the timer; the last flush at shutdown).</summary>
    public async Task FlushAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await FlushBatchAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Everything waiting, in batches of at most <see cref="MaxBatch"/>; a batch that fails waits for the next flush.</summary>
    private async Task FlushBatchAsync()
    {
        while (true)
        {
            var batch = new List<HealthDataRead>(_failed);
            _failed.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var read))
            {
                batch.Add(read);
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await services.GetRequiredService<IReadLog>().AddAsync(batch);
            }
            catch (Exception e)
            {
                LogFlushFailed(logger, e, batch.Count);
                _failed.AddRange(batch);
                return;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _queue.Writer.TryComplete();
        for (var attempt = 0; attempt < 3 && (_queue.Reader.Count > 0 || _failed.Count > 0); attempt++)
        {
            await FlushAsync();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read log: {Count} reads could not be written; tried again with the next batch")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);
}
