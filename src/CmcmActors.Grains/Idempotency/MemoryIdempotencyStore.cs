using System.Collections.Concurrent;

namespace CmcmActors.Grains.Idempotency;

/// <summary>
/// The embedded default: one store per Orleans service id in this process (the embedded default runs one silo per
/// process; every silo of a test cluster shares it). One lock: each operation is a few dictionary steps, so it never
/// waits long, and the claim of a key and the count of the caller's quota change together.
/// </summary>
public sealed class MemoryIdempotencyStore : IIdempotencyStore
{
    private static readonly ConcurrentDictionary<string, MemoryIdempotencyStore> Services = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Window> _callers = new(StringComparer.Ordinal);

    public static MemoryIdempotencyStore For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryIdempotencyStore());

    /// <summary>Entries held, expired or not (for tests and the memory figures).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public Task<IdempotencyStart> BeginAsync(IdempotencyClaim claim, CancellationToken cancellationToken = default)
    {
        var (now, limits) = (claim.Now, claim.Limits);
        lock (_lock)
        {
            if (_entries.TryGetValue(claim.Key, out var entry) && entry.ExpiresAt > now)
            {
                if (entry.Response is { } response)
                {
                    return Task.FromResult(entry.RequestHash == claim.RequestHash ? new IdempotencyStart(IdempotencyVerdict.Replay, response) : IdempotencyStart.KeyReused);
                }

                if (entry.StartedAt + limits.RunningTimeout > now)
                {
                    return Task.FromResult(entry.RequestHash == claim.RequestHash ? IdempotencyStart.InProgress : IdempotencyStart.KeyReused);
                }
            }

            var windowStart = limits.WindowStart(now);
            var window = _callers.TryGetValue(claim.Caller, out var w) && w.Start == windowStart ? w : new Window(windowStart, windowStart + limits.QuotaWindow, 0);
            if (window.Count >= limits.MaxKeysPerWindow)
            {
                return Task.FromResult(new IdempotencyStart(IdempotencyVerdict.QuotaExceeded, RetryAfter: limits.UntilNextWindow(now)));
            }

            _callers[claim.Caller] = window with { Count = window.Count + 1 };
            _entries[claim.Key] = new Entry(claim.Caller, claim.RequestHash, now, now + limits.Retention);
            return Task.FromResult(IdempotencyStart.Run);
        }
    }

    public Task CompleteAsync(string key, string requestHash, StoredResponse response, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Response is null && entry.RequestHash == requestHash)
            {
                _entries[key] = entry with { Response = response, ExpiresAt = expiresAt };
            }
        }

        return Task.CompletedTask;
    }

    public Task AbandonAsync(string key, string requestHash, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Response is null && entry.RequestHash == requestHash)
            {
                _entries.Remove(key);

                // As on PostgreSQL, where the quota counts the rows of the window: a run that left nothing does not count.
                if (_callers.TryGetValue(entry.Caller, out var window) && entry.StartedAt >= window.Start && window.Count > 0)
                {
                    _callers[entry.Caller] = window with { Count = window.Count - 1 };
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var expired = _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList();
            foreach (var key in expired)
            {
                _entries.Remove(key);
            }

            // A caller's counter is only needed while its window runs; the windows of callers gone quiet go too.
            var quiet = _callers.Where(c => c.Value.End <= now).Select(c => c.Key).ToList();
            foreach (var caller in quiet)
            {
                _callers.Remove(caller);
            }

            return Task.FromResult(expired.Count);
        }
    }

    private sealed record Entry(string Caller, string RequestHash, DateTimeOffset StartedAt, DateTimeOffset ExpiresAt, StoredResponse? Response = null);

    private readonly record struct Window(DateTimeOffset Start, DateTimeOffset End, int Count);
}
