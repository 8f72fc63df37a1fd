using CmcmActors.Contracts.Claims;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Storage;

/// <summary>State survives a restart of the silo: everything is read back from PostgreSQL exactly. A cluster of its own.</summary>
[Collection(PostgresRestartCluster.Name)]
public sealed class SiloRestartTests(PostgresRestartClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task SiloRestarted_ClaimsCapsAndAuditReadBackExactly()
    {
        var history = await ClaimHistory.CreateAsync(Grains);
        var before = await history.SnapshotAsync(Grains);

        await RestartAsync();

        Assert.Equal(before, await history.SnapshotAsync(Grains));
    }

    [Fact]
    public async Task SiloRestarted_PendedClaimResolvedAndCapsContinueFromTheStoredTotals()
    {
        var history = await ClaimHistory.CreateAsync(Grains);

        await RestartAsync();
        var wig = await Grains.ClaimGrain(history.Wig).ResolveAsync(new ClaimResolution("agent-2", false, null, true, null, null, null, null, null));
        var frames = await Grains.SubmitAsync(Claim(history.FamilyId, history.MemberId, "AFTER-FRAMES", Line("DO.OPTIC.FRAMES", 50m)));
        var lenses = await Grains.SubmitAsync(Claim(history.FamilyId, history.MemberId, "AFTER-LENSES", Line("DO.OPTIC.LENSES", 150m)));

        Assert.Equal((ClaimStatus.Approved, Eur(180m)), (wig.Status, wig.TotalPaid));
        Assert.Equal((ClaimStatus.Refused, ClaimStatus.Approved, Eur(150m)), (frames.Status, lenses.Status, lenses.TotalPaid));
        Assert.Equal(Eur(1300m + 30m + 180m + 150m), (await Grains.Member(history.MemberId).GetAsync()).TotalPaid);
    }

    private async Task RestartAsync()
    {
        var silo = fixture.Cluster.Primary ?? throw new InvalidOperationException("The primary silo is down.");
        await fixture.Cluster.RestartSiloAsync(silo);
        Assert.NotSame(silo, fixture.Cluster.Primary);
    }
}
