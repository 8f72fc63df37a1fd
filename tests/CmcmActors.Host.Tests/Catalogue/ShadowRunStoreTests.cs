using CmcmActors.Domain.Affiliation;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Tests.Support;

namespace CmcmActors.Host.Tests.Catalogue;

/// <summary>The shadow-run stores themselves, on memory and on PostgreSQL: one owner ends a run, a lapsed lease fails it, another host stops it.</summary>
public static class ShadowRunStoreCases
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static ShadowRunRow Run(string id, DateTimeOffset? at = null, string owner = "host-a") =>
        ShadowRunRow.Started(id, "d-1", "cmcm-2027-01-01", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), at ?? T0, "admin", owner);

    public static ShadowReport Report() => new("cmcm-2027-01-01", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), 3, 1,
        [
            new ShadowClaim("member/M-1/INV-1", "M-1", "F-1", new DateOnly(2026, 11, 3), ["cmcm-2026-07-01"], "approved", "approved",
                new ShadowTierAmounts(50.00m, 0.00m, 12.34m, 0.00m), new ShadowTierAmounts(75.00m, 0.00m, 0.00m, 0.00m)),
            new ShadowClaim("member/M-2/INV-9", "M-2", "F-1", new DateOnly(2026, 11, 29), ["cmcm-2026-07-01", ""], "refused", "partiallyApproved",
                ShadowTierAmounts.Zero, new ShadowTierAmounts(0.00m, 0.01m, 0.00m, 99.99m)),
        ],
        [new ShadowTotal("RC.ALTMED", Tier.RC, 50.00m, 75.00m), new ShadowTotal("PP.ALTMED", Tier.PP, 12.34m, 0.00m)],
        62.34m, 175.00m, 2);

    public static async Task ShadowRun_EndedByItsOwner_EveryHostReadsItAndItsReportExactly(IShadowRunStore store)
    {
        await store.AddAsync(Run("s-done"), 20);
        var beat = await store.HeartbeatAsync("s-done", "host-a", 2, 3, T0.AddSeconds(2));
        var whileRunning = await store.GetAsync("s-done");
        var ended = await store.FinishAsync("s-done", "host-a", new ShadowRunEnd(ShadowRunStatus.Completed, T0.AddSeconds(3), 3, Report: Report()));
        var again = await store.FinishAsync("s-done", "host-a", new ShadowRunEnd(ShadowRunStatus.Failed, T0.AddSeconds(4), 3, "late"));

        var run = (await store.GetAsync("s-done"))!;
        var report = (await store.ReadReportAsync("s-done"))!;
        Assert.Equal(false, beat);
        Assert.Equal((ShadowRunStatus.Running, 2, 3, T0.AddSeconds(2)), (whileRunning!.Status, whileRunning.Done, whileRunning.Total, whileRunning.HeartbeatAt));
        Assert.Equal((true, false), (ended, again));
        Assert.Equal((ShadowRunStatus.Completed, 3, T0.AddSeconds(3), (string?)null), (run.Status, run.Done, run.FinishedAt, run.Error));
        Assert.Equal(new ShadowRunSummary(3, 2, 1, 2, 62.34m, 175.00m), run.Summary);
        Assert.Equal(112.66m, run.Summary!.Difference);
        var expected = Report();
        Assert.Equal((expected.Draft, expected.From, expected.To, expected.Claims, expected.Skipped, expected.PaidBefore, expected.PaidAfter, expected.ClaimsChanged),
            (report.Draft, report.From, report.To, report.Claims, report.Skipped, report.PaidBefore, report.PaidAfter, report.ClaimsChanged));
        Assert.Equal(expected.Totals, report.Totals);
        Assert.Equal(expected.ToCsv(), report.ToCsv());
        Assert.Equal(["cmcm-2026-07-01", ""], report.Judged[1].Editions);
    }

    public static async Task ShadowRun_HeartbeatOlderThanTheLease_MarkedFailed_AndItsOwnerCanNoLongerEndIt(IShadowRunStore store)
    {
        await store.AddAsync(Run("s-lapsed"), 20);
        await store.HeartbeatAsync("s-lapsed", "host-a", 5, 9, T0.AddSeconds(10));

        var early = await store.ExpireAsync(T0.AddSeconds(10), T0.AddSeconds(40));
        var expired = await store.ExpireAsync(T0.AddSeconds(10).AddTicks(10), T0.AddSeconds(41));
        var beat = await store.HeartbeatAsync("s-lapsed", "host-a", 6, 9, T0.AddSeconds(42));
        var ended = await store.FinishAsync("s-lapsed", "host-a", new ShadowRunEnd(ShadowRunStatus.Completed, T0.AddSeconds(43), 9, Report: Report()));

        var run = (await store.GetAsync("s-lapsed"))!;
        Assert.Equal((0, 1), (early, expired));
        Assert.Equal(((bool?)null, false), (beat, ended));
        Assert.Equal((ShadowRunStatus.Failed, 5, T0.AddSeconds(41), ShadowRunRow.LeaseLapsed), (run.Status, run.Done, run.FinishedAt, run.Error));
        Assert.Null(await store.ReadReportAsync("s-lapsed"));
    }

    public static async Task ShadowRun_StopAskedByAnotherHost_TheOwnerLearnsItAtItsHeartbeat(IShadowRunStore store)
    {
        await store.AddAsync(Run("s-stop"), 20);
        var asked = await store.RequestCancelAsync("s-stop");
        var beat = await store.HeartbeatAsync("s-stop", "host-a", 1, 9, T0.AddSeconds(2));
        var notOwner = await store.FinishAsync("s-stop", "host-b", new ShadowRunEnd(ShadowRunStatus.Cancelled, T0.AddSeconds(2), 1));
        var ended = await store.FinishAsync("s-stop", "host-a", new ShadowRunEnd(ShadowRunStatus.Cancelled, T0.AddSeconds(3), 1));
        var askedAgain = await store.RequestCancelAsync("s-stop");
        var unknown = await store.RequestCancelAsync("s-none");

        Assert.Equal((true, (bool?)true, false, true, false, false), (asked, beat, notOwner, ended, askedAgain, unknown));
        Assert.Equal((ShadowRunStatus.Cancelled, true), ((await store.GetAsync("s-stop"))!.Status, (await store.GetAsync("s-stop"))!.CancelRequested));
    }

    public static async Task ShadowRuns_BeyondTheNewestKept_DeletedWithTheirReports_RunningOnesKept(IShadowRunStore store)
    {
        for (var i = 0; i < 4; i++)
        {
            await store.AddAsync(Run($"s-{i}", T0.AddMinutes(i)), 2);
            if (i != 1)
            {
                await store.FinishAsync($"s-{i}", "host-a", new ShadowRunEnd(ShadowRunStatus.Completed, T0.AddMinutes(i), 3, Report: Report()));
            }
        }

        await store.AddAsync(Run("s-4", T0.AddMinutes(4)), 2);

        Assert.Equal(["s-4", "s-3", "s-2", "s-1"], (await store.ListAsync(50)).Select(r => r.RunId));
        Assert.Null(await store.ReadReportAsync("s-0"));
        Assert.Equal(2, (await store.ReadReportAsync("s-2"))!.Judged.Count);
        Assert.Equal(["s-4", "s-3"], (await store.ListAsync(2)).Select(r => r.RunId));
    }

    public static async Task TwelveEndsOfOneRunAtOnce_OneRecorded(IShadowRunStore store)
    {
        await store.AddAsync(Run("s-race"), 20);
        var ends = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => i % 3 == 0
            ? store.ExpireAsync(T0.AddSeconds(1), T0.AddSeconds(60 + i)).ContinueWith(t => t.Result == 1, TaskScheduler.Default)
            : store.FinishAsync("s-race", "host-a", new ShadowRunEnd(i % 3 == 1 ? ShadowRunStatus.Completed : ShadowRunStatus.Cancelled, T0.AddSeconds(i), i, Report: i % 3 == 1 ? Report() : null)))));

        var run = (await store.GetAsync("s-race"))!;
        Assert.Equal(1, ends.Count(e => e));
        Assert.NotEqual(ShadowRunStatus.Running, run.Status);
        Assert.Equal(run.Status == ShadowRunStatus.Completed, await store.ReadReportAsync("s-race") is not null);
    }
}

public sealed class ShadowRunStoreTests
{
    private static MemoryShadowRunStore NewStore() => MemoryShadowRunStore.For("shadow-store-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public Task ShadowRun_EndedByItsOwner_EveryHostReadsItAndItsReportExactly() => ShadowRunStoreCases.ShadowRun_EndedByItsOwner_EveryHostReadsItAndItsReportExactly(NewStore());

    [Fact]
    public Task ShadowRun_HeartbeatOlderThanTheLease_MarkedFailed_AndItsOwnerCanNoLongerEndIt() =>
        ShadowRunStoreCases.ShadowRun_HeartbeatOlderThanTheLease_MarkedFailed_AndItsOwnerCanNoLongerEndIt(NewStore());

    [Fact]
    public Task ShadowRun_StopAskedByAnotherHost_TheOwnerLearnsItAtItsHeartbeat() => ShadowRunStoreCases.ShadowRun_StopAskedByAnotherHost_TheOwnerLearnsItAtItsHeartbeat(NewStore());

    [Fact]
    public Task ShadowRuns_BeyondTheNewestKept_DeletedWithTheirReports_RunningOnesKept() =>
        ShadowRunStoreCases.ShadowRuns_BeyondTheNewestKept_DeletedWithTheirReports_RunningOnesKept(NewStore());

    [Fact]
    public Task TwelveEndsOfOneRunAtOnce_OneRecorded() => ShadowRunStoreCases.TwelveEndsOfOneRunAtOnce_OneRecorded(NewStore());
}

public sealed class ShadowRunStoreOnPostgresTests
{
    private static async Task<PostgresShadowRunStore> NewStoreAsync()
    {
        var connection = PostgresHostFixture.ConnectionString!;
        await PostgresSchema.ApplyAsync(connection);
        return new PostgresShadowRunStore(connection, "shadow-store-" + Guid.NewGuid().ToString("N"));
    }

    [PostgresTheory]
    [InlineData("ended")]
    public async Task ShadowRun_EndedByItsOwner_EveryHostReadsItAndItsReportExactly(string _)
    {
        await using var store = await NewStoreAsync();
        await ShadowRunStoreCases.ShadowRun_EndedByItsOwner_EveryHostReadsItAndItsReportExactly(store);
    }

    [PostgresTheory]
    [InlineData("lapsed")]
    public async Task ShadowRun_HeartbeatOlderThanTheLease_MarkedFailed_AndItsOwnerCanNoLongerEndIt(string _)
    {
        await using var store = await NewStoreAsync();
        await ShadowRunStoreCases.ShadowRun_HeartbeatOlderThanTheLease_MarkedFailed_AndItsOwnerCanNoLongerEndIt(store);
    }

    [PostgresTheory]
    [InlineData("stop")]
    public async Task ShadowRun_StopAskedByAnotherHost_TheOwnerLearnsItAtItsHeartbeat(string _)
    {
        await using var store = await NewStoreAsync();
        await ShadowRunStoreCases.ShadowRun_StopAskedByAnotherHost_TheOwnerLearnsItAtItsHeartbeat(store);
    }

    [PostgresTheory]
    [InlineData("kept")]
    public async Task ShadowRuns_BeyondTheNewestKept_DeletedWithTheirReports_RunningOnesKept(string _)
    {
        await using var store = await NewStoreAsync();
        await ShadowRunStoreCases.ShadowRuns_BeyondTheNewestKept_DeletedWithTheirReports_RunningOnesKept(store);
    }

    [PostgresTheory]
    [InlineData("race")]
    public async Task TwelveEndsOfOneRunAtOnce_OneRecorded(string _)
    {
        await using var store = await NewStoreAsync();
        await ShadowRunStoreCases.TwelveEndsOfOneRunAtOnce_OneRecorded(store);
    }
}
