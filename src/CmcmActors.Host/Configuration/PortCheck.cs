using System.Net;
using System.Net.Sockets;

namespace CmcmActors.Host.Configuration;

/// <summary>
/// Before the host starts, its HTTP, silo and gateway ports must be free: a second host on the same machine would
/// otherwise fail deep inside Kestrel or Orleans with a stack trace. The answer is one line naming the port and the
/// setting to change.
/// </summary>
public static class PortCheck
{
    public sealed record Port(IPAddress Address, int Number, string Setting);

    /// <summary>The ports of this host: every HTTP address, then the silo and the gateway.</summary>
    public static IReadOnlyList<Port> PortsOf(string? urls, CmcmHostOptions options, IPAddress? advertisedAddress)
    {
        var siloAddress = advertisedAddress is null || IPAddress.IsLoopback(advertisedAddress) ? IPAddress.Loopback : IPAddress.Any;
        return
        [
            .. HostUrls.Endpoints(urls).Select(e => new Port(e.Address, e.Port, $"the HTTP address {e.Url}: --urls, ASPNETCORE_URLS or {HostUrls.UrlsKey}")),
            new Port(siloAddress, options.SiloPort, "Cmcm:SiloPort (Cmcm__SiloPort)"),
            new Port(siloAddress, options.GatewayPort, "Cmcm:GatewayPort (Cmcm__GatewayPort)"),
        ];
    }

    /// <summary>One line for the first port already taken, or null when all are free.</summary>
    public static string? FirstTaken(IEnumerable<Port> ports)
    {
        foreach (var port in ports)
        {
            if (IsTaken(port.Address, port.Number))
            {
                return $"cmcm: port {port.Number} is already in use (another host on this machine?); change {port.Setting}.";
            }
        }

        return null;
    }

    /// <summary>
    /// Taken when something accepts a connection there. Not by trying to bind: Orleans' listeners set SO_REUSEPORT (as .NET
    /// does for ReuseAddress on Linux), so a second silo binds the same port without error and the kernel shares the
    /// connections between the two; and connections of a host that just stopped (TIME_WAIT) would fail a bind too.
    /// </summary>
    private static bool IsTaken(IPAddress address, int port)
    {
        var target = address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;
        using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            var connecting = socket.ConnectAsync(new IPEndPoint(target, port));
            return connecting.Wait(TimeSpan.FromSeconds(1)) && socket.Connected;
        }
        catch (AggregateException e) when (e.InnerException is SocketException)
        {
            return false;
        }
    }
}
