using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Routing;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Claims;

/// <summary>The front desk's queue: claims enter it when pended and leave it when decided; run on memory and PostgreSQL.</summary>
public abstract class PendedClaimsQueueTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private IPendedClaimsGrain Queue => Grains.GetGrain<IPendedClaimsGrain>(IPendedClaimsGrain.Key);

    [Fact]
    public async Task PendedClaim_EntersTheQueue_WithDepartmentChannelAndNeed()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "Q-1", TripCancellation()));

        var queued = Assert.Single(await Queue.GetAllAsync(), c => c.ClaimId == record.ClaimId);
        Assert.Equal((familyId, memberId, "Q-1", Department.Foreign, Channel.App, "Documents missing: provider-refund-decision.", 1L),
            (queued.FamilyId, queued.MemberId, queued.InvoiceReference, queued.Department, queued.Channel, queued.Need, queued.Version));
    }

    [Fact]
    public async Task PendedClaim_CompletedWithItsDocument_LeavesTheQueue()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "Q-2", TripCancellation());
        await Grains.SubmitAsync(submission);

        var record = await Grains.ClaimGrain(submission).AddDocumentsAsync(["provider-refund-decision"], "agent-1");

        Assert.Equal(ClaimStatus.Approved, record.Status);
        Assert.DoesNotContain(await Queue.GetAllAsync(), c => c.ClaimId == record.ClaimId);
    }

    [Fact]
    public async Task ApprovedClaim_NeverEntersTheQueue()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "Q-3", Line("DO.OPTIC.LENSES", 120m)));

        Assert.DoesNotContain(await Queue.GetAllAsync(), c => c.ClaimId == record.ClaimId);
    }

    [Fact]
    public async Task Queue_IsTheDurableClaimStates_PendedClaimStaysAfterItsMemberIsDeactivatedAndLeavesWhenRefused()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "Q-4", TripCancellation());
        var pended = await Grains.SubmitAsync(submission);

        await fixture.Cluster.DeactivateAsync(Grains.Member(memberId));
        var afterDeactivation = await Queue.GetAllAsync();
        var refused = await Grains.ClaimGrain(submission).ResolveAsync(new ClaimResolution("agent-1", true, "No refund decision", null, null, null, null, null, null));

        Assert.Equal((ClaimStatus.Pended, 1L, "Documents missing: provider-refund-decision."),
            (pended.Status, Assert.Single(afterDeactivation, c => c.ClaimId == pended.ClaimId).Version, afterDeactivation.Single(c => c.ClaimId == pended.ClaimId).Need));
        Assert.Equal(ClaimStatus.Refused, refused.Status);
        Assert.DoesNotContain(await Queue.GetAllAsync(), c => c.ClaimId == pended.ClaimId);
    }

    private static Domain.Adjudication.ClaimLine TripCancellation() =>
        Line("ASSIST.TRIP.CANCEL", 900m) with { Circumstances = ["illness"], Documents = ["travel-invoices"], TripId = "T1" };
}

[Collection(MemoryCluster.Name)]
public sealed class PendedClaimsQueueOnMemoryTests(MemoryClusterFixture fixture) : PendedClaimsQueueTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PendedClaimsQueueOnPostgresTests(PostgresClusterFixture fixture) : PendedClaimsQueueTests(fixture);
