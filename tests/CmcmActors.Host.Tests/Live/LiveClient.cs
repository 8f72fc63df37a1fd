using System.Threading.Channels;
using CmcmActors.Host.Live;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace CmcmActors.Host.Tests.Live;

/// <summary>
/// A .NET SignalR client on /hubs/cmcm as a page would hold it: a user's token in the query string, and every event it
/// receives kept in arrival order for the test to read.
/// </summary>
public sealed class LiveClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly Channel<LiveEvent> _events = Channel.CreateUnbounded<LiveEvent>();

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        On<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged);
        On<CapsChangedMessage>(LiveEvents.CapsChanged);
        On<FamilyChangedMessage>(LiveEvents.FamilyChanged);
        On<CoverStartsMessage>(LiveEvents.CoverStarts);
        On<CapsResetMessage>(LiveEvents.CapsReset);
        On<ResyncMessage>(LiveEvents.Resync);
        connection.Closed += _ =>
        {
            _closed.TrySetResult(DateTimeOffset.UtcNow);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>Set when the connection closed (by the server, or by <see cref="HubConnection.StopAsync"/>), with the time it did.</summary>
    public Task<DateTimeOffset> Closed => _closed.Task;

    private readonly TaskCompletionSource<DateTimeOffset> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="tokenLifetime">How long the user's token is valid (the host's usual lifetime when null).</param>
    public static async Task<LiveClient> ConnectAsync(HostFixture host, TestUser user, TimeSpan? tokenLifetime = null)
    {
        var token = host.TokenFor(user, tokenLifetime);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, LiveExtensions.HubPath.TrimStart('/')), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new LiveClient(connection);
        await connection.StartAsync();
        return client;
    }

    public Task JoinFrontDeskAsync() => Connection.InvokeAsync("JoinFrontDesk");

    public Task JoinFamilyAsync(string familyId) => Connection.InvokeAsync("JoinFamily", familyId);

    public Task JoinMemberAsync(string familyId, string memberId) => Connection.InvokeAsync("JoinMember", familyId, memberId);

    public Task JoinClaimAsync(string memberId, string invoiceReference) => Connection.InvokeAsync("JoinClaim", memberId, invoiceReference);

    /// <summary>The next event received, whatever it is.</summary>
    public async Task<LiveEvent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No live event within {Patience.TotalSeconds} s.");
        }
    }

    /// <summary>The next event, which must be <paramref name="name"/> with a <typeparamref name="T"/> payload.</summary>
    public async Task<T> NextAsync<T>(string name)
    {
        var next = await NextAsync();
        Assert.True(next.Name == name, $"Expected {name}, received {next.Name}: {next.Payload}");
        return Assert.IsType<T>(next.Payload);
    }

    /// <summary>Skips events until one of <paramref name="name"/> matches; the ones skipped are returned too.</summary>
    public async Task<(T Match, IReadOnlyList<LiveEvent> Skipped)> NextMatchingAsync<T>(string name, Func<T, bool> match)
    {
        var skipped = new List<LiveEvent>();
        while (true)
        {
            var next = await NextAsync();
            if (next.Name == name && next.Payload is T payload && match(payload))
            {
                return (payload, skipped);
            }

            skipped.Add(next);
        }
    }

    /// <summary>Events already received and not read yet.</summary>
    public IReadOnlyList<LiveEvent> Pending()
    {
        var pending = new List<LiveEvent>();
        while (_events.Reader.TryRead(out var next))
        {
            pending.Add(next);
        }

        return pending;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private void On<T>(string name) => Connection.On<T>(name, payload => _events.Writer.TryWrite(new LiveEvent(name, payload!)));
}

public sealed record LiveEvent(string Name, object Payload);
