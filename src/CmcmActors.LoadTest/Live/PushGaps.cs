namespace CmcmActors.LoadTest.Live;

/// <summary>
/// The gap detection of a page (wwwroot/js/live.js, <c>PushSequences</c>) for one connection: per stream the last
/// number heard; a number more than 1 above it is a gap (pushes lost), a number at or below it a repeat. The first
/// push of a stream is the starting point. Thread-safe: handlers of one connection may run on several threads.
/// </summary>
public sealed class PushGaps
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _flagged = new(StringComparer.Ordinal);

    /// <summary>Gaps flagged so far.</summary>
    public int Count { get; private set; }

    /// <summary>A push of <paramref name="stream"/> numbered <paramref name="sequence"/>, heard at <paramref name="at"/> (a Stopwatch timestamp).</summary>
    public void Push(string? stream, long sequence, long at)
    {
        if (stream is null || sequence <= 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_last.TryGetValue(stream, out var last) && sequence > last + 1)
            {
                Count++;
                if (!_flagged.TryGetValue(stream, out var times))
                {
                    _flagged[stream] = times = [];
                }

                times.Add(at);
            }

            if (!_last.TryGetValue(stream, out last) || sequence > last)
            {
                _last[stream] = sequence;
            }
        }
    }

    /// <summary>Whether a gap in <paramref name="stream"/> was flagged at or after <paramref name="since"/>.</summary>
    public bool FlaggedSince(string stream, long since)
    {
        lock (_lock)
        {
            return _flagged.TryGetValue(stream, out var times) && times.Any(t => t >= since);
        }
    }
}
