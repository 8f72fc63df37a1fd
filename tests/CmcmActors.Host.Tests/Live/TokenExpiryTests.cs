using System.Net;
using CmcmActors.Host.Live;
using CmcmActors.Host.Tests.Support;
using Xunit.Abstractions;
using Microsoft.AspNetCore.SignalR.Client;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Live;

/// <summary>
/// A live connection lives no longer than the token it was opened with: the server closes it when the token expires,
/// whether the token came in the Authorization header (the .NET client) or in the access_token query string (browsers).
/// Before, a connection kept receiving pushes and joining groups long after the API refused the same token.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TokenExpiryTests(HostFixture host, ITestOutputHelper output)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(4);

    /// <summary>Far more than the server needs (it checks every second); the old host never closed the connection.</summary>
    private static readonly TimeSpan CloseWithin = TimeSpan.FromSeconds(20);

    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task A_connection_is_closed_by_the_server_when_its_header_token_expires_and_hears_nothing_after()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var expires = Expiry();
        await using var page = await LiveClient.ConnectAsync(host, TestUser.Member(familyId, memberId), Lifetime);
        await page.JoinMemberAsync(familyId, memberId);
        var before = NewId("INV");
        await SubmitAsync(familyId, memberId, before);
        var (heard, _) = await page.NextMatchingAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged, m => m.Version == 1);
        Assert.Equal($"{memberId}/{before}", heard.ClaimId);

        var closedAt = await page.Closed.WaitAsync(CloseWithin);
        output.WriteLine($"closed {(closedAt - expires).TotalSeconds:0.00} s after the token's expiry");
        Assert.True(closedAt >= expires.AddSeconds(-1), $"closed at {closedAt:O}, before the token expired at {expires:O}");
        Assert.Equal(HubConnectionState.Disconnected, page.Connection.State);

        var beforeClose = page.Pending();
        Assert.All(beforeClose, e => Assert.True(e.Payload is not ClaimStatusMessage m || m.At <= expires.AddSeconds(1), $"pushed after the expiry: {e.Payload}"));
        await SubmitAsync(familyId, memberId, NewId("INV"));
        Assert.Equal(HubConnectionState.Disconnected, page.Connection.State);
        Assert.Empty(page.Pending());
    }

    [Fact]
    public async Task A_browser_style_connection_with_the_token_in_the_query_string_is_closed_when_it_expires()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var expires = Expiry();
        await using var page = await RawHubConnection.ConnectAsync(host.BaseAddress, host.TokenFor(TestUser.Member(familyId, memberId), Lifetime));
        await page.InvokeAsync("JoinMember", familyId, memberId);

        // A claim of the member every second, until the server ends the connection: a push after the expiry fails the test.
        using var stop = new CancellationTokenSource();
        var claims = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await SubmitAsync(familyId, memberId, NewId("INV"));
                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        var pushesBeforeExpiry = 0;
        var pushesAfterExpiry = 0;
        var deadline = DateTimeOffset.UtcNow + Lifetime + CloseWithin;
        string? message;
        do
        {
            message = await page.ReceiveAsync(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (deadline - DateTimeOffset.UtcNow).Ticks)));
            if (message is not null && RawHubConnection.IsInvocation(message, out _, out _))
            {
                _ = DateTimeOffset.UtcNow > expires.AddSeconds(1) ? pushesAfterExpiry++ : pushesBeforeExpiry++;
            }
        }
        while (message is not null && !message.Contains("\"type\":7", StringComparison.Ordinal));

        var closedAt = DateTimeOffset.UtcNow;
        await stop.CancelAsync();
        await claims;
        output.WriteLine($"closed {(closedAt - expires).TotalSeconds:0.00} s after the token's expiry");
        Assert.True(closedAt >= expires.AddSeconds(-1), $"closed at {closedAt:O}, before the token expired at {expires:O}");
        Assert.True(pushesBeforeExpiry > 0, "no push heard while the token was valid");
        Assert.Equal(0, pushesAfterExpiry);
    }

    /// <summary>When a token minted now with <see cref="Lifetime"/> expires (JWT times are whole seconds, rounded down).</summary>
    private static DateTimeOffset Expiry()
    {
        var now = DateTimeOffset.UtcNow + Lifetime;
        return DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
    }

    private async Task SubmitAsync(string familyId, string memberId, string invoice) =>
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
}
