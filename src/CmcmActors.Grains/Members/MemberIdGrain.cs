using CmcmActors.Contracts.Members;

namespace CmcmActors.Grains.Members;

/// <summary>Persisted as state "member-id": the spelling a member id was first enrolled with.</summary>
[GenerateSerializer, Alias("cmcm.MemberIdState")]
public sealed class MemberIdState
{
    [Id(0)] public string? Spelling { get; set; }
}

/// <summary>See <see cref="IMemberIdGrain"/>: the first spelling to ask is recorded, durably, and every later one is told it.</summary>
public sealed class MemberIdGrain(
    [PersistentState("member-id", CmcmStorage.ProviderName)] IPersistentState<MemberIdState> state) : Grain, IMemberIdGrain
{
    public async Task<string> ClaimSpellingAsync(string memberId)
    {
        if (MemberIds.SpellingKey(memberId) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("The id is not this grain's.", nameof(memberId));
        }

        if (state.State.Spelling is { } recorded)
        {
            return recorded;
        }

        state.State.Spelling = memberId;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Spelling = null;
            throw;
        }

        return memberId;
    }
}
