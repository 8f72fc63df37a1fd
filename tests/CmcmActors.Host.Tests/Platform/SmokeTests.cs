using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Platform;

[Collection(HostCollection.Name)]
public sealed class SmokeTests(HostFixture host)
{
    [Fact]
    public async Task Implants_ThroughTheApi_Pays1300()
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();

        var claim = await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-1", Implants()))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(1300m, claim["totalPaid"].Decimal());
    }
}
