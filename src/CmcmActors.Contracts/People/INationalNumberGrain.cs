namespace CmcmActors.Contracts.People;

/// <summary>
/// One grain per national identification number (key: a hash of it, see NationalNumbers in the grains): the one owner of "which member is this person".
/// A person has one member id for life (caps follow the person), so a number recorded for one member is refused for
/// any other: a second member id would give the same person a second set of yearly caps. Families claim a number
/// before they write a person and release it when their write fails or the number is corrected away.
/// </summary>
public interface INationalNumberGrain : IGrainWithStringKey
{
    /// <summary>Records the number (this grain's, given again because the key is its hash) for <paramref name="memberId"/> unless another member holds it.</summary>
    Task<NationalNumberClaim> ClaimAsync(string nationalNumber, string memberId);

    /// <summary>Frees the number when <paramref name="memberId"/> holds it (nothing otherwise).</summary>
    Task ReleaseAsync(string memberId);

    /// <summary>The member the number is recorded for, or null.</summary>
    Task<string?> GetHolderAsync();
}

/// <param name="Claimed">The number is now recorded for the member who asked.</param>
/// <param name="NewlyBound">It was not before this call (a caller that then fails releases it).</param>
/// <param name="HeldBy">When refused: the member it is recorded for.</param>
[GenerateSerializer, Immutable, Alias("cmcm.NationalNumberClaim")]
public sealed record NationalNumberClaim([property: Id(0)] bool Claimed, [property: Id(1)] bool NewlyBound, [property: Id(2)] string? HeldBy);
