namespace CmcmActors.Grains.Idempotency;

/// <summary>
/// The answers kept for <c>Idempotency-Key</c>s (the IETF httpapi draft's semantics): the first request with a key runs,
/// and its answer is kept until it expires; the same key with the same body answers that first answer again; the same key
/// with another body is refused; a retry while the first still runs is told so. An expired answer is deleted, not merely
/// ignored.
/// </summary>
/// <remarks>
/// A store, not a grain per key: a key is written once and read at most a few times, so an activation per key (with its
/// state held in memory until the activation is collected, and a storage row never deleted) cost ~8 KB of host memory per
/// key for nothing. The once-only guarantee comes from the store's atomic claim instead: a primary key on PostgreSQL
/// (shared by every host), one lock in the embedded default (one silo per process).
/// </remarks>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <see cref="IdempotencyClaim.Key"/> for a run, unless a live entry holds it (replay, another body, still
    /// running) or the caller has used up its quota of new keys in the current window.
    /// </summary>
    Task<IdempotencyStart> BeginAsync(IdempotencyClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Keeps the answer of the run that claimed the key, until <paramref name="expiresAt"/>.</summary>
    Task CompleteAsync(string key, string requestHash, StoredResponse response, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>The run failed without an answer worth keeping: the key is freed, and a retry runs again.</summary>
    Task AbandonAsync(string key, string requestHash, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entries that expired at or before <paramref name="now"/>; the number deleted.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>
/// One request asking for a key. <see cref="Key"/> is already scoped (caller, endpoint, route values and the header's
/// value, hashed); <see cref="Caller"/> (hashed) is what the quota counts by.
/// </summary>
public sealed record IdempotencyClaim(string Key, string Caller, string RequestHash, DateTimeOffset Now, IdempotencyLimits Limits);

/// <param name="Retention">How long an answer is kept and replayed.</param>
/// <param name="RunningTimeout">A run not finished after this long is taken as lost (its host died): the key may run again.</param>
/// <param name="QuotaWindow">The quota's fixed window, counted from the Unix epoch.</param>
/// <param name="MaxKeysPerWindow">New keys one caller may claim per window.</param>
public sealed record IdempotencyLimits(TimeSpan Retention, TimeSpan RunningTimeout, TimeSpan QuotaWindow, int MaxKeysPerWindow)
{
    /// <summary>The start of the quota window <paramref name="now"/> falls in.</summary>
    public DateTimeOffset WindowStart(DateTimeOffset now) => new(now.UtcTicks - now.UtcTicks % QuotaWindow.Ticks, TimeSpan.Zero);

    /// <summary>How long until the window of <paramref name="now"/> ends (when the caller may claim new keys again).</summary>
    public TimeSpan UntilNextWindow(DateTimeOffset now) => WindowStart(now) + QuotaWindow - now;
}

public enum IdempotencyVerdict
{
    /// <summary>First time (or the last answer expired): run the request.</summary>
    Run,

    /// <summary>Same key, same body, already answered: answer <see cref="IdempotencyStart.Response"/> again.</summary>
    Replay,

    /// <summary>Same key, another body.</summary>
    KeyReused,

    /// <summary>Same key, the first request is still running.</summary>
    InProgress,

    /// <summary>A new key, but the caller claimed its quota of new keys in this window: <see cref="IdempotencyStart.RetryAfter"/>.</summary>
    QuotaExceeded,
}

public sealed record IdempotencyStart(IdempotencyVerdict Verdict, StoredResponse? Response = null, TimeSpan RetryAfter = default)
{
    public static readonly IdempotencyStart Run = new(IdempotencyVerdict.Run);
    public static readonly IdempotencyStart KeyReused = new(IdempotencyVerdict.KeyReused);
    public static readonly IdempotencyStart InProgress = new(IdempotencyVerdict.InProgress);
}

/// <summary>What was answered: status, content type, Location header, body.</summary>
public sealed record StoredResponse(int Status, string? ContentType, string? Location, byte[] Body);
