namespace CmcmActors.LoadTest.Measurement;

/// <summary>Collects latencies (microseconds) from many threads; percentiles are exact (sorted at the end).</summary>
public sealed class LatencyRecorder
{
    private readonly List<long> _micros = [];
    private readonly Lock _lock = new();

    public void Record(TimeSpan elapsed)
    {
        lock (_lock)
        {
            _micros.Add((long)elapsed.TotalMicroseconds);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _micros.Count;
            }
        }
    }

    public IReadOnlyList<double> Milliseconds()
    {
        lock (_lock)
        {
            return [.. _micros.Select(m => m / 1000.0)];
        }
    }

    public LatencySummary Summarise()
    {
        long[] sorted;
        lock (_lock)
        {
            sorted = [.. _micros];
        }

        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, At(sorted, 0.50), At(sorted, 0.90), At(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1] / 1000.0);
    }

    private static double At(long[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)] / 1000.0;
}

/// <summary>Percentiles in milliseconds.</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max)
{
    public override string ToString() => $"p50 {P50:0.0} ms, p90 {P90:0.0} ms, p99 {P99:0.0} ms, max {Max:0.0} ms ({Count} samples)";
}
