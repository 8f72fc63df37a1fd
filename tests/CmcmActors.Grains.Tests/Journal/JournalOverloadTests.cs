using CmcmActors.Contracts;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Journal;

/// <summary>
/// A member whose append the journal refuses as overloaded (the probe refuses it as a full PostgreSQL journal does):
/// the caller gets <see cref="JournalOverloadedException"/> across the silo boundary, nothing of the batch is kept, and
/// the same claims sent again are applied exactly once. On memory and PostgreSQL.
/// </summary>
public abstract class JournalOverloadTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task RefusedAppend_ReachesTheCallerAsOverload_NothingOfItKept_TheRetryAppliedOnce()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var first = await Grains.SubmitAsync(Claim(familyId, memberId, "INV-1", Line("RC.HOSP.LU", 40m, 30m)));
        var second = Claim(familyId, memberId, "INV-2", Line("RC.HOSP.LU", 40m, 30m));
        fixture.Journal.OverloadNextAppends(memberId, 1, retryAfterSeconds: 7);

        var refused = await Assert.ThrowsAsync<JournalOverloadedException>(() => Grains.SubmitAsync(second));
        var afterRefusal = await RetryAsync(() => Grains.Member(memberId).GetAsync());
        var stored = await fixture.Journal.Inner.LoadAsync(memberId);
        var retried = await RetryAsync(() => Grains.SubmitAsync(second));
        var resent = await Grains.SubmitAsync(second);
        var view = await Grains.Member(memberId).GetAsync();

        Assert.Equal(7, refused.RetryAfterSeconds);
        Assert.Equal((1, first.TotalPaid), (afterRefusal.ClaimCount, afterRefusal.TotalPaid));
        Assert.Equal([first.ClaimId], stored!.ClaimIds);
        Assert.Equal((first.Status, first.TotalPaid, 1L), (retried.Status, retried.TotalPaid, retried.Version));
        Assert.Equal(Json(retried), Json(resent));
        Assert.Equal((2, first.TotalPaid + first.TotalPaid), (view.ClaimCount, view.TotalPaid));
    }

    [Fact]
    public async Task TwelveClaimsAtOnce_WhileTheJournalRefuses_NoneKept_AllTwelveAppliedOnceWhenSentAgain()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var claims = Enumerable.Range(0, 12).Select(i => Claim(familyId, memberId, $"INV-{i:D2}", Line("RC.HOSP.LU", 40m, 30m))).ToArray();
        fixture.Journal.OverloadNextAppends(memberId, int.MaxValue, retryAfterSeconds: 3);

        var failures = await Task.WhenAll(claims.Select(c => Assert.ThrowsAnyAsync<Exception>(() => Grains.SubmitAsync(c))));
        fixture.Journal.OverloadNextAppends(memberId, 0, retryAfterSeconds: 3);
        var afterRefusal = await RetryAsync(() => Grains.Member(memberId).GetAsync());
        var applied = await Task.WhenAll(claims.Select(c => RetryAsync(() => Grains.SubmitAsync(c))));
        var view = await Grains.Member(memberId).GetAsync();

        // The first batch is refused by the journal; calls that reach the member while it reloads are told to retry.
        Assert.All(failures, f => Assert.True(f is JournalOverloadedException or RetryLaterException, f.GetType().Name + ": " + f.Message));
        Assert.Contains(failures, f => f is JournalOverloadedException { RetryAfterSeconds: 3 });
        Assert.Equal(0, afterRefusal.ClaimCount);
        Assert.All(applied, c => Assert.Equal(1L, c.Version));
        Assert.Equal(12, applied.Select(c => c.ClaimId).Distinct().Count());
        Assert.Equal((12, applied[0].TotalPaid.Cents * 12), (view.ClaimCount, view.TotalPaid.Cents));
    }
}

[Collection(MemoryCluster.Name)]
public sealed class JournalOverloadOnMemoryTests(MemoryClusterFixture fixture) : JournalOverloadTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class JournalOverloadOnPostgresTests(PostgresClusterFixture fixture) : JournalOverloadTests(fixture);
