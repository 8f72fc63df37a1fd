using System.Security.Cryptography;
using System.Text;
using CmcmActors.Contracts.People;

namespace CmcmActors.Grains.People;

/// <summary>Persisted as state "national-number": the member a national number is recorded for.</summary>
[GenerateSerializer, Alias("cmcm.NationalNumberState")]
public sealed class NationalNumberState
{
    [Id(0)] public string? MemberId { get; set; }

    /// <summary>Whether the people index was consulted for a holder recorded before numbers had an owner.</summary>
    [Id(1)] public bool IndexConsulted { get; set; }
}

/// <summary>
/// See <see cref="INationalNumberGrain"/>. One call at a time, so two families claiming the same number at once get
/// one yes and one no. People recorded before this grain existed are found in the people index the first time their
/// number is claimed, and keep it.
/// </summary>
public sealed class NationalNumberGrain(
    [PersistentState("national-number", CmcmStorage.ProviderName)] IPersistentState<NationalNumberState> state,
    IPeopleIndex people) : Grain, INationalNumberGrain
{
    public async Task<NationalNumberClaim> ClaimAsync(string nationalNumber, string memberId)
    {
        if (NationalNumbers.KeyOf(nationalNumber) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("The number is not this grain's.", nameof(nationalNumber));
        }

        if (state.State.MemberId is null && !state.State.IndexConsulted)
        {
            var recorded = await people.SearchAsync(new PeopleQuery([], nationalNumber, null), null, limit: 10);
            state.State.MemberId = recorded.Where(p => p.NationalNumber == nationalNumber).Select(p => p.MemberId).Order(StringComparer.Ordinal).FirstOrDefault();
            state.State.IndexConsulted = true;
        }

        if (state.State.MemberId is { } holder && holder != memberId)
        {
            return new NationalNumberClaim(false, false, holder);
        }

        var newly = state.State.MemberId is null;
        state.State.MemberId = memberId;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.MemberId = newly ? null : memberId;
            throw;
        }

        return new NationalNumberClaim(true, newly, null);
    }

    public async Task ReleaseAsync(string memberId)
    {
        if (state.State.MemberId != memberId)
        {
            return;
        }

        state.State.MemberId = null;
        state.State.IndexConsulted = true;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.MemberId = memberId;
            throw;
        }
    }

    public Task<string?> GetHolderAsync() => Task.FromResult(state.State.MemberId);
}

/// <summary>
/// The grain of a national number. Its key is a SHA-256 of the number, not the number: grain ids appear in logs, the
/// dashboard and the storage table, and a national number is personal data. (A hash of 13 digits with a birth date
/// inside can be reversed by trying them all: it keeps the number out of sight, it does not make it anonymous.)
/// </summary>
public static class NationalNumbers
{
    public static INationalNumberGrain Of(IGrainFactory grains, string nationalNumber) => grains.GetGrain<INationalNumberGrain>(KeyOf(nationalNumber));

    public static string KeyOf(string nationalNumber) =>
        "nin-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("cmcm-national-number:" + nationalNumber)));
}
