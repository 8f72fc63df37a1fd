using CmcmActors.Contracts.Claims;

namespace CmcmActors.Contracts.Notifications;

/// <summary>A change worth telling the people watching: pushed live, never relied on (a client re-reads after reconnecting).</summary>
[GenerateSerializer, Immutable, Alias("cmcm.CmcmEvent")]
public abstract record CmcmEvent([property: Id(0)] string FamilyId, [property: Id(1)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("cmcm.ClaimStatusChanged")]
public sealed record ClaimStatusChanged(
    string FamilyId,
    DateTimeOffset At,
    [property: Id(0)] string ClaimId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] ClaimStatus Status,
    [property: Id(3)] decimal TotalPaid,
    [property: Id(4)] string Summary,
    [property: Id(5)] long Version) : CmcmEvent(FamilyId, At);

[GenerateSerializer, Immutable, Alias("cmcm.MemberCapsChanged")]
public sealed record MemberCapsChanged(
    string FamilyId,
    DateTimeOffset At,
    [property: Id(0)] string MemberId,
    [property: Id(1)] string ClaimId,
    [property: Id(2)] IReadOnlyList<string> Keys) : CmcmEvent(FamilyId, At);

[GenerateSerializer, Immutable, Alias("cmcm.FamilyChanged")]
public sealed record FamilyChanged(
    string FamilyId,
    DateTimeOffset At,
    [property: Id(0)] string Change) : CmcmEvent(FamilyId, At);
