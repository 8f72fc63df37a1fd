using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
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

    /// <summary>
    /// This host waits 2 s for request headers and keeps idle connections 45 s: a socket that never sends a byte is closed
    /// at the first, not the second (Kestrel alone would wait the keep-alive timeout before a connection's first request).
    /// </summary>
    [Fact]
    public async Task Connection_SendingNothing_ClosedAtTheRequestHeadersTimeout()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Host.BaseAddress.Port);
        var open = Stopwatch.StartNew();

        var closed = await ClosedByTheServerAsync(tcp, TimeSpan.FromSeconds(30));

        Assert.True(closed, "still open after 30 s");
        Assert.InRange(open.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Connection_SendingItsRequestWithinTheTimeout_Answered()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Host.BaseAddress.Port);
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        var stream = tcp.GetStream();

        await stream.WriteAsync("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.StartsWith("HTTP/1.1 200 OK", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    private static async Task<bool> ClosedByTheServerAsync(TcpClient tcp, TimeSpan within)
    {
        try
        {
            return await tcp.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(within) == 0;
        }
        catch (IOException)
        {
            return true; // reset by the server
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
