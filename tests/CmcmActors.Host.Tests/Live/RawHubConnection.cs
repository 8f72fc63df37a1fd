using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CmcmActors.Host.Live;
using CmcmActors.Host.Tests.Support;

namespace CmcmActors.Host.Tests.Live;

/// <summary>
/// A hub connection spoken by hand over a WebSocket, as a browser opens it: the token in the <c>access_token</c> query
/// string (browsers cannot set headers on a WebSocket), the JSON hub protocol. The socket's receive buffer can be made
/// small, so that a client that stops reading holds the server up after a few kilobytes instead of megabytes.
/// </summary>
public sealed class RawHubConnection : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private readonly StringBuilder _pending = new();
    private int _invocations;

    private RawHubConnection(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    public WebSocketState State => _socket.State;

    /// <summary>Negotiates, opens the WebSocket and completes the handshake.</summary>
    /// <param name="receiveBuffer">The socket's receive buffer in bytes (the kernel's default when null).</param>
    public static async Task<RawHubConnection> ConnectAsync(Uri baseAddress, string token, int? receiveBuffer = null)
    {
        var hub = new Uri(baseAddress, LiveExtensions.HubPath.TrimStart('/'));
        using var http = new HttpClient { BaseAddress = baseAddress };
        var negotiated = await http.PostAsync($"{hub}/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);
        negotiated.EnsureSuccessStatusCode();
        var connectionToken = JsonNode.Parse(await negotiated.Content.ReadAsStringAsync())!["connectionToken"]!.GetValue<string>();

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (receiveBuffer is { } size)
                {
                    socket.ReceiveBufferSize = size;
                }

                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var ws = new ClientWebSocket();
        var address = new UriBuilder(hub) { Scheme = "ws", Query = $"id={Uri.EscapeDataString(connectionToken)}&access_token={Uri.EscapeDataString(token)}" }.Uri;
        await ws.ConnectAsync(address, invoker, CancellationToken.None);
        var connection = new RawHubConnection(ws, invoker);
        await connection.SendAsync("""{"protocol":"json","version":1}""");
        var handshake = await connection.ReceiveAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("{}", handshake);
        return connection;
    }

    /// <summary>Calls a hub method and waits for its completion; throws with the server's error when it refuses.</summary>
    public async Task InvokeAsync(string target, params string[] arguments)
    {
        var id = (++_invocations).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        while (true)
        {
            var message = JsonNode.Parse((await ReceiveAsync(TimeSpan.FromSeconds(10)))!)!;
            if (message["type"]!.GetValue<int>() == 3 && message["invocationId"]?.GetValue<string>() == id)
            {
                if (message["error"] is { } error)
                {
                    throw new InvalidOperationException(error.GetValue<string>());
                }

                return;
            }
        }
    }

    /// <summary>
    /// The next hub message as JSON text; null when the server closed the connection (a close frame, or the socket
    /// ended). Throws <see cref="TimeoutException"/> when nothing comes within <paramref name="patience"/>.
    /// </summary>
    public async Task<string?> ReceiveAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }

            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No hub message within {patience.TotalSeconds} s.");
            }
            catch (WebSocketException)
            {
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        _invoker.Dispose();
        await Task.CompletedTask;
    }

    private Task SendAsync(string message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The hub's invocation messages (type 1) with their target, skipping pings and other kinds.</summary>
    public static bool IsInvocation(string message, out string target, out JsonNode argument)
    {
        var node = JsonNode.Parse(message)!;
        if (node["type"]!.GetValue<int>() == 1)
        {
            target = node["target"]!.GetValue<string>();
            argument = node["arguments"]![0]!;
            return true;
        }

        (target, argument) = ("", null!);
        return false;
    }
}
