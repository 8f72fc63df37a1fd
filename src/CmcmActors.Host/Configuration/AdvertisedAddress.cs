using System.Net;
using System.Net.Sockets;

namespace CmcmActors.Host.Configuration;

/// <summary>Turns <see cref="CmcmHostOptions.AdvertisedAddress"/> into the address the silo advertises in the membership table.</summary>
public static class AdvertisedAddress
{
    private const string Key = CmcmHostOptions.Section + ":" + nameof(CmcmHostOptions.AdvertisedAddress);

    /// <summary>Loopback when unset; an IP address as given; a host name resolved to its first IPv4 address.</summary>
    /// <exception cref="InvalidOperationException">The name does not resolve to an IPv4 address, or the address is a wildcard.</exception>
    public static IPAddress Resolve(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return IPAddress.Loopback;
        }

        var address = IPAddress.TryParse(value, out var literal) ? literal : ResolveName(value.Trim());
        // Other silos would dial the wildcard itself: refuse it rather than form a cluster nobody can join.
        return address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            ? throw new InvalidOperationException($"{Key}: {value} is a wildcard; give an address other silos can reach.")
            : address;
    }

    private static IPAddress ResolveName(string name)
    {
        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(name);
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"{Key}: cannot resolve {name} ({e.SocketErrorCode}).", e);
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"{Key}: {name} has no IPv4 address.");
    }
}
