using Orleans.Concurrency;

namespace CmcmActors.Contracts.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> of one caller on one route (the IETF httpapi draft's semantics): the first request with
/// the key runs, and its answer is kept; the same key with the same body answers that first answer again; the same key
/// with another body is refused (409); a retry while the first is still running is refused too (409), so a command
/// runs once however often a client that timed out retries it. Key: "idempotency/{hash of caller, route and key}".
/// </summary>
public interface IIdempotencyGrain : IGrainWithStringKey
{
    Task<IdempotencyStart> BeginAsync(string requestHash);

    /// <summary>Keeps the answer of the request that began (a 5xx is not kept: the retry runs again).</summary>
    Task CompleteAsync(string requestHash, StoredResponse response);

    /// <summary>The request failed without an answer worth keeping: a retry may run it again.</summary>
    Task AbandonAsync(string requestHash);
}

public enum IdempotencyVerdict
{
    /// <summary>First time: run the request.</summary>
    Run,

    /// <summary>Same key, same body, already answered: answer <see cref="IdempotencyStart.Response"/> again.</summary>
    Replay,

    /// <summary>Same key, another body.</summary>
    KeyReused,

    /// <summary>Same key, the first request is still running.</summary>
    InProgress,
}

[GenerateSerializer, Immutable, Alias("cmcm.IdempotencyStart")]
public sealed record IdempotencyStart([property: Id(0)] IdempotencyVerdict Verdict, [property: Id(1)] StoredResponse? Response);

/// <summary>What was answered: status, content type, Location header, body.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.StoredResponse")]
public sealed record StoredResponse(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] string? Location,
    [property: Id(3)] byte[] Body);
