using System.Runtime.CompilerServices;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Journal;
using CmcmActors.Host.Api.Catalogue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmcmActors.Host.Tests.Catalogue;

/// <summary>Shadow runs as jobs: cancelled while they run, never more than two at once.</summary>
public sealed class ShadowRunJobsTests
{
    private static readonly StoredDraft Draft = new("d-1", "2027-01", new DateOnly(2027, 1, 1), 56, "{}", DateTimeOffset.UnixEpoch, "admin", null);

    [Fact]
    public async Task Cancel_ARunningRun_EndsItCancelled_WithoutReport()
    {
        var stored = new EndlessClaims();
        var jobs = Jobs(stored);

        var job = jobs.Start(Draft, CatalogueSet.BuiltIn.Editions[0], new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "admin")!;
        await stored.Reading.Task;
        var cancelled = job.Cancel();
        await job.Finished;

        Assert.True(cancelled);
        Assert.Equal((ShadowJobStatus.Cancelled, 7, 0), (job.Status, job.Total, job.Done));
        Assert.Null(job.Report);
        Assert.False(job.Cancel());
    }

    [Fact]
    public async Task Start_WhileTwoRun_Refused_UntilOneEnds()
    {
        var jobs = Jobs(new EndlessClaims());
        var edition = CatalogueSet.BuiltIn.Editions[0];
        var first = jobs.Start(Draft, edition, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "admin")!;
        var second = jobs.Start(Draft, edition, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "admin")!;

        var third = jobs.Start(Draft, edition, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "admin");
        first.Cancel();
        await first.Finished;
        var fourth = jobs.Start(Draft, edition, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "admin");

        Assert.Null(third);
        Assert.NotNull(fourth);
        Assert.Equal(3, jobs.All.Count);
        second.Cancel();
        fourth.Cancel();
        await Task.WhenAll(second.Finished, fourth.Finished);
    }

    private static ShadowRunJobs Jobs(IStoredClaims stored) => new(stored, MemoryMemberJournal.For("shadow-jobs-" + Guid.NewGuid().ToString("N")), null!,
        new CmcmReferenceData(CatalogueSet.BuiltIn), TimeProvider.System, new Lifetime(), NullLogger<ShadowRunJobs>.Instance);

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
