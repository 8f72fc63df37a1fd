using CmcmActors.Contracts.Claims;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Storage;

/// <summary>State survives deactivation: what a new activation reads is exactly what the last one wrote; on both storages.</summary>
public abstract class DeactivationTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task ForcedActivationCollection_ClaimsCapsAndAuditReadBackExactly()
    {
        var history = await ClaimHistory.CreateAsync(Grains);
        var before = await history.SnapshotAsync(Grains);

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.False(fixture.Cluster.TryGetGrainContext(Grains.Member(history.MemberId).GetGrainId(), out _));
        Assert.Equal(before, await history.SnapshotAsync(Grains));
    }

    [Fact]
    public async Task MemberDeactivated_NextClaimsDecidedOnTheStoredTotals()
    {
        var history = await ClaimHistory.CreateAsync(Grains);

        await fixture.Cluster.DeactivateAsync(Grains.Member(history.MemberId));
        var frames = await Grains.SubmitAsync(Claim(history.FamilyId, history.MemberId, "AFTER-FRAMES", Line("DO.OPTIC.FRAMES", 50m)));
        var lenses = await Grains.SubmitAsync(Claim(history.FamilyId, history.MemberId, "AFTER-LENSES", Line("DO.OPTIC.LENSES", 150m)));

        Assert.Equal((ClaimStatus.Refused, ClaimStatus.Approved, Eur(150m)), (frames.Status, lenses.Status, lenses.TotalPaid));
    }

    [Fact]
    public async Task MemberDeactivated_PendedClaimResolvedFromItsStoredRecord()
    {
        var history = await ClaimHistory.CreateAsync(Grains);

        await fixture.Cluster.DeactivateAsync(Grains.Member(history.MemberId));
        var wig = await Grains.ClaimGrain(history.Wig).ResolveAsync(new ClaimResolution("agent-2", false, null, true, null, null, null, null, null));

        Assert.Equal((ClaimStatus.Approved, Eur(180m), 2L), (wig.Status, wig.TotalPaid, wig.Version));
    }
}

[Collection(MemoryCluster.Name)]
public sealed class DeactivationOnMemoryTests(MemoryClusterFixture fixture) : DeactivationTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class DeactivationOnPostgresTests(PostgresClusterFixture fixture) : DeactivationTests(fixture);
