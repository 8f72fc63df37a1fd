using CmcmActors.Grains.Audit;
using CmcmActors.Host.Api.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmcmActors.Host.Tests.Audit;

/// <summary>The read log's batch writer: what is queued is written by a flush or at shutdown, and a failed batch is not lost.</summary>
public sealed class ReadLogWriterTests
{
    private sealed class FlakyLog(int failures) : IReadLog
    {
        private int _failures = failures;

        public List<List<HealthDataRead>> Batches { get; } = [];

        public Task AddAsync(IReadOnlyList<HealthDataRead> reads)
        {
            if (Interlocked.Decrement(ref _failures) >= 0)
            {
                throw new InvalidOperationException("The database is away.");
            }

            Batches.Add([.. reads]);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<HealthDataRead>> ReadAsync(ReadLogQuery query, ReadLogCursor? before, int limit) => throw new NotSupportedException();
    }

    private static (ReadLogWriter Writer, FlakyLog Log) Writer(int failures)
    {
        var log = new FlakyLog(failures);
        var services = new ServiceCollection().AddSingleton<IReadLog>(log).BuildServiceProvider();
        return (new ReadLogWriter(services, NullLogger<ReadLogWriter>.Instance), log);
    }

    private static HealthDataRead Read(int i) => new($"r-{i:D4}", DateTimeOffset.UnixEpoch.AddSeconds(i), "clerk-a", "frontdesk", "M-1", "F-1", "GET /api/claims/{memberId}/{invoiceReference}", null);

    [Fact]
    public async Task ReadLogWriter_ReadsQueued_WrittenInBatchesOfAtMostAThousand_InOrder()
    {
        var (writer, log) = Writer(failures: 0);
        for (var i = 0; i < 2_500; i++)
        {
            await writer.WriteAsync(Read(i));
        }

        await writer.FlushAsync();

        Assert.Equal([1_000, 1_000, 500], log.Batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 2_500).Select(i => $"r-{i:D4}"), log.Batches.SelectMany(b => b).Select(r => r.Id));
    }

    [Fact]
    public async Task ReadLogWriter_WriteFails_BatchKeptAndWrittenWithTheNext_AndStopFlushesTheRest()
    {
        var (writer, log) = Writer(failures: 1);
        await writer.WriteAsync(Read(1));
        await writer.FlushAsync();
        await writer.WriteAsync(Read(2));

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal([["r-0001", "r-0002"]], log.Batches.Select(b => b.Select(r => r.Id).ToArray()));
    }
}
