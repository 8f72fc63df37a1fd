using System.Globalization;
using System.Net;

namespace CmcmActors.Host.Configuration;

/// <summary>
/// The HTTP addresses of the host. ASP.NET Core's own settings win (<c>--urls</c>, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS,
/// Kestrel:Endpoints); without them <see cref="CmcmHostOptions.Urls"/> applies. The launch profile sets no address, so
/// that ASPNETCORE_URLS is honoured under <c>dotnet run</c> too.
/// </summary>
public static class HostUrls
{
    public const string UrlsKey = CmcmHostOptions.Section + ":" + nameof(CmcmHostOptions.Urls);

    /// <summary>The addresses ASP.NET Core is told nothing about by its own settings, to be applied with UseUrls; or null.</summary>
    public static string? DefaultToApply(IConfiguration configuration, CmcmHostOptions options)
    {
        var told = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        return told ? null : options.Urls;
    }

    /// <summary>The <c>urls</c> the server will use: the default applied, else ASP.NET Core's own (ports as http://*:port).</summary>
    public static string? Effective(IConfiguration configuration, string? defaultApplied) =>
        defaultApplied ?? (string.IsNullOrWhiteSpace(configuration["urls"])
            ? configuration["http_ports"] is { Length: > 0 } ports ? string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p.Trim()}")) : null
            : configuration["urls"]);

    /// <summary>The addresses the HTTP server will bind for a <c>urls</c> value (localhost: loopback; *, + or a name: any).</summary>
    public static IEnumerable<(IPAddress Address, int Port, string Url)> Endpoints(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "http://+:8080" and "http://*:8080" are not valid URIs for System.Uri: read the host and port by hand.
            var rest = url[(url.IndexOf("://", StringComparison.Ordinal) is var i and >= 0 ? i + 3 : 0)..];
            var hostAndPort = rest.Split('/')[0];
            var colon = hostAndPort.LastIndexOf(':');
            var host = colon > 0 && !hostAndPort.EndsWith(']') ? hostAndPort[..colon] : hostAndPort;
            var portText = colon > 0 && !hostAndPort.EndsWith(']') ? hostAndPort[(colon + 1)..] : null;
            var port = portText is null
                ? (url.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 443 : 80)
                : int.Parse(portText, CultureInfo.InvariantCulture);
            if (port == 0)
            {
                continue;
            }

            var address = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                : IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? literal
                : IPAddress.Any;
            yield return (address, port, url);
        }
    }
}
