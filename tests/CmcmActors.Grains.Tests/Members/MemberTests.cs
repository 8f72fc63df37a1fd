using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Members;

/// <summary>What a member grain tells: caps, audit, waiting periods, estimates; run on in-memory storage and on PostgreSQL.</summary>
public abstract class MemberTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task GetCaps_NewMember_EveryCapUnusedWithItsWholeRoom()
    {
        var (_, memberId) = await EnrolledFamilyAsync(Grains);

        var caps = await Grains.Member(memberId).GetCapsAsync(2026);

        Assert.All(caps, c => Assert.Equal((Eur(0m), 0, c.Limit), (c.Used, c.UnitsUsed, c.Remaining)));
        var frames = caps.Cap("DO.OPTIC.FRAMES/year");
        Assert.Equal((Eur(30m), $"member:{memberId}|DO.OPTIC.FRAMES/year|2026"), (frames.Limit, frames.Key));
        Assert.Equal(["DO.OPTIC.FRAMES"], frames.BenefitCodes);
    }

    [Fact]
    public async Task GetCaps_ThreeOsteopathySessions_BothAltmedGroupCapsUsedUp()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "ALT-1", Osteopathy(), Osteopathy(), Osteopathy()));

        Assert.Equal((ClaimStatus.PartiallyApproved, Eur(200m)), (record.Status, record.TotalPaid));
        Assert.Equal([80m, 80m, 40m], record.Decision!.Lines.Select(l => l.TotalPaid.Euros));
        var caps = await Grains.Member(memberId).GetCapsAsync(2026);
        var rc = caps.Cap("RC.ALTMED.YEAR");
        var pp = caps.Cap("PP.ALTMED.YEAR");
        Assert.Equal((Eur(100m), Eur(100m), Eur(0m), 2), (rc.Limit, rc.Used, rc.Remaining, rc.UnitsUsed));
        Assert.Equal((Eur(100m), Eur(100m), Eur(0m), 3), (pp.Limit, pp.Used, pp.Remaining, pp.UnitsUsed));
    }

    [Fact]
    public async Task GetCaps_AnotherYear_Untouched()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        await Grains.SubmitAsync(Claim(familyId, memberId, "FR-1", Line("DO.OPTIC.FRAMES", 100m)));

        var frames = (await Grains.Member(memberId).GetCapsAsync(2027)).Cap("DO.OPTIC.FRAMES/year");

        Assert.Equal((Eur(0m), Eur(30m), $"member:{memberId}|DO.OPTIC.FRAMES/year|2027"), (frames.Used, frames.Remaining, frames.Key));
    }

    [Fact]
    public async Task GetCaps_CareInDecemberDecidedInJanuary_CountsInTheYearOfCare()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var claim = Claim(familyId, memberId, "DEC-1", Line("DO.OPTIC.FRAMES", 20m, on: new DateOnly(2026, 12, 30))) with { ReceivedOn = new DateOnly(2027, 1, 5) };

        await Grains.SubmitAsync(claim);

        var member = Grains.Member(memberId);
        Assert.Equal(Eur(20m), (await member.GetCapsAsync(2026)).Cap("DO.OPTIC.FRAMES/year").Used);
        Assert.Equal(Eur(0m), (await member.GetCapsAsync(2027)).Cap("DO.OPTIC.FRAMES/year").Used);
    }

    [Fact]
    public async Task Audit_TwoClaimsOnOneCap_EachMovementStartsFromTheLastBalance()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var first = await Grains.SubmitAsync(Claim(familyId, memberId, "L-1", Line("DO.OPTIC.LENSES", 100m)));
        var second = await Grains.SubmitAsync(Claim(familyId, memberId, "L-2", Line("DO.OPTIC.LENSES", 80m)));

        var audit = await Grains.Member(memberId).GetAuditAsync();

        Assert.Equal((Eur(100m), Eur(50m), ClaimStatus.PartiallyApproved), (first.TotalPaid, second.TotalPaid, second.Status));
        Assert.Equal(
            [(first.ClaimId, 0m, 100m, false), (second.ClaimId, 100m, 150m, false)],
            audit.Select(m => (m.ClaimId, m.Before.Euros, m.After.Euros, m.Reversal)));
    }

    [Fact]
    public async Task Audit_RefusedClaim_MovesNothing()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        await Grains.SubmitAsync(Claim(familyId, memberId, "F-1", Line("DO.OPTIC.FRAMES", 30m)));

        var refused = await Grains.SubmitAsync(Claim(familyId, memberId, "F-2", Line("DO.OPTIC.FRAMES", 30m)));

        Assert.Equal(ClaimStatus.Refused, refused.Status);
        Assert.DoesNotContain(await Grains.Member(memberId).GetAuditAsync(), m => m.ClaimId == refused.ClaimId);
    }

    [Fact]
    public async Task Estimate_PlannedLenses_ConsumesNoCap()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var member = Grains.Member(memberId);

        var estimate = await member.EstimateAsync(familyId, [Line("DO.OPTIC.LENSES", 120m)]);

        Assert.Equal(Eur(120m), estimate.TotalPaid);
        Assert.Equal(Eur(0m), (await member.GetCapsAsync(2026)).Cap("DO.OPTIC.LENSES/year").Used);
        Assert.Empty(await member.GetAuditAsync());
        Assert.Equal(0, (await member.GetAsync()).ClaimCount);
    }

    [Fact]
    public async Task Estimate_AfterAPaidClaim_SeesTheRoomLeft()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        await Grains.SubmitAsync(Claim(familyId, memberId, "L-1", Line("DO.OPTIC.LENSES", 100m)));

        var estimate = await Grains.Member(memberId).EstimateAsync(familyId, [Line("DO.OPTIC.LENSES", 120m)]);

        Assert.Equal(Eur(50m), estimate.TotalPaid);
    }

    [Fact]
    public async Task WaitingPeriods_NewlyEnrolledFamily_EachTierWithItsFirstCoveredDate()
    {
        var (_, memberId) = await EnrolledFamilyAsync(Grains, applied: new DateOnly(2026, 8, 10));

        var periods = await Grains.Member(memberId).GetWaitingPeriodsAsync(new DateOnly(2026, 9, 15));

        Assert.Equal(
            [
                (Tier.RC, TierCoverageStatus.InWaitingPeriod, (DateOnly?)new DateOnly(2026, 12, 1)),
                (Tier.ASSIST, TierCoverageStatus.Covered, null),
                (Tier.PP, TierCoverageStatus.InWaitingPeriod, new DateOnly(2026, 12, 1)),
                (Tier.DO, TierCoverageStatus.InWaitingPeriod, new DateOnly(2026, 12, 1)),
            ],
            periods.Select(p => (p.Tier, p.Status, p.FirstCoveredDate)));
    }

    [Fact]
    public async Task WaitingPeriods_FamilyHoldingRcOnly_OptionsNotHeld()
    {
        var (_, memberId) = await EnrolledFamilyAsync(Grains, CoverageLevel.RC);

        var periods = await Grains.Member(memberId).GetWaitingPeriodsAsync(Care);

        Assert.Equal(
            [TierCoverageStatus.Covered, TierCoverageStatus.Covered, TierCoverageStatus.NotHeld, TierCoverageStatus.NotHeld],
            periods.Select(p => p.Status));
    }

    [Fact]
    public async Task GetAsync_AfterClaims_CountsThemAndSumsWhatWasPaid()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        await Grains.SubmitAsync(Claim(familyId, memberId, "V-1", Line("DO.OPTIC.LENSES", 100m)));
        await Grains.SubmitAsync(Claim(familyId, memberId, "V-2", Line("DO.OPTIC.FRAMES", 100m)));

        var view = await Grains.Member(memberId).GetAsync();

        Assert.Equal((memberId, familyId, 2, Eur(130m)), (view.MemberId, view.FamilyId, view.ClaimCount, view.TotalPaid));
    }

    [Fact]
    public async Task SetStatutoryPeriods_ForAnotherFamily_Conflict()
    {
        var (_, memberId) = await EnrolledFamilyAsync(Grains);

        await Assert.ThrowsAsync<ClaimConflictException>(() => Grains.Member(memberId).SetStatutoryPeriodsAsync(NewId("F"), InsuredSince2010));
    }

    [Fact]
    public async Task Submit_ForAFamilyTheMemberIsNotIn_FailsAndLeavesTheMemberFree()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        var stranger = NewId("M");

        await Assert.ThrowsAsync<KeyNotFoundException>(() => Grains.SubmitAsync(Claim(familyId, stranger, "X-1", Line("DO.OPTIC.LENSES", 100m))));

        Assert.Null((await Grains.Member(stranger).GetAsync()).FamilyId);
    }
}

[Collection(MemoryCluster.Name)]
public sealed class MemberOnMemoryTests(MemoryClusterFixture fixture) : MemberTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class MemberOnPostgresTests(PostgresClusterFixture fixture) : MemberTests(fixture);
