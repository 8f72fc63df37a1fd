using System.Collections.Immutable;
using System.Net;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Host.Live;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Live;

/// <summary>
/// Pushes lost where no later number reveals them (the last push of a member, queued in a silo that dies) are announced
/// by whoever knows of the loss: every page then hears <c>resync</c> and re-reads. Here: another silo declared dead, and
/// this host's own queue overflowing. (The registry's overflow and failed deliveries: NotificationRegistryTests.)
/// </summary>
public sealed class PushesLostTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewlyDead_IsEverySiloKnownAliveBeforeAndDeadNow_ButNeverThisOne()
    {
        var (self, other, stopping, gone, earlierRun, joined) = (Silo(11111), Silo(22222), Silo(22223), Silo(33333), Silo(44444), Silo(55555));
        var before = Snapshot(1, (self, SiloStatus.Active), (other, SiloStatus.Active), (stopping, SiloStatus.ShuttingDown), (gone, SiloStatus.Dead));
        var after = Snapshot(2, (self, SiloStatus.Dead), (other, SiloStatus.Dead), (stopping, SiloStatus.Dead), (gone, SiloStatus.Dead),
            (earlierRun, SiloStatus.Dead), (joined, SiloStatus.Joining));

        Assert.Equal([other, stopping], SiloLossWatcher.NewlyDead(before, after, self).OrderBy(s => s.Endpoint.Port));
        Assert.Empty(SiloLossWatcher.NewlyDead(after, after, self));
    }

    [Fact]
    public async Task QueueOverflowed_PagesHearResyncBeforeThePushesThatFollowTheDrop()
    {
        var hub = new RecordingHub();
        await using var observer = new HubNotificationObserver(hub, TimeProvider.System, NullLogger<HubNotificationObserver>.Instance, queueCapacity: 2);

        // The first push holds the sending loop (SignalR stuck in a synchronous part), so the next three queue up in a
        // queue of two: the oldest of them is dropped.
        await observer.OnEventsAsync([Changed("1")]);
        Assert.True(hub.Entered.Wait(TimeSpan.FromSeconds(10)), "The sending loop never took the first push.");
        await observer.OnEventsAsync([Changed("2"), Changed("3"), Changed("4")]);
        hub.Release.Set();

        var sent = await hub.SentAsync(count: 4);
        Assert.Equal(
            ["familyChanged 1", "resync this host could not send its pushes as fast as they came", "familyChanged 3", "familyChanged 4"],
            sent);
    }

    [Fact]
    public async Task AnotherSiloDeclaredDead_PagesOfTheSurvivingHostHearResync_NamingIt()
    {
        var hosts = new TwoHostsFixture();
        await hosts.InitializeAsync();
        var bStopped = false;
        try
        {
            var staff = hosts.A.CreateClient(TestUser.FrontDesk);
            var (familyId, memberId) = await staff.EnrolledFamilyAsync();
            await using var page = await LiveClient.ConnectAsync(hosts.A, TestUser.Member(familyId, memberId));
            await page.JoinMemberAsync(familyId, memberId);
            var b = hosts.B.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

            await hosts.B.DisposeAsync();
            bStopped = true;

            var (resync, skipped) = await page.NextMatchingAsync<ResyncMessage>(LiveEvents.Resync, _ => true);
            Assert.Equal($"host {b} left the cluster", resync.Reason);
            Assert.Empty(skipped);

            // Nothing else changes for the page: a claim decided on the surviving host is still pushed.
            var invoice = NewId("INV");
            await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
                .JsonAsync(HttpStatusCode.Created);
            var (decided, _) = await page.NextMatchingAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged, m => m.Status == "approved");
            Assert.Equal($"{memberId}/{invoice}", decided.ClaimId);
        }
        finally
        {
            if (!bStopped)
            {
                await hosts.B.DisposeAsync();
            }

            await hosts.A.DisposeAsync();
        }
    }

    private static FamilyChanged Changed(string change) => new("F-1", At, change);

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    private static ClusterMembershipSnapshot Snapshot(long version, params (SiloAddress Silo, SiloStatus Status)[] members) =>
        new(members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, m.Silo.ToString())), new MembershipVersion(version));

    /// <summary>A hub context that records what is sent (event and the change or reason); its first send blocks until released.</summary>
    private sealed class RecordingHub : IHubContext<CmcmHub>, IClientProxy
    {
        private readonly List<string> _sent = [];
        private int _sends;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public IHubClients Clients => new Everyone(this);

        public IGroupManager Groups => throw new NotSupportedException();

        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _sends) == 1)
            {
                Entered.Set();
                Release.Wait(TimeSpan.FromSeconds(30), cancellationToken);
            }

            var what = args[0] switch
            {
                FamilyChangedMessage m => m.Change,
                ResyncMessage m => m.Reason,
                var other => other?.ToString(),
            };
            lock (_sent)
            {
                _sent.Add($"{method} {what}");
            }

            return Task.CompletedTask;
        }

        public async Task<string[]> SentAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                lock (_sent)
                {
                    if (_sent.Count >= count)
                    {
                        return [.. _sent];
                    }
                }

                await Task.Delay(20);
            }

            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Every audience is the same recorder.</summary>
    private sealed class Everyone(IClientProxy proxy) : IHubClients
    {
        public IClientProxy All => proxy;

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => proxy;

        public IClientProxy Client(string connectionId) => proxy;

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => proxy;

        public IClientProxy Group(string groupName) => proxy;

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => proxy;

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => proxy;

        public IClientProxy User(string userId) => proxy;

        public IClientProxy Users(IReadOnlyList<string> userIds) => proxy;
    }
}
