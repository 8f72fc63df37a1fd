using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Idempotency;
using CmcmActors.Host.Tests.Support;

namespace CmcmActors.Host.Tests.Idempotency;

/// <summary>The stores themselves, on memory and on PostgreSQL: one claim wins a race, expiry deletes, the quota counts new keys.</summary>
public static class IdempotencyStoreCases
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 20, TimeSpan.Zero);

    private static readonly IdempotencyLimits Limits = new(TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), 3);

    private static readonly StoredResponse Answer = new(200, "application/json", null, "{\"ok\":true}"u8.ToArray());

    private static IdempotencyClaim Claim(string key, string hash = "H1", string caller = "caller-a", DateTimeOffset? now = null) =>
        new(key, caller, hash, now ?? T0, Limits);

    public static async Task SixteenClaimsOfOneKeyAtOnce_OneRuns_TheOthersSeeItRunning_ThenAllReplayItsAnswer(IIdempotencyStore store)
    {
        var starts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.BeginAsync(Claim("race")))));
        await store.CompleteAsync("race", "H1", Answer, T0 + Limits.Retention);
        var replays = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.BeginAsync(Claim("race")))));

        Assert.Equal(1, starts.Count(s => s.Verdict == IdempotencyVerdict.Run));
        Assert.Equal(15, starts.Count(s => s.Verdict == IdempotencyVerdict.InProgress));
        Assert.All(replays, r => Assert.Equal((IdempotencyVerdict.Replay, 200, "{\"ok\":true}"), (r.Verdict, r.Response!.Status, System.Text.Encoding.UTF8.GetString(r.Response.Body))));
    }

    public static async Task SameKeyAnotherBody_KeyReused_WhileRunningAndOnceAnswered(IIdempotencyStore store)
    {
        await store.BeginAsync(Claim("other-body"));
        var whileRunning = await store.BeginAsync(Claim("other-body", hash: "H2"));
        await store.CompleteAsync("other-body", "H1", Answer, T0 + Limits.Retention);
        var answered = await store.BeginAsync(Claim("other-body", hash: "H2"));

        Assert.Equal((IdempotencyVerdict.KeyReused, IdempotencyVerdict.KeyReused), (whileRunning.Verdict, answered.Verdict));
    }

    public static async Task ExpiredAnswer_DeletedByThePurge_OnlyIt_AndTheKeyRunsAgain(IIdempotencyStore store)
    {
        await store.BeginAsync(Claim("old"));
        await store.CompleteAsync("old", "H1", Answer, T0 + TimeSpan.FromMinutes(1));
        await store.BeginAsync(Claim("young", now: T0 + TimeSpan.FromMinutes(1)));
        await store.CompleteAsync("young", "H1", Answer, T0 + TimeSpan.FromMinutes(2));

        var early = await store.PurgeExpiredAsync(T0 + TimeSpan.FromSeconds(59));
        var purged = await store.PurgeExpiredAsync(T0 + TimeSpan.FromSeconds(60));
        var oldAgain = await store.BeginAsync(Claim("old", now: T0 + TimeSpan.FromSeconds(61)));
        var youngStill = await store.BeginAsync(Claim("young", now: T0 + TimeSpan.FromSeconds(61)));

        Assert.Equal((0, 1), (early, purged));
        Assert.Equal((IdempotencyVerdict.Run, IdempotencyVerdict.Replay), (oldAgain.Verdict, youngStill.Verdict));
    }

    public static async Task FourthNewKeyOfACallerInAWindow_QuotaExceeded_UntilTheWindowEnds(IIdempotencyStore store)
    {
        var accepted = new List<IdempotencyVerdict>();
        for (var i = 1; i <= 3; i++)
        {
            accepted.Add((await store.BeginAsync(Claim($"q{i}", caller: "quota"))).Verdict);
        }

        var fourth = await store.BeginAsync(Claim("q4", caller: "quota"));
        var otherCaller = await store.BeginAsync(Claim("q4-other", caller: "someone-else"));
        var nextWindow = await store.BeginAsync(Claim("q4", caller: "quota", now: T0 + TimeSpan.FromSeconds(40)));

        Assert.Equal([IdempotencyVerdict.Run, IdempotencyVerdict.Run, IdempotencyVerdict.Run], accepted);
        Assert.Equal((IdempotencyVerdict.QuotaExceeded, TimeSpan.FromSeconds(40)), (fourth.Verdict, fourth.RetryAfter));
        Assert.Equal((IdempotencyVerdict.Run, IdempotencyVerdict.Run), (otherCaller.Verdict, nextWindow.Verdict));
    }

    public static async Task AbandonedRun_FreesTheKey_AndARunLostPastItsTimeoutIsTakenOver(IIdempotencyStore store)
    {
        await store.BeginAsync(Claim("abandoned"));
        await store.AbandonAsync("abandoned", "H1");
        var retry = await store.BeginAsync(Claim("abandoned"));

        await store.BeginAsync(Claim("lost"));
        var stillRunning = await store.BeginAsync(Claim("lost", now: T0 + TimeSpan.FromSeconds(59)));
        var takenOver = await store.BeginAsync(Claim("lost", now: T0 + TimeSpan.FromSeconds(60)));

        Assert.Equal((IdempotencyVerdict.Run, IdempotencyVerdict.InProgress, IdempotencyVerdict.Run), (retry.Verdict, stillRunning.Verdict, takenOver.Verdict));
    }
}

public sealed class IdempotencyStoreTests
{
    private static MemoryIdempotencyStore NewStore() => MemoryIdempotencyStore.For("idem-store-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public Task SixteenClaimsOfOneKeyAtOnce_OneRuns_TheOthersSeeItRunning_ThenAllReplayItsAnswer() =>
        IdempotencyStoreCases.SixteenClaimsOfOneKeyAtOnce_OneRuns_TheOthersSeeItRunning_ThenAllReplayItsAnswer(NewStore());

    [Fact]
    public Task SameKeyAnotherBody_KeyReused_WhileRunningAndOnceAnswered() => IdempotencyStoreCases.SameKeyAnotherBody_KeyReused_WhileRunningAndOnceAnswered(NewStore());

    [Fact]
    public Task ExpiredAnswer_DeletedByThePurge_OnlyIt_AndTheKeyRunsAgain() => IdempotencyStoreCases.ExpiredAnswer_DeletedByThePurge_OnlyIt_AndTheKeyRunsAgain(NewStore());

    [Fact]
    public Task FourthNewKeyOfACallerInAWindow_QuotaExceeded_UntilTheWindowEnds() => IdempotencyStoreCases.FourthNewKeyOfACallerInAWindow_QuotaExceeded_UntilTheWindowEnds(NewStore());

    [Fact]
    public Task AbandonedRun_FreesTheKey_AndARunLostPastItsTimeoutIsTakenOver() => IdempotencyStoreCases.AbandonedRun_FreesTheKey_AndARunLostPastItsTimeoutIsTakenOver(NewStore());
}

[Collection(PostgresHostCollection.Name)]
public sealed class IdempotencyStoreOnPostgresTests
{
    private static async Task<PostgresIdempotencyStore> NewStoreAsync()
    {
        var connection = PostgresHostFixture.ConnectionString!;
        await PostgresSchema.ApplyAsync(connection);
        return new PostgresIdempotencyStore(connection, "idem-store-" + Guid.NewGuid().ToString("N"));
    }

    [PostgresTheory]
    [InlineData("race")]
    public async Task SixteenClaimsOfOneKeyAtOnce_OneRuns_TheOthersSeeItRunning_ThenAllReplayItsAnswer(string _)
    {
        await using var store = await NewStoreAsync();
        await IdempotencyStoreCases.SixteenClaimsOfOneKeyAtOnce_OneRuns_TheOthersSeeItRunning_ThenAllReplayItsAnswer(store);
    }

    [PostgresTheory]
    [InlineData("other body")]
    public async Task SameKeyAnotherBody_KeyReused_WhileRunningAndOnceAnswered(string _)
    {
        await using var store = await NewStoreAsync();
        await IdempotencyStoreCases.SameKeyAnotherBody_KeyReused_WhileRunningAndOnceAnswered(store);
    }

    [PostgresTheory]
    [InlineData("purge")]
    public async Task ExpiredAnswer_DeletedByThePurge_OnlyIt_AndTheKeyRunsAgain(string _)
    {
        await using var store = await NewStoreAsync();
        await IdempotencyStoreCases.ExpiredAnswer_DeletedByThePurge_OnlyIt_AndTheKeyRunsAgain(store);
    }

    [PostgresTheory]
    [InlineData("quota")]
    public async Task FourthNewKeyOfACallerInAWindow_QuotaExceeded_UntilTheWindowEnds(string _)
    {
        await using var store = await NewStoreAsync();
        await IdempotencyStoreCases.FourthNewKeyOfACallerInAWindow_QuotaExceeded_UntilTheWindowEnds(store);
    }

    [PostgresTheory]
    [InlineData("abandon")]
    public async Task AbandonedRun_FreesTheKey_AndARunLostPastItsTimeoutIsTakenOver(string _)
    {
        await using var store = await NewStoreAsync();
        await IdempotencyStoreCases.AbandonedRun_FreesTheKey_AndARunLostPastItsTimeoutIsTakenOver(store);
    }
}
