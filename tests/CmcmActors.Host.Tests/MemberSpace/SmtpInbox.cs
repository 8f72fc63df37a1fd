using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CmcmActors.Host.Tests.MemberSpace;

/// <summary>A real SMTP server in the test process (SmtpServer), on a free loopback port, keeping what arrives.</summary>
public sealed class SmtpInbox : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Store _store = new();

    public SmtpInbox()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Received => [.. _store.Messages];

    /// <summary>The first message to <paramref name="address"/>, waiting for it up to <paramref name="timeout"/> (default 20 s).</summary>
    public async Task<MimeMessage> NextToAsync(string address, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < until)
        {
            if (To(address).FirstOrDefault() is { } message)
            {
                return message;
            }

            await _store.Arrived.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"No e-mail to {address} within {timeout ?? TimeSpan.FromSeconds(20)}.");
    }

    public IEnumerable<MimeMessage> To(string address) =>
        _store.Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public SemaphoreSlim Arrived { get; } = new(0);

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            Arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}
