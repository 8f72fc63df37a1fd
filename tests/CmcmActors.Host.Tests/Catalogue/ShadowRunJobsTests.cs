using System.Runtime.CompilerServices;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Journal;
using CmcmActors.Host.Api.Catalogue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Tests.Catalogue;

/// <summary>Shadow runs as jobs: cancelled while they run, never more than two at once.</summary>
public sealed class ShadowRunJobsTests
{
    private static readonly StoredDraft Draft = new("d-1", "2027-01", new DateOnly(2027, 1, 1), 56, "{}", DateTimeOffset.UnixEpoch, "admin", null);

    [Fact]
    public async Task Cancel_ARunningRun_EndsItCancelled_WithoutReport()
    {
        var stored = new EndlessClaims();
        var (jobs, store) = Jobs(stored);

        var job = (await jobs.StartAsync(Draft, CatalogueSet.BuiltIn.Editions[0], new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "admin"))!;
        await stored.Reading.Task;
        var (run, stopped) = await jobs.CancelAsync(job.Run.RunId);
        var (again, stoppedAgain) = await jobs.CancelAsync(job.Run.RunId);

        Assert.True(stopped);
        Assert.Equal((ShadowRunStatus.Cancelled, 0), (run!.Status, run.Done));
        Assert.Null(await store.ReadReportAsync(job.Run.RunId));
        Assert.Equal((ShadowRunStatus.Cancelled, false), (again!.Status, stoppedAgain));
    }

    [Fact]
    public async Task Start_WhileTwoRun_Refused_UntilOneEnds()
    {
        var (jobs, _) = Jobs(new EndlessClaims());
        var edition = CatalogueSet.BuiltIn.Editions[0];
        var first = (await jobs.StartAsync(Draft, edition, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "admin"))!;
        var second = (await jobs.StartAsync(Draft, edition, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "admin"))!;

        var third = await jobs.StartAsync(Draft, edition, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "admin");
        await jobs.CancelAsync(first.Run.RunId);
        var fourth = await jobs.StartAsync(Draft, edition, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "admin");

        Assert.Null(third);
        Assert.NotNull(fourth);
        Assert.Equal(3, (await jobs.ListAsync()).Count);
        await jobs.CancelAsync(second.Run.RunId);
        await jobs.CancelAsync(fourth.Run.RunId);
    }

    private static (ShadowRunJobs Jobs, IShadowRunStore Store) Jobs(IStoredClaims stored)
    {
        var store = MemoryShadowRunStore.For("shadow-jobs-" + Guid.NewGuid().ToString("N"));
        return (new(stored, MemoryMemberJournal.For("shadow-jobs-" + Guid.NewGuid().ToString("N")), null!, new CmcmReferenceData(CatalogueSet.BuiltIn), store,
            Options.Create(new ShadowRunOptions()), TimeProvider.System, new Lifetime(), NullLogger<ShadowRunJobs>.Instance), store);
    }

    /// <summary>Seven claims in the period that never finish being read, until cancelled.</summary>
    private sealed class EndlessClaims : IStoredClaims
    {
        public TaskCompletionSource Reading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async IAsyncEnumerable<FamilyClaims> ReadFamiliesAsync(DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Reading.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }

        public Task<int> CountAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) => Task.FromResult(7);
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
