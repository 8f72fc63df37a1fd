using System.Diagnostics;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Host.Live;
using CmcmActors.Host.Metrics;
using CmcmActors.Host.Tests.Support;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Live;

/// <summary>
/// One client that stops reading must not hold up the pushes of the others. The slow client is a browser-style
/// WebSocket with a tiny receive buffer that joins the front desk and then reads nothing; the pushes go through the
/// host's own fan-out (<see cref="HubNotificationObserver"/>), a burst far larger than every buffer between the hub and
/// the slow socket. Before, the fan-out waited for the slow connection until the transport gave up on it (10 s), and
/// every other page waited with it.
/// </summary>
[Collection(SlowClientCollection.Name)]
public sealed class SlowClientTests(SlowClientHostFixture fixture, ITestOutputHelper output)
{
    private const int Pushes = 3_000;

    private HostFixture Host => fixture.Host;

    [Fact]
    public async Task A_client_that_stops_reading_does_not_delay_the_others_and_is_disconnected()
    {
        var metrics = Host.Services.GetRequiredService<CmcmMetrics>();
        await using var slow = await RawHubConnection.ConnectAsync(Host.BaseAddress, Host.TokenFor(TestUser.FrontDesk), receiveBuffer: 4096);
        await slow.InvokeAsync("JoinFrontDesk");
        await using var desk = await LiveClient.ConnectAsync(Host, TestUser.FrontDesk);
        await desk.JoinFrontDeskAsync();
        Assert.Equal(2, metrics.OpenLiveConnections);

        // ~3 MB of pushes: each names the family and carries a 1 KB change text.
        var familyId = NewId("F");
        var padding = new string('x', 1_000);
        var started = Stopwatch.StartNew();
        await Host.Services.GetRequiredService<HubNotificationObserver>().OnEventsAsync(
            [.. Enumerable.Range(1, Pushes).Select(i => new FamilyChanged(familyId, DateTimeOffset.UtcNow, $"{i} {padding}"))]);

        var received = 0;
        while (received < Pushes)
        {
            var next = await desk.NextAsync<FamilyChangedMessage>(LiveEvents.FamilyChanged);
            if (next.FamilyId == familyId)
            {
                received++;
                Assert.StartsWith($"{received} ", next.Change, StringComparison.Ordinal);
            }
        }

        var allReceived = started.Elapsed;
        var slowStillOpen = metrics.OpenLiveConnections == 2;
        output.WriteLine($"the reading client had all {Pushes} pushes after {allReceived.TotalMilliseconds:0} ms; the slow one was {(slowStillOpen ? "still open" : "already dropped")}");

        // Every push reached the reading client while the slow one was still connected: nothing waited for it.
        Assert.True(slowStillOpen, $"the reading client had its pushes only after the slow one was dropped ({allReceived.TotalMilliseconds:0} ms)");

        // And the slow one does not stay: the server drops it once a send has waited for SendTimeout.
        while (metrics.OpenLiveConnections > 1 && started.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        output.WriteLine($"the slow client was dropped {started.Elapsed.TotalMilliseconds:0} ms after the burst began");
        Assert.Equal(1, metrics.OpenLiveConnections);

        // The reading client is still served.
        await Host.Services.GetRequiredService<HubNotificationObserver>().OnEventsAsync([new FamilyChanged(familyId, DateTimeOffset.UtcNow, "after")]);
        var (after, _) = await desk.NextMatchingAsync<FamilyChangedMessage>(LiveEvents.FamilyChanged, m => m.FamilyId == familyId);
        Assert.Equal("after", after.Change);
    }
}

/// <summary>A host of its own, so that the count of its open live connections is this test's.</summary>
public sealed class SlowClientHostFixture : IAsyncLifetime
{
    public HostFixture Host { get; } = HostFixture.With(_ => { });

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SlowClientCollection : ICollectionFixture<SlowClientHostFixture>
{
    public const string Name = "host for the slow-client test";
}
