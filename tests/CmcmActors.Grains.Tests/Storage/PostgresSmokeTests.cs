using CmcmActors.Contracts.Claims;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Grains.Tests.Storage;

[Collection(PostgresCluster.Name)]
public sealed class PostgresSmokeTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task Submit_OnPostgres_ApprovedAndReadBackAfterRestart()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(fixture.Grains);
        var record = await fixture.Grains.SubmitAsync(Claim(familyId, memberId, "INV-PG-1", Line("RC.DENTAL.FLAT", 1900m, 0m, "implant", units: 2)));
        Assert.Equal(M.FromEuros(1300m), record.TotalPaid);
    }
}
