using System.Diagnostics.Metrics;
using System.Text.Json;
using CmcmActors.Contracts.Claims;

namespace CmcmActors.Host.Metrics;

/// <summary>
/// The engine's own metrics (meter "CmcmActors"), exported with the rest at /metrics: claims decided per outcome,
/// how long a decision took, and how many live (SignalR) connections are open.
/// </summary>
public sealed class CmcmMetrics
{
    public const string MeterName = "CmcmActors";

    /// <summary>Bucket boundaries in seconds (the semantic conventions' advice for http.server.request.duration).</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Counter<long> _claimsDecided;
    private readonly Histogram<double> _decisionDuration;
    private readonly UpDownCounter<long> _liveConnections;

    public CmcmMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _claimsDecided = meter.CreateCounter<long>("cmcm.claims.decided", "{claim}", "Claims decided (submitted, completed with documents or resolved), by outcome.");
        // Seconds, as the OpenTelemetry semantic conventions have every duration; the buckets are theirs for HTTP durations.
        _decisionDuration = meter.CreateHistogram("cmcm.claims.decision.duration", "s", "Time from the request to the recorded decision.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _liveConnections = meter.CreateUpDownCounter<long>("cmcm.live.connections", "{connection}", "Open live-update connections.");
    }

    /// <summary>A claim was decided (or pended) in <paramref name="elapsed"/>.</summary>
    public void ClaimDecided(ClaimStatus outcome, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("outcome", JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString()));
        _claimsDecided.Add(1, tag);
        _decisionDuration.Record(elapsed.TotalSeconds, tag);
    }

    private long _openLiveConnections;

    /// <summary>Live connections open on this host now (what the up-down counter adds up to).</summary>
    public long OpenLiveConnections => Interlocked.Read(ref _openLiveConnections);

    public void IncrementLiveConnections()
    {
        Interlocked.Increment(ref _openLiveConnections);
        _liveConnections.Add(1);
    }

    public void DecrementLiveConnections()
    {
        Interlocked.Decrement(ref _openLiveConnections);
        _liveConnections.Add(-1);
    }
}
