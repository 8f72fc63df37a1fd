using CmcmActors.Contracts;
using CmcmActors.Grains.Journal;
using CmcmActors.Grains.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CmcmActors.Grains.Tests.Journal;

/// <summary>
/// The PostgreSQL journal's bound (Cmcm:Journal:MaxPendingAppends) with its one writer stopped: another transaction holds
/// the row lock of a member the writer is updating, so nothing commits until the test lets it go. Each test has a service
/// id of its own, so the lock stops no other test.
/// </summary>
public sealed class JournalBackPressureTests
{
    private static string Connection => CmcmClusterFixture.PostgresConnectionString;

    [Fact]
    public async Task FullJournal_RefusesTheNextAppendAtOnce_WritesNothingOfIt_AndTakesAppendsAgainOnceTheWriterCommits()
    {
        var serviceId = NewServiceId();
        await using var journal = Journal(serviceId, maxPending: 3, retryAfterSeconds: 7);
        await journal.AppendAsync(Head("M-BLOCKED", 0));
        await using var rowLock = await RowLock.TakeAsync(serviceId, "M-BLOCKED");

        var blocked = journal.AppendAsync(Head("M-BLOCKED", 1));
        var waiting = new[] { journal.AppendAsync(Head("M-1", 0)), journal.AppendAsync(Head("M-2", 0)) };
        var refused = await Assert.ThrowsAsync<JournalOverloadedException>(() => journal.AppendAsync(Head("M-3", 0)));

        Assert.Equal(7, refused.RetryAfterSeconds);
        Assert.Contains("Cmcm:Journal:MaxPendingAppends", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, journal.PendingAppends);
        Assert.False(blocked.IsCompleted || waiting.Any(t => t.IsCompleted));
        Assert.Null(await journal.LoadAsync("M-3"));

        await rowLock.ReleaseAsync();
        await blocked;
        await Task.WhenAll(waiting);
        Assert.Equal(0, journal.PendingAppends);
        await journal.AppendAsync(Head("M-3", 0));
        await Task.WhenAll(journal.AppendAsync(Head("M-4", 0)), journal.AppendAsync(Head("M-5", 0)), journal.AppendAsync(Head("M-6", 0)));

        Assert.Equal((8L, 8L, 1L), journal.Counters);
        Assert.Equal(2, (await journal.LoadAsync("M-BLOCKED"))!.Head.Version);
        foreach (var member in new[] { "M-1", "M-2", "M-3", "M-4", "M-5", "M-6" })
        {
            Assert.Equal(1, (await journal.LoadAsync(member))!.Head.Version);
        }
    }

    [Fact]
    public async Task TwentyAppendsAtOnce_IntoAJournalWithRoomForFour_FourTaken_SixteenRefused_TheFourCommitted()
    {
        var serviceId = NewServiceId();
        await using var journal = Journal(serviceId, maxPending: 5, retryAfterSeconds: 1);
        await journal.AppendAsync(Head("M-BLOCKED", 0));
        await using var rowLock = await RowLock.TakeAsync(serviceId, "M-BLOCKED");
        var blocked = journal.AppendAsync(Head("M-BLOCKED", 1));

        var members = Enumerable.Range(0, 20).Select(i => $"M-{i:D2}").ToArray();
        var appends = await Task.WhenAll(members.Select(m => Task.Run(() => (Member: m, Task: journal.AppendAsync(Head(m, 0))))));
        var refused = appends.Where(a => a.Task.IsFaulted).ToArray();

        Assert.Equal(16, refused.Length);
        Assert.All(refused, a => Assert.IsType<JournalOverloadedException>(a.Task.Exception!.InnerException));
        Assert.Equal(5, journal.PendingAppends);
        await rowLock.ReleaseAsync();
        await blocked;
        var taken = appends.Except(refused).ToArray();
        await Task.WhenAll(taken.Select(a => a.Task));

        Assert.Equal(4, taken.Length);
        Assert.Equal((6L, 6L, 16L), journal.Counters);
        foreach (var (member, _) in taken)
        {
            Assert.Equal(1, (await journal.LoadAsync(member))!.Head.Version);
        }

        foreach (var (member, _) in refused)
        {
            Assert.Null(await journal.LoadAsync(member));
        }
    }

    /// <summary>One writer, one append per transaction: the order of commits, and so every count, is fixed.</summary>
    private static PostgresMemberJournal Journal(string serviceId, int maxPending, int retryAfterSeconds) =>
        new(Connection, serviceId, new MemberJournalOptions { Writers = 1, MaxAppendsPerBatch = 1, MaxPendingAppends = maxPending, OverloadRetryAfterSeconds = retryAfterSeconds },
            NullLogger<PostgresMemberJournal>.Instance);

    private static string NewServiceId() => "journal-bp-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A head-only append moving the member from <paramref name="version"/> to the next.</summary>
    private static MemberAppend Head(string memberId, long version) =>
        new(memberId, version, MemberHead.New with { Version = version + 1 }, [], []);

    /// <summary>
    /// Another transaction's lock on a member's head row: the writer's UPDATE of that row waits for it. Disposed before
    /// the journal (declared after it), so a failing test still lets the writer finish.
    /// </summary>
    private sealed class RowLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        private bool _released;

        public static async Task<RowLock> TakeAsync(string serviceId, string memberId)
        {
            var connection = new NpgsqlConnection(Connection);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand("SELECT version FROM cmcm_member WHERE service_id = $1 AND member_id = $2 FOR UPDATE", connection, transaction)
            {
                Parameters = { new() { Value = serviceId }, new() { Value = memberId } },
            };
            Assert.Equal(1L, await command.ExecuteScalarAsync());
            return new RowLock(connection, transaction);
        }

        public async Task ReleaseAsync()
        {
            if (_released)
            {
                return;
            }

            _released = true;
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }

        public async ValueTask DisposeAsync() => await ReleaseAsync();
    }
}
