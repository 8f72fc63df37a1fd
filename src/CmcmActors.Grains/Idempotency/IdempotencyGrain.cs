using CmcmActors.Contracts.Idempotency;
using CmcmActors.Grains.Hosting;

namespace CmcmActors.Grains.Idempotency;

/// <summary>
/// Remembers one idempotency key: the hash of the request that first used it and, once answered, the answer (durably,
/// for <see cref="Retention"/>). "Running" is kept in memory only: after a crash a retry runs the request again, as the
/// draft allows, and the commands themselves refuse what would double (a duplicate payment, a member already on the roster).
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", CmcmStorage.ProviderName)] IPersistentState<IdempotencyState> state,
    TimeProvider clock) : Grain, IIdempotencyGrain
{
    /// <summary>How long an answer is replayed.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A request still "running" after this long is taken as lost, and the key may run again.</summary>
    public static readonly TimeSpan RunningTimeout = TimeSpan.FromMinutes(1);

    private string? _runningHash;
    private DateTimeOffset _runningSince;

    public Task<IdempotencyStart> BeginAsync(string requestHash)
    {
        var now = clock.GetUtcNow();
        if (state.State.Response is { } response && state.State.CompletedAt + Retention > now)
        {
            return Task.FromResult(state.State.RequestHash == requestHash
                ? new IdempotencyStart(IdempotencyVerdict.Replay, response)
                : new IdempotencyStart(IdempotencyVerdict.KeyReused, null));
        }

        if (_runningHash is { } running && _runningSince + RunningTimeout > now)
        {
            return Task.FromResult(new IdempotencyStart(running == requestHash ? IdempotencyVerdict.InProgress : IdempotencyVerdict.KeyReused, null));
        }

        _runningHash = requestHash;
        _runningSince = now;
        return Task.FromResult(new IdempotencyStart(IdempotencyVerdict.Run, null));
    }

    public async Task CompleteAsync(string requestHash, StoredResponse response)
    {
        if (_runningHash != requestHash)
        {
            return;
        }

        state.State.RequestHash = requestHash;
        state.State.Response = response;
        state.State.CompletedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        _runningHash = null;
    }

    public Task AbandonAsync(string requestHash)
    {
        if (_runningHash == requestHash)
        {
            _runningHash = null;
        }

        return Task.CompletedTask;
    }
}

/// <summary>Persisted as state "idempotency".</summary>
[GenerateSerializer, Alias("cmcm.IdempotencyState")]
public sealed class IdempotencyState
{
    [Id(0)] public string? RequestHash { get; set; }

    [Id(1)] public StoredResponse? Response { get; set; }

    [Id(2)] public DateTimeOffset CompletedAt { get; set; }
}
