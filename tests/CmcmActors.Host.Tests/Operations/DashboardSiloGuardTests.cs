using System.Net;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CmcmActors.Host.Tests.Operations;

[Collection(HostCollection.Name)]
public sealed class DashboardSiloGuardTests(HostFixture host)
{
    [Theory]
    [InlineData("HistoricalStats/x")]
    [InlineData("HistoricalStats/127.0.0.1:1@1")]
    [InlineData("SiloStats/x")]
    [InlineData("SiloCounters/x")]
    [InlineData("SiloProperties/x")]
    [InlineData("SiloMetadata/x")]
    public async Task DashboardSiloRoute_UnknownSilo_404ProblemNamingTheSiloAddress(string route)
    {
        var response = await host.CreateClient(TestUser.Admin).GetAsync("dashboard/" + route);

        var messages = await response.ProblemAsync(HttpStatusCode.NotFound, "siloAddress");
        Assert.Equal([$"No silo {route[(route.IndexOf('/') + 1)..]} in the cluster."], messages);
    }

    [Fact]
    public async Task DashboardHistoricalStats_ThisSilo_200()
    {
        var silo = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

        var response = await host.CreateClient(TestUser.Admin).GetAsync("dashboard/HistoricalStats/" + Uri.EscapeDataString(silo));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DashboardHistoricalStats_FrontDesk_403BeforeAnyCheck()
    {
        var response = await host.CreateClient(TestUser.FrontDesk).GetAsync("dashboard/HistoricalStats/x");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
