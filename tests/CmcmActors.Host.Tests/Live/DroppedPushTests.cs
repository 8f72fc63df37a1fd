using System.Net;
using System.Text.Json;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Grains.Notifications;
using CmcmActors.Host.Live;
using CmcmActors.Host.Tests.Browser;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Live;

/// <summary>
/// A push lost on its way (as when a host dies with pushes still queued) is noticed: the member's stream skips a number,
/// and the read the page made before says where the stream stood, so even the very next push lost is seen. The host's
/// publisher here drops every push of a claim whose invoice reference starts with "LOST-".
/// </summary>
[Collection(DroppingHostCollection.Name)]
public sealed class DroppedPushTests(DroppingHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private HostFixture Host => fixture.Host;

    [Fact]
    public async Task A_page_that_read_the_claims_then_lost_the_next_pushes_sees_the_sequence_skip_them()
    {
        var staff = Host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        var memberUser = TestUser.Member(familyId, memberId);
        await using var page = await LiveClient.ConnectAsync(Host, memberUser);
        await page.JoinMemberAsync(familyId, memberId);
        var first = NewId("INV");
        await SubmitAsync(staff, familyId, memberId, first);
        var (decided, _) = await page.NextMatchingAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged, m => m.Version == 1);
        var read = await Host.CreateClient(memberUser).GetAsync($"/api/families/{familyId}/members/{memberId}/claims");
        Assert.Equal([$"member:{memberId}=4"], read.Headers.GetValues(LiveSequences.Header));
        Assert.Equal(($"member:{memberId}", 4L), (decided.Stream, decided.Sequence));

        var lost = NewId("LOST");
        await SubmitAsync(staff, familyId, memberId, lost);
        var next = NewId("INV");
        await SubmitAsync(staff, familyId, memberId, next);

        // The first claim's pushes were 1 to 4 (received, adjudicating, caps, approved); the lost claim's 5 to 8 never
        // come, so the next push heard is the next claim's first, numbered 9.
        var heard = await page.NextAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged);
        Assert.Equal(($"{memberId}/{next}", "received", 9L), (heard.ClaimId, heard.Status, heard.Sequence));
        Assert.DoesNotContain(page.Pending(), e => e.Payload is ClaimStatusMessage m && m.ClaimId.EndsWith(lost, StringComparison.Ordinal));

        // Re-reading repairs it: the lost claim is there, and the stream's position covers every push sent.
        var reread = await Host.CreateClient(memberUser).GetAsync($"/api/families/{familyId}/members/{memberId}/claims");
        var claims = JsonDocument.Parse(await reread.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(c => c.GetProperty("claimId").GetString());
        Assert.Equal([$"{memberId}/{first}", $"{memberId}/{lost}", $"{memberId}/{next}"], claims);
        Assert.Equal([$"member:{memberId}=12"], reread.Headers.GetValues(LiveSequences.Header));
    }

    [Fact]
    public async Task The_pages_live_connection_calls_its_reread_when_a_push_of_a_followed_stream_is_lost()
    {
        var staff = Host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        var memberUser = TestUser.Member(familyId, memberId);
        var read = await Host.CreateClient(memberUser).GetAsync($"/api/families/{familyId}/members/{memberId}/claims");
        var header = read.Headers.GetValues(LiveSequences.Header).Single();

        // live.js as a page uses it, with a re-read that only counts, and the read's header as its starting point.
        var page = await PageWithSignalRAsync();
        await page.EvaluateAsync(
            """
            async ({ token, familyId, memberId, header }) => {
                const { connectLive } = await import('/js/live.js');
                window.rereads = 0;
                window.gaps = [];
                window.live = connectLive({
                    token: () => token,
                    handlers: {},
                    join: (connection) => connection.invoke('JoinMember', familyId, memberId),
                    resync: async () => { window.rereads++; },
                    status: (state) => { window.liveState = state; },
                    follows: (stream) => stream.startsWith('member:'),
                    onGap: (gap) => { window.gaps.push(gap); window.rereads++; },
                });
                await new Promise((resolve) => { const wait = () => window.rereads > 0 ? resolve() : setTimeout(wait, 20); wait(); });
                window.live.expect(header);
            }
            """,
            new { token = Host.TokenFor(memberUser), familyId, memberId, header });

        await SubmitAsync(staff, familyId, memberId, NewId("LOST"));
        await SubmitAsync(staff, familyId, memberId, NewId("INV"));

        await page.WaitForFunctionAsync("() => window.gaps.length > 0");
        var gaps = await page.EvaluateAsync<string>("() => JSON.stringify(window.gaps)");
        Assert.Equal($$"""[{"stream":"member:{{memberId}}","expected":1,"received":5}]""", gaps);
        Assert.Equal(2, await page.EvaluateAsync<int>("() => window.rereads"));
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task The_pages_live_connection_rereads_when_the_host_says_pushes_may_have_been_lost()
    {
        var staff = Host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        var memberUser = TestUser.Member(familyId, memberId);
        var page = await PageWithSignalRAsync();
        await page.EvaluateAsync(
            """
            async ({ token, familyId, memberId }) => {
                const { connectLive } = await import('/js/live.js');
                window.rereads = 0;
                window.live = connectLive({
                    token: () => token,
                    handlers: {},
                    join: (connection) => connection.invoke('JoinMember', familyId, memberId),
                    resync: async () => { window.rereads++; },
                    status: (state) => { window.liveState = state; },
                    resyncSpreadMs: 0,
                });
                await new Promise((resolve) => { const wait = () => window.rereads > 0 ? resolve() : setTimeout(wait, 20); wait(); });
            }
            """,
            new { token = Host.TokenFor(memberUser), familyId, memberId });

        Host.Services.GetRequiredService<HubNotificationObserver>().PushesMayBeLost("a test says so");

        await page.WaitForFunctionAsync("() => window.rereads >= 2");
        Assert.Equal(2, await page.EvaluateAsync<int>("() => window.rereads"));
        Assert.Equal("live", await page.EvaluateAsync<string>("() => window.liveState"));
        Assert.Empty(browser.PageErrors);
    }

    /// <summary>A page of the host with nothing of its own but the SignalR client, for live.js to be imported into.</summary>
    private async Task<IPage> PageWithSignalRAsync()
    {
        var page = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync("/health/live");
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = "/lib/signalr/signalr.min.js" });
        return page;
    }

    private static async Task SubmitAsync(HttpClient staff, string familyId, string memberId, string invoice) =>
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
}

/// <summary>A host whose grains' pushes of the claims with an invoice reference starting "LOST-" never leave the silo.</summary>
public sealed class DroppingHostFixture : IAsyncLifetime
{
    public HostFixture Host { get; } = HostFixture.With(builder => builder.ConfigureTestServices(services =>
    {
        services.AddSingleton<RelayNotificationPublisher>();
        services.AddSingleton<INotificationPublisher>(sp => new DroppingPublisher(sp.GetRequiredService<RelayNotificationPublisher>()));
    }));

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();

    private sealed class DroppingPublisher(INotificationPublisher inner) : INotificationPublisher
    {
        public ValueTask PublishAsync(CmcmEvent notification) => notification switch
        {
            ClaimStatusChanged e when e.ClaimId.Contains("/LOST-", StringComparison.Ordinal) => ValueTask.CompletedTask,
            MemberCapsChanged e when e.ClaimId.Contains("/LOST-", StringComparison.Ordinal) => ValueTask.CompletedTask,
            _ => inner.PublishAsync(notification),
        };
    }
}

[CollectionDefinition(Name)]
public sealed class DroppingHostCollection : ICollectionFixture<DroppingHostFixture>
{
    public const string Name = "host that drops some pushes";
}
