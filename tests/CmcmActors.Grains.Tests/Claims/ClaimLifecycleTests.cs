using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Claims;

/// <summary>
/// After the first decision: the reversal cascade, corrections and the what-if before them. The example of the issue:
/// RC's osteopathy year cap of €100 (RC only); claim A (care 09-01, two sessions) pays 100; claim B (care 09-10) pays 0,
/// limited by the cap; reversing A decides B again, which now pays its 50. On memory and PostgreSQL.
/// </summary>
public abstract class ClaimLifecycleTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static ClaimLine Osteo(string care) => Osteopathy(80m, DateOnly.Parse(care, System.Globalization.CultureInfo.InvariantCulture));

    private async Task<(string FamilyId, string MemberId, ClaimSubmission A, ClaimSubmission B)> CapTakenByAAsync()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, level: CoverageLevel.RC);
        var a = Claim(familyId, memberId, "A", Osteo("2026-09-01"), Osteo("2026-09-01"));
        var b = Claim(familyId, memberId, "B", Osteo("2026-09-10"));
        Assert.Equal(Eur(100m), (await Grains.SubmitAsync(a)).TotalPaid);
        Assert.Equal(Eur(0m), (await Grains.SubmitAsync(b)).TotalPaid);
        return (familyId, memberId, a, b);
    }

    private async Task<Domain.Money.Money> YearCapUsedAsync(string memberId) => (await Grains.Member(memberId).GetCapsAsync(2026)).Cap("RC.ALTMED.YEAR").Used;

    [Fact]
    public async Task ReversalCascade_ReversingTheClaimThatTookTheYearCap_RedecidesTheLimitedLaterClaim_WhichIsToppedUp()
    {
        var (_, memberId, a, b) = await CapTakenByAAsync();

        var reversed = await Grains.ClaimGrain(a).ReverseAsync("entered twice", "agent-1");
        var redecided = (await Grains.ClaimGrain(b).GetAsync())!;

        Assert.Equal(ClaimStatus.Reversed, reversed.Status);
        Assert.Equal((ClaimStatus.PartiallyApproved, Eur(50m), 2L), (redecided.Status, redecided.TotalPaid, redecided.Version));
        Assert.Equal($"Re-decided after claim {a.ClaimId} was reversed: pays €50.00 (was €0.00), a top-up of €50.00.", redecided.History[^2].Note);
        Assert.Equal(Eur(50m), await YearCapUsedAsync(memberId));
        Assert.Contains(fixture.Publisher.StatusChangesOf(b.ClaimId), c => c.Status == ClaimStatus.PartiallyApproved && c.TotalPaid == 50m && c.Version == 2);
    }

    [Fact]
    public async Task ReversalPreview_NamesTheClaimsItWouldRedecide_AndConsumesNothing()
    {
        var (_, memberId, a, b) = await CapTakenByAAsync();

        var preview = await Grains.Member(memberId).PreviewCascadeAsync(a.ClaimId, null);

        Assert.Equal((Eur(100m), Eur(0m)), (preview.PaidBefore, preview.PaidAfter));
        var only = Assert.Single(preview.Redecided);
        Assert.Equal((b.ClaimId, Eur(0m), Eur(50m)), (only.ClaimId, only.PaidBefore, only.PaidAfter));
        Assert.Equal(Eur(100m), await YearCapUsedAsync(memberId));
        Assert.Equal(1L, (await Grains.ClaimGrain(b).GetAsync())!.Version);
    }

    [Fact]
    public async Task ReversalCascade_TwelveReversalsAtOnce_OneReversalAndOneTopUp()
    {
        var (_, memberId, a, b) = await CapTakenByAAsync();

        var reversals = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Grains.ClaimGrain(a).ReverseAsync("entered twice", "agent-1")));

        Assert.All(reversals, r => Assert.Equal((ClaimStatus.Reversed, 2L), (r.Status, r.Version)));
        Assert.Equal((Eur(50m), 2L), ((await Grains.ClaimGrain(b).GetAsync())!.TotalPaid, (await Grains.ClaimGrain(b).GetAsync())!.Version));
        Assert.Equal(Eur(50m), await YearCapUsedAsync(memberId));
    }

    [Fact]
    public async Task ReversalCascade_WriteFailsPartWay_NothingHalfDone_RetryCompletesIt()
    {
        var (_, memberId, a, b) = await CapTakenByAAsync();
        fixture.Journal.FailNextAppends(memberId, 1);

        await Assert.ThrowsAnyAsync<Exception>(() => Grains.ClaimGrain(a).ReverseAsync("entered twice", "agent-1"));
        var aAfterFailure = await RetryAsync(() => Grains.ClaimGrain(a).GetAsync());
        var usedAfterFailure = await YearCapUsedAsync(memberId);
        var reversed = await RetryAsync(() => Grains.ClaimGrain(a).ReverseAsync("entered twice", "agent-1"));

        Assert.Equal((ClaimStatus.PartiallyApproved, Eur(100m)), (aAfterFailure!.Status, usedAfterFailure));
        Assert.Equal(ClaimStatus.Reversed, reversed.Status);
        Assert.Equal(Eur(50m), (await Grains.ClaimGrain(b).GetAsync())!.TotalPaid);
        Assert.Equal(Eur(50m), await YearCapUsedAsync(memberId));
    }

    [Fact]
    public async Task Correction_LowersTheClaim_DifferencePerTierInItsHistory_AndTheLimitedClaimIsToppedUp()
    {
        var (_, memberId, a, b) = await CapTakenByAAsync();

        var corrected = await Grains.Member(memberId).CorrectClaimAsync(a.ClaimId, [Osteo("2026-09-01")], "one session, not two", "agent-2");

        var record = corrected.Record!;
        Assert.Equal((ClaimStatus.PartiallyApproved, Eur(50m), 2L), (record.Status, record.TotalPaid, record.Version));
        Assert.Equal("Corrected by agent-2: one session, not two. Pays €50.00 (was €100.00), to recover: RC −€50.00.", record.History[^2].Note);
        Assert.Equal(Eur(50m), (await Grains.ClaimGrain(b).GetAsync())!.TotalPaid);
        Assert.Equal(Eur(100m), await YearCapUsedAsync(memberId));
        var audit = await Grains.Member(memberId).GetAuditAsync();
        Assert.Equal((3, 2), (audit.Count(m => m.ClaimId == a.ClaimId && !m.Reversal), audit.Count(m => m.ClaimId == a.ClaimId && m.Reversal)));
    }

    [Fact]
    public async Task CorrectionOfACorrection_DecidedAgainOnTheRoomItsLastVersionGaveBack()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, level: CoverageLevel.RC);
        var a = Claim(familyId, memberId, "A", Osteo("2026-09-01"));
        await Grains.SubmitAsync(a);

        var first = (await Grains.Member(memberId).CorrectClaimAsync(a.ClaimId, [Osteo("2026-09-01"), Osteo("2026-09-01")], "two sessions", "agent-2")).Record!;
        var second = (await Grains.Member(memberId).CorrectClaimAsync(a.ClaimId, [Osteopathy(30m, new DateOnly(2026, 9, 1))], "one session of 30", "agent-3")).Record!;

        Assert.Equal((Eur(100m), 2L), (first.TotalPaid, first.Version));
        Assert.Equal((Eur(30m), 3L), (second.TotalPaid, second.Version));
        Assert.Equal(Eur(30m), await YearCapUsedAsync(memberId));
    }

    [Fact]
    public async Task CorrectionOfAPendedClaim_TakesTheNewLines_AndIsDecided()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var wig = Claim(familyId, memberId, "WIG", Line("RC.WIG", 250m, 70m));
        Assert.Equal(ClaimStatus.Pended, (await Grains.SubmitAsync(wig)).Status);

        var corrected = (await Grains.Member(memberId).CorrectClaimAsync(wig.ClaimId, [Line("RC.WIG", 250m, 70m) with { Authorised = true }], "authorisation on file", "agent-1")).Record!;

        Assert.Equal((ClaimStatus.Approved, Eur(180m), 2L), (corrected.Status, corrected.TotalPaid, corrected.Version));
    }

    [Fact]
    public async Task Correction_OfAReversedClaim_Refused_AndChangesNothing()
    {
        var (_, memberId, a, _) = await CapTakenByAAsync();
        await Grains.ClaimGrain(a).ReverseAsync("entered twice", "agent-1");

        var refused = await Grains.Member(memberId).CorrectClaimAsync(a.ClaimId, [Osteo("2026-09-01")], "too late", "agent-2");

        Assert.Equal(("reversed", "status"), (refused.Refusal!.Code, refused.Refusal.Field));
        Assert.Equal(2L, (await Grains.ClaimGrain(a).GetAsync())!.Version);
    }

}

[Collection(MemoryCluster.Name)]
public sealed class ClaimLifecycleOnMemoryTests(MemoryClusterFixture fixture) : ClaimLifecycleTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class ClaimLifecycleOnPostgresTests(PostgresClusterFixture fixture) : ClaimLifecycleTests(fixture);
