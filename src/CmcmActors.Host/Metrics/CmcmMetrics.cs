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

    private readonly Counter<long> _claimsDecided;
    private readonly Histogram<double> _decisionDuration;
    private readonly UpDownCounter<long> _liveConnections;

    public CmcmMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _claimsDecided = meter.CreateCounter<long>("cmcm.claims.decided", "{claim}", "Claims decided (submitted, completed with documents or resolved), by outcome.");
        _decisionDuration = meter.CreateHistogram<double>("cmcm.claims.decision.duration", "ms", "Time from the request to the recorded decision.");
        _liveConnections = meter.CreateUpDownCounter<long>("cmcm.live.connections", "{connection}", "Open live-update connections.");
    }

    /// <summary>A claim was decided (or pended) in <paramref name="elapsed"/>.</summary>
    public void ClaimDecided(ClaimStatus outcome, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("outcome", JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString()));
        _claimsDecided.Add(1, tag);
        _decisionDuration.Record(elapsed.TotalMilliseconds, tag);
    }

    public void IncrementLiveConnections() => _liveConnections.Add(1);

    public void DecrementLiveConnections() => _liveConnections.Add(-1);
}
