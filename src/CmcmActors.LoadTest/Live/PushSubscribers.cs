using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using CmcmActors.Contracts.Claims;
using CmcmActors.LoadTest.Measurement;
using CmcmActors.LoadTest.Targets;
using Microsoft.AspNetCore.SignalR.Client;

namespace CmcmActors.LoadTest.Live;

/// <summary>The <c>claimStatusChanged</c> payload, as far as the push latency and the gap count need it.</summary>
public sealed record ClaimStatusChanged(string ClaimId, string FamilyId, string MemberId, string Status, long Version, string? Stream, long Sequence);

/// <summary>What every numbered push carries (docs/live.md, "Push numbers and gaps"): its stream and its number in it.</summary>
public sealed record SequencedPush(string? Stream, long Sequence);

/// <summary>
/// K SignalR connections to /hubs/cmcm, each following the front desk or a share of the seeded families' members. The
/// push latency of a claim is the time from its HTTP answer (the decision) to a subscriber receiving the
/// <c>claimStatusChanged</c> event with that status; a push that comes first counts as 0 (and is counted).
/// <para>
/// Like a page behind a load balancer, a subscriber whose host goes away connects to the next host, joins its groups
/// again and catches up by reading, through the API, the status of every decided claim it follows and has not been
/// pushed: those count as caught up, not as pushed.
/// </para>
/// <para>
/// Like a page, a subscriber that hears <c>resync</c> (the host says pushes may have been lost: a silo died, a queue
/// overflowed) reads again, in the same way, every claim it follows that was sent and not pushed yet; a claim read with
/// its decision then counts as caught up.
/// </para>
/// <para>
/// Like a page, each subscriber watches the numbers of the pushes of every stream it hears (a member's, a family's) and
/// flags a gap when a number skips (<see cref="PushGaps"/>). A push missed (neither heard nor caught up) is
/// <em>noticed</em> when the subscriber flagged a gap in that member's stream after the claim was first sent (a page
/// would have re-read), and <em>unnoticed</em> otherwise: the target is none unnoticed.
/// </para>
/// </summary>
public sealed class PushSubscribers : IAsyncDisposable
{
    /// <summary>How long a subscriber keeps trying the hosts after its connection closed.</summary>
    public static readonly TimeSpan ReconnectFor = TimeSpan.FromSeconds(90);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly IReadOnlyList<Uri> _urls;
    private readonly string _token;
    private readonly bool _frontDesk;
    private readonly IReadOnlyList<SeededFamily> _families;
    private readonly Func<string, ClaimSubmission?> _submissionOf;
    private readonly Func<ClaimSubmission, CancellationToken, Task<string>> _readStatus;
    private readonly Subscriber[] _subscribers;
    private readonly Dictionary<string, int> _familyIndexOfMember;
    private readonly ConcurrentDictionary<string, (string Status, long At, long SentAt)> _decided = new();
    private readonly ConcurrentDictionary<string, ClaimSubmission> _sent = new();
    private readonly CancellationTokenSource _stopping = new();

    private PushSubscribers(IReadOnlyList<Uri> urls, string token, int count, bool frontDesk, IReadOnlyList<SeededFamily> families,
        Func<string, ClaimSubmission?> submissionOf, Func<ClaimSubmission, CancellationToken, Task<string>> readStatus)
    {
        _urls = urls;
        _token = token;
        _frontDesk = frontDesk;
        _families = families;
        _submissionOf = submissionOf;
        _readStatus = readStatus;
        _subscribers = [.. Enumerable.Range(0, count).Select(k => new Subscriber(k, k % urls.Count))];
        _familyIndexOfMember = families.SelectMany((f, i) => f.MemberIds.Select(m => (m, i))).ToDictionary(x => x.m, x => x.i);
    }

    /// <summary>Opens <paramref name="count"/> connections spread over the hosts and joins their groups.</summary>
    /// <param name="submissionOf">The accepted submission of a claim id (null when unknown), for catching up.</param>
    /// <param name="readStatus">Reads a claim's status through the API, for catching up after a reconnect.</param>
    public static async Task<PushSubscribers> StartAsync(IReadOnlyList<Uri> urls, string token, int count, bool frontDesk, IReadOnlyList<SeededFamily> families,
        Func<string, ClaimSubmission?> submissionOf, Func<ClaimSubmission, CancellationToken, Task<string>> readStatus, CancellationToken cancellationToken)
    {
        var subscribers = new PushSubscribers(urls, token, count, frontDesk, families, submissionOf, readStatus);
        foreach (var subscriber in subscribers._subscribers)
        {
            await subscribers.ConnectAsync(subscriber, cancellationToken);
        }

        return subscribers;
    }

    public int Count => _subscribers.Length;

    /// <summary>Records a claim about to be sent, so that a catch-up also reads claims not answered yet.</summary>
    public void Sending(ClaimSubmission submission) => _sent.TryAdd(submission.ClaimId, submission);

    /// <summary>Records a decision as the HTTP answer brought it (the first answer of each claim counts).</summary>
    public void Decided(SubmitOutcome outcome, long timestamp, long sentAt) =>
        _decided.TryAdd(outcome.ClaimId, (JsonNamingPolicy.CamelCase.ConvertName(outcome.Status.ToString()), timestamp, sentAt));

    /// <summary>Waits up to <paramref name="grace"/> for the last pushes (and catch-ups), then measures.</summary>
    public async Task<PushResult> MeasureAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var expected = _decided.SelectMany(d => SubscribersOf(d.Key).Select(s => (Subscriber: _subscribers[s], ClaimId: d.Key, d.Value.Status, d.Value.At, d.Value.SentAt))).ToArray();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < grace && expected.Any(x => !x.Subscriber.Received.ContainsKey(x.ClaimId) && !x.Subscriber.CaughtUp.ContainsKey(x.ClaimId)))
        {
            await Task.Delay(100, cancellationToken);
        }

        var latency = new LatencyRecorder();
        int missed = 0, early = 0, otherStatus = 0, caughtUp = 0, noticed = 0;
        foreach (var x in expected)
        {
            if (!x.Subscriber.Received.TryGetValue(x.ClaimId, out var got))
            {
                if (x.Subscriber.CaughtUp.TryGetValue(x.ClaimId, out var read))
                {
                    caughtUp++;
                    otherStatus += read == x.Status ? 0 : 1;
                }
                else
                {
                    missed++;

                    // The push went out once the decision was durable, after the claim was first sent (a re-driven claim
                    // is answered seconds later): a gap flagged in the member's stream since then reveals it.
                    var stream = "member:" + x.ClaimId[..x.ClaimId.IndexOf('/', StringComparison.Ordinal)];
                    noticed += x.Subscriber.NoticedGap(stream, x.SentAt) ? 1 : 0;
                }

                continue;
            }

            if (got.Status != x.Status)
            {
                otherStatus++;
            }

            var elapsed = Stopwatch.GetElapsedTime(x.At, got.At);
            if (got.At < x.At)
            {
                early++;
                elapsed = TimeSpan.Zero;
            }

            latency.Record(elapsed);
        }

        var reconnects = _subscribers.Sum(s => s.Reconnects);
        var resyncs = _subscribers.Sum(s => s.Resyncs);
        var longestReconnect = _subscribers.Select(s => s.LongestReconnectSeconds).DefaultIfEmpty(0).Max();
        return new PushResult(Count, expected.Length, missed, early, otherStatus, caughtUp, reconnects, Math.Round(longestReconnect, 2),
            latency.Summarise(), latency.Milliseconds())
        {
            GapsFlagged = _subscribers.Sum(s => s.GapsFlagged),
            Resyncs = resyncs,
            MissedNoticed = noticed,
            MissedUnnoticed = missed - noticed,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Connection is { } connection)
            {
                await connection.DisposeAsync();
            }
        }

        _stopping.Dispose();
    }

    /// <summary>The subscribers that follow a claim's member.</summary>
    private int[] SubscribersOf(string claimId)
    {
        if (_frontDesk)
        {
            return [.. Enumerable.Range(0, _subscribers.Length)];
        }

        return _submissionOf(claimId) is { } submission ? SubscribersOf(submission) : [];
    }

    private int[] SubscribersOf(ClaimSubmission submission)
    {
        if (_frontDesk)
        {
            return [.. Enumerable.Range(0, _subscribers.Length)];
        }

        return _familyIndexOfMember.TryGetValue(submission.MemberId, out var i) ? [i % _subscribers.Length] : [];
    }

    private async Task ConnectAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_urls[subscriber.UrlIndex], "/hubs/cmcm"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(_token))
            .Build();
        var gaps = subscriber.Gaps;
        connection.On<JsonElement>("claimStatusChanged", payload =>
        {
            var at = Stopwatch.GetTimestamp();
            var e = payload.Deserialize<ClaimStatusChanged>(Json);
            if (e is null)
            {
                return;
            }

            gaps.Push(e.Stream, e.Sequence, at);
            if (e.Status is "received" or "adjudicating")
            {
                return;
            }

            subscriber.Received.TryAdd(e.ClaimId, (e.Status, at));
        });
        connection.On<JsonElement>("resync", ignored =>
        {
            subscriber.Resynced();
            _ = CatchUpAsync(subscriber);
        });
        foreach (var numbered in new[] { "capsChanged", "familyChanged", "coverStarts" })
        {
            connection.On<JsonElement>(numbered, payload =>
            {
                if (payload.Deserialize<SequencedPush>(Json) is { } e)
                {
                    gaps.Push(e.Stream, e.Sequence, Stopwatch.GetTimestamp());
                }
            });
        }
        try
        {
            await connection.StartAsync(cancellationToken);
            if (_frontDesk)
            {
                await connection.InvokeAsync("JoinFrontDesk", cancellationToken);
            }
            else
            {
                for (var i = subscriber.Index; i < _families.Count; i += _subscribers.Length)
                {
                    foreach (var member in _families[i].MemberIds)
                    {
                        await connection.InvokeAsync("JoinMember", _families[i].FamilyId, member, cancellationToken);
                    }
                }
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        connection.Closed += _ => FailOverAsync(subscriber, connection);
        subscriber.Connection = connection;
    }

    /// <summary>The connection closed (its host went away): connect to the next host, join again, catch up.</summary>
    private async Task FailOverAsync(Subscriber subscriber, HubConnection closed)
    {
        if (_stopping.IsCancellationRequested || !ReferenceEquals(subscriber.Connection, closed))
        {
            return;
        }

        var since = Stopwatch.GetTimestamp();
        var giveUp = Stopwatch.StartNew();
        while (!_stopping.IsCancellationRequested && giveUp.Elapsed < ReconnectFor)
        {
            subscriber.UrlIndex = (subscriber.UrlIndex + 1) % _urls.Count;
            try
            {
                await ConnectAsync(subscriber, _stopping.Token);
                break;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException or TimeoutException or IOException
                or System.Net.WebSockets.WebSocketException)
            {
                await Task.Delay(500, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        if (!ReferenceEquals(subscriber.Connection, closed))
        {
            subscriber.Reconnected(Stopwatch.GetElapsedTime(since).TotalSeconds);
            await CatchUpAsync(subscriber);
        }
    }

    /// <summary>
    /// Reads the status of every claim the subscriber follows that was sent and has not been pushed with its decision
    /// (what a page re-reads); a claim read with a decision counts as caught up. One catch-up at a time per subscriber.
    /// </summary>
    private async Task CatchUpAsync(Subscriber subscriber)
    {
        try
        {
            await subscriber.CatchingUp.WaitAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            foreach (var (claimId, submission) in _sent)
            {
                if (subscriber.Received.ContainsKey(claimId) || !SubscribersOf(submission).Contains(subscriber.Index))
                {
                    continue;
                }

                try
                {
                    var status = await _readStatus(submission, _stopping.Token);
                    if (status is not ("received" or "adjudicating"))
                    {
                        subscriber.CaughtUp[claimId] = status;
                    }
                }
                catch (LoadTargetException)
                {
                    // Not accepted yet (404), or its host is going away: a later catch-up or push covers it.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            subscriber.CatchingUp.Release();
        }
    }

    private sealed class Subscriber(int index, int urlIndex)
    {
        private readonly Lock _lock = new();

        public int Index { get; } = index;

        public int UrlIndex { get; set; } = urlIndex;

        public HubConnection? Connection { get; set; }

        /// <summary>
        /// The numbers heard, kept across reconnections: a push lost while the subscriber moved to another host shows as
        /// a gap at the member's next push, also for a claim answered after the catch-up read (a re-driven one).
        /// </summary>
        public PushGaps Gaps { get; } = new();

        /// <summary>Whether a gap was flagged in <paramref name="stream"/> at or after <paramref name="since"/>.</summary>
        public bool NoticedGap(string stream, long since) => Gaps.FlaggedSince(stream, since);

        public int GapsFlagged => Gaps.Count;

        public ConcurrentDictionary<string, (string Status, long At)> Received { get; } = new();

        /// <summary>Claims whose status was read after a reconnect or a resync instead of pushed.</summary>
        public ConcurrentDictionary<string, string> CaughtUp { get; } = new();

        public SemaphoreSlim CatchingUp { get; } = new(1, 1);

        public int Reconnects { get; private set; }

        private int _resyncs;

        public int Resyncs => Volatile.Read(ref _resyncs);

        public void Resynced() => Interlocked.Increment(ref _resyncs);

        public double LongestReconnectSeconds { get; private set; }

        public void Reconnected(double seconds)
        {
            lock (_lock)
            {
                Reconnects++;
                LongestReconnectSeconds = Math.Max(LongestReconnectSeconds, seconds);
            }
        }
    }
}

/// <param name="Expected">Pushes expected: (subscriber, decided claim) pairs where the subscriber follows the claim.</param>
/// <param name="Missed">Expected pushes that never arrived within the grace period and were not caught up.</param>
/// <param name="BeforeAnswer">Pushes that arrived before the HTTP answer (counted as 0 ms).</param>
/// <param name="OtherStatus">Pushes (or catch-up reads) whose first final status differs from the answer's.</param>
/// <param name="CaughtUp">Expected pushes a subscriber read through the API after reconnecting to another host or hearing a resync.</param>
/// <param name="Reconnects">Connections that closed and were opened again on another host.</param>
/// <param name="LongestReconnectSeconds">From a connection closing to its groups being joined again on another host.</param>
public sealed record PushResult(int Subscribers, int Expected, int Missed, int BeforeAnswer, int OtherStatus, int CaughtUp, int Reconnects,
    double LongestReconnectSeconds, LatencySummary Latency, [property: JsonIgnore] IReadOnlyList<double> LatenciesMs)
{
    /// <summary>Skips in the push numbers the subscribers heard (each would make a page re-read).</summary>
    public int GapsFlagged { get; init; }

    /// <summary><c>resync</c> events the subscribers heard (pushes may have been lost on their way; each read again).</summary>
    public int Resyncs { get; init; }

    /// <summary>Missed pushes whose subscriber flagged a gap in the member's stream after the decision.</summary>
    public int MissedNoticed { get; init; }

    /// <summary>Missed pushes no gap revealed: a page would show a stale claim until it re-reads for another reason.</summary>
    public int MissedUnnoticed { get; init; }
}
