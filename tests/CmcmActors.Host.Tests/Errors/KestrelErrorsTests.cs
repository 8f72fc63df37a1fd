using System.Net.Sockets;
using System.Text;
using CmcmActors.Host.Tests.Support;

namespace CmcmActors.Host.Tests.Errors;

/// <summary>
/// Errors Kestrel finds in a request's body surface in the application, which answers them as problems: a chunked body
/// whose chunk size is not hexadecimal is a 400 problem naming the body, not Kestrel's empty 400. (Errors in the request
/// line or headers, such as a %00 in the path, Kestrel answers itself before any application code runs: docs/api.md.)
/// </summary>
[Collection(HostCollection.Name)]
public sealed class KestrelErrorsTests(HostFixture host)
{
    [Fact]
    public async Task MalformedChunkedBody_400ProblemNamingTheBody()
    {
        var token = host.TokenFor(TestUser.FrontDesk);
        var request = $"POST /api/families HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n" +
                      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";

        var answer = await SendRawAsync(request);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/problem+json", answer, StringComparison.Ordinal);
        Assert.Contains("\"errors\":{\"body\":[", answer, StringComparison.Ordinal);
    }

    private async Task<string> SendRawAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
