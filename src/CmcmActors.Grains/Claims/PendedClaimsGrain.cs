using CmcmActors.Contracts.Claims;

namespace CmcmActors.Grains.Claims;

/// <summary>
/// The queue of pended claims. Claim grains call it only when a claim enters or leaves the pended state, so it is not
/// on the path of the claims that are decided at once; it writes its state only when the queue changes.
/// </summary>
public sealed class PendedClaimsGrain(
    [PersistentState("pended-claims", CmcmStorage.ProviderName)] IPersistentState<PendedClaimsState> state) : Grain, IPendedClaimsGrain
{
    public async Task AddAsync(PendedClaim claim)
    {
        if (state.State.Claims.TryGetValue(claim.ClaimId, out var held) && held.Version >= claim.Version)
        {
            return;
        }

        state.State.Claims[claim.ClaimId] = claim;
        await WriteOrRestoreAsync(claim.ClaimId, held);
    }

    public async Task RemoveAsync(string claimId, long version)
    {
        if (!state.State.Claims.TryGetValue(claimId, out var held) || held.Version > version)
        {
            return;
        }

        state.State.Claims.Remove(claimId);
        await WriteOrRestoreAsync(claimId, held);
    }

    /// <summary>Writes the queue; when the write fails the entry goes back to what it was, so memory never runs ahead of storage.</summary>
    private async Task WriteOrRestoreAsync(string claimId, PendedClaim? previous)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (previous is null)
            {
                state.State.Claims.Remove(claimId);
            }
            else
            {
                state.State.Claims[claimId] = previous;
            }

            throw;
        }
    }

    public Task<IReadOnlyList<PendedClaim>> GetAllAsync() =>
        Task.FromResult<IReadOnlyList<PendedClaim>>(state.State.Claims.Values.OrderBy(c => c.PendedAt).ThenBy(c => c.ClaimId, StringComparer.Ordinal).ToArray());
}

/// <summary>Persisted as state "pended-claims": the pended claims by claim id.</summary>
[GenerateSerializer, Alias("cmcm.PendedClaimsState")]
public sealed class PendedClaimsState
{
    [Id(0)] public Dictionary<string, PendedClaim> Claims { get; set; } = [];
}
