using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Affiliation;

namespace CmcmActors.Contracts.Notifications;

/// <summary>A change worth telling the people watching: pushed live, never relied on (a client re-reads after reconnecting).</summary>
[GenerateSerializer, Immutable, Alias("cmcm.CmcmEvent")]
public abstract record CmcmEvent([property: Id(0)] string FamilyId, [property: Id(1)] DateTimeOffset At)
{
    /// <summary>
    /// The push's number in its owner's stream: a member's events (claim status, caps) are numbered by the member grain,
    /// a family's (family changed, cover starts) by the family grain, each 1 more than the one before, durably (the
    /// number is written with the change it announces), so a page that sees a number skip knows it missed a push. 0 for
    /// events of no owner (<see cref="CapsReset"/>).
    /// </summary>
    [Id(2)]
    public long Sequence { get; init; }
}

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

/// <summary>
/// A tier's waiting period ends: from <see cref="FirstCoveredDate"/> on, care under it is covered. For the family's
/// spell (<see cref="MemberId"/> null), or for one member who joined later and waits on his or her own dates.
/// <see cref="MemberIds"/> are the members whose cover starts.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.CoverStarts")]
public sealed record CoverStarts(
    string FamilyId,
    DateTimeOffset At,
    [property: Id(0)] Tier Tier,
    [property: Id(1)] DateOnly FirstCoveredDate,
    [property: Id(2)] string? MemberId,
    [property: Id(3)] string Message,
    [property: Id(4)] IReadOnlyList<string> MemberIds) : CmcmEvent(FamilyId, At);

/// <summary>
/// Caps count per calendar year of care: on 1 January every member's yearly caps start afresh. Concerns everyone, so
/// <see cref="CmcmEvent.FamilyId"/> is empty.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.CapsReset")]
public sealed record CapsReset(
    DateTimeOffset At,
    [property: Id(0)] int Year,
    [property: Id(1)] string Message) : CmcmEvent(string.Empty, At);

/// <summary>
/// Pushes may have been lost on their way to the pages: a silo died with pushes still queued in it, or a queue on the
/// way overflowed or could not hand a batch on. Sent by whoever knows, after the loss: a page hearing it re-reads
/// what it shows, as after a reconnection, so that a loss is noticed even when the stream it hit has no later push
/// whose number would skip. Concerns everyone, so <see cref="CmcmEvent.FamilyId"/> is empty.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.PushesLost")]
public sealed record PushesLost(
    DateTimeOffset At,
    [property: Id(0)] string Reason) : CmcmEvent(string.Empty, At);
