using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Grains.Tests.Claims;

[Collection(MemoryCluster.Name)]
public sealed class ClaimLifecycleTests(MemoryClusterFixture fixture)
{
    [Fact]
    public async Task Submit_BrochureImplants_ApprovedWith1300()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(fixture.Grains);
        var record = await fixture.Grains.SubmitAsync(Claim(familyId, memberId, "INV-1", Line("RC.DENTAL.FLAT", 1900m, 0m, "implant", units: 2)));

        Assert.Equal(ClaimStatus.Approved, record.Status);
        Assert.Equal(M.FromEuros(1300m), record.TotalPaid);
        Assert.Equal(M.FromEuros(300m), record.Decision!.PaidBy(Tier.RC));
    }
}
