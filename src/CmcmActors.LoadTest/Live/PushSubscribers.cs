using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using CmcmActors.LoadTest.Measurement;
using CmcmActors.LoadTest.Targets;
using Microsoft.AspNetCore.SignalR.Client;

namespace CmcmActors.LoadTest.Live;

/// <summary>The <c>claimStatusChanged</c> payload, as far as the push latency needs it.</summary>
public sealed record ClaimStatusChanged(string ClaimId, string FamilyId, string MemberId, string Status, long Version);

/// <summary>
/// K SignalR connections to /hubs/cmcm, each following the front desk or a share of the seeded families' members. The
/// push latency of a claim is the time from its HTTP answer (the decision) to a subscriber receiving the
/// <c>claimStatusChanged</c> event with that status; a push that comes first counts as 0 (and is counted).
/// </summary>
public sealed class PushSubscribers : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly ConcurrentDictionary<string, (string Status, long At)> _decided = new();
    private readonly ConcurrentDictionary<(int Subscriber, string ClaimId), (string Status, long At)>[] _received;
    private readonly Func<string, int[]> _subscribersOf;

    private PushSubscribers(int count, Func<string, int[]> subscribersOf)
    {
        _received = [.. Enumerable.Range(0, count).Select(_ => new ConcurrentDictionary<(int, string), (string, long)>())];
        _subscribersOf = subscribersOf;
    }

    /// <summary>Opens <paramref name="count"/> connections spread over the hosts and joins their groups.</summary>
    public static async Task<PushSubscribers> StartAsync(IReadOnlyList<Uri> urls, string token, int count, bool frontDesk, IReadOnlyList<SeededFamily> families,
        CancellationToken cancellationToken)
    {
        var familyOf = families.SelectMany((f, i) => f.MemberIds.Select(m => (m, i))).ToDictionary(x => x.m, x => x.i);
        var subscribers = new PushSubscribers(count, frontDesk
            ? _ => [.. Enumerable.Range(0, count)]
            : memberId => familyOf.TryGetValue(memberId, out var i) ? [i % count] : []);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
        for (var k = 0; k < count; k++)
        {
            var subscriber = k;
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(urls[k % urls.Count], "/hubs/cmcm"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            connection.On<JsonElement>("claimStatusChanged", payload =>
            {
                var at = Stopwatch.GetTimestamp();
                var e = payload.Deserialize<ClaimStatusChanged>(json);
                if (e is null || e.Status is "received" or "adjudicating")
                {
                    return;
                }

                subscribers._received[subscriber].TryAdd((subscriber, e.ClaimId), (e.Status, at));
            });
            await connection.StartAsync(cancellationToken);
            subscribers._connections.Add(connection);
            if (frontDesk)
            {
                await connection.InvokeAsync("JoinFrontDesk", cancellationToken);
            }
            else
            {
                for (var i = subscriber; i < families.Count; i += count)
                {
                    foreach (var member in families[i].MemberIds)
                    {
                        await connection.InvokeAsync("JoinMember", families[i].FamilyId, member, cancellationToken);
                    }
                }
            }
        }

        return subscribers;
    }

    public int Count => _connections.Count;

    /// <summary>Records a decision as the HTTP answer brought it (the first answer of each claim counts).</summary>
    public void Decided(SubmitOutcome outcome, long timestamp) =>
        _decided.TryAdd(outcome.ClaimId, (JsonNamingPolicy.CamelCase.ConvertName(outcome.Status.ToString()), timestamp));

    /// <summary>Waits up to <paramref name="grace"/> for the last pushes, then measures.</summary>
    public async Task<PushResult> MeasureAsync(TimeSpan grace, Func<string, string> memberOfClaim, CancellationToken cancellationToken)
    {
        var expected = _decided.SelectMany(d => _subscribersOf(memberOfClaim(d.Key)).Select(s => (Subscriber: s, ClaimId: d.Key, d.Value.Status, d.Value.At))).ToArray();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < grace && expected.Any(x => !_received[x.Subscriber].ContainsKey((x.Subscriber, x.ClaimId))))
        {
            await Task.Delay(100, cancellationToken);
        }

        var latency = new LatencyRecorder();
        int missed = 0, early = 0, otherStatus = 0;
        foreach (var x in expected)
        {
            if (!_received[x.Subscriber].TryGetValue((x.Subscriber, x.ClaimId), out var got))
            {
                missed++;
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

        return new PushResult(Count, expected.Length, missed, early, otherStatus, latency.Summarise(), latency.Milliseconds());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}

/// <param name="Expected">Pushes expected: (subscriber, decided claim) pairs where the subscriber follows the claim.</param>
/// <param name="Missed">Expected pushes that never arrived within the grace period.</param>
/// <param name="BeforeAnswer">Pushes that arrived before the HTTP answer (counted as 0 ms).</param>
/// <param name="OtherStatus">Pushes whose first final status differs from the answer's.</param>
public sealed record PushResult(int Subscribers, int Expected, int Missed, int BeforeAnswer, int OtherStatus, LatencySummary Latency,
    [property: JsonIgnore] IReadOnlyList<double> LatenciesMs);
