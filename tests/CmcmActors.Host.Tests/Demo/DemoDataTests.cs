using System.Net;
using CmcmActors.Host.Demo;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Demo;

[Collection(HostCollection.Name)]
public sealed class DemoDataTests(HostFixture host)
{
    [Fact]
    public async Task Seed_GivesAWorkingDesk_AndSeedingAgainAddsNothing()
    {
        var seeder = ActivatorUtilities.CreateInstance<DemoDataSeeder>(host.Services);
        await seeder.SeedAsync();
        var staff = host.CreateClient(TestUser.FrontDesk);

        var again = await seeder.SeedAsync();

        Assert.Empty(again);
        Assert.Equal(1300m, (await staff.GetJsonAsync("/api/claims/M-KIEFFER-PAUL/INV-IMPLANT-1"))["totalPaid"].Decimal());
        Assert.Equal(3117.08m, (await staff.GetJsonAsync("/api/claims/M-WEBER-LEA/INV-ORTHO-1"))["totalPaid"].Decimal());
        Assert.Contains((await staff.GetJsonAsync("/api/claims/pended")).AsArray(), c => c!["claimId"].Text() == "M-SCHMIT-LUC/INV-TRIP-1");
        var muller = await staff.GetJsonAsync("/api/families/F-MULLER");
        Assert.Equal(("RC+PP", 3), (muller["level"].Text(), muller["members"]!.AsArray().Count));
        Assert.All(await Task.WhenAll(DemoDataSeeder.FamilyIds.Select(id => staff.GetJsonAsync($"/api/families/{id}/claims"))), claims => Assert.NotEmpty(claims.AsArray()));
    }

    [Fact]
    public void Switch_DemoBecomesTheConfigurationKey()
    {
        Assert.Equal(["--urls", "http://127.0.0.1:5080", "--Cmcm:DemoData=true"], DemoData.TranslateSwitch(["--urls", "http://127.0.0.1:5080", "--demo"]));
    }
}
