using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Tests.Operations;

[Collection(HostCollection.Name)]
public sealed class KestrelLimitsTests(HostFixture host)
{
    [Fact]
    public void KestrelLimits_ByDefault_AreTheDocumentedOnes()
    {
        var limits = host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal((TimeSpan.FromMinutes(2), 2000L, 10000L), (limits.KeepAliveTimeout, limits.MaxConcurrentConnections, limits.MaxConcurrentUpgradedConnections));
    }
}

[Collection(TracingHostCollection.Name)]
public sealed class KestrelLimitsConfigurationTests(TracingHostFixture fixture)
{
    [Fact]
    public void KestrelKeepAliveTimeout_SetInConfiguration_IsTheServers()
    {
        Assert.Equal(TimeSpan.FromSeconds(45), fixture.Host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.KeepAliveTimeout);
    }
}
