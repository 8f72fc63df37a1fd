using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;

namespace CmcmActors.Grains.Members;

/// <summary>Persisted as state "member-archive".</summary>
[GenerateSerializer, Alias("cmcm.MemberArchiveState")]
public sealed class MemberArchiveState
{
    [Id(0)] public List<ClaimRecord> Claims { get; set; } = [];

    [Id(1)] public List<CapMovement> Movements { get; set; } = [];
}

public sealed class MemberArchiveGrain(
    [PersistentState("member-archive", CmcmStorage.ProviderName)] IPersistentState<MemberArchiveState> state) : Grain, IMemberArchiveGrain
{
    public async Task StoreAsync(ClaimRecord[] claims, CapMovement[] movements)
    {
        state.State.Claims = [.. claims];
        state.State.Movements = [.. movements];
        await state.WriteStateAsync();
    }

    public Task<MemberArchivePage> GetAsync() => Task.FromResult(new MemberArchivePage(state.State.Claims, state.State.Movements));
}
