using System.Text.Json.Serialization;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Routing;
using Orleans.Concurrency;

namespace CmcmActors.Contracts.Claims;

/// <summary>
/// The answer to a claim command: the claim's record (with <see cref="Created"/> true when this call accepted it), or
/// the reason it was refused. A refused command changed nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.ClaimResult")]
public sealed record ClaimResult(
    [property: Id(0)] ClaimRecord? Record,
    [property: Id(1)] bool Created,
    [property: Id(2)] ClaimRefusal? Refusal)
{
    public static ClaimResult Accepted(ClaimRecord record, bool created) => new(record, created, null);

    public static ClaimResult Refused(ClaimRefusalKind kind, string code, string field, string message) => new(null, false, new ClaimRefusal(kind, code, field, message));

    public bool IsRefused => Refusal is not null;
}

/// <summary>Why a claim command was refused: the kind (how HTTP answers it), a stable code, the field at fault, the words.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.ClaimRefusal")]
public sealed record ClaimRefusal(
    [property: Id(0)] ClaimRefusalKind Kind,
    [property: Id(1)] string Code,
    [property: Id(2)] string Field,
    [property: Id(3)] string Message);

public enum ClaimRefusalKind
{
    /// <summary>The command is malformed (bad lines, wrong ids): 400.</summary>
    Invalid,

    /// <summary>The family, member or claim does not exist: 404.</summary>
    NotFound,

    /// <summary>The command contradicts the claim's state (invoice reused, not pended, not paid, other family): 409.</summary>
    Conflict,
}

/// <summary>
/// Where a page of claims ends: the claim's time (received, for a member's or family's claims; pended, for the queue),
/// to the microsecond as PostgreSQL keeps it, then its id. The next page starts after it.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.ClaimCursor")]
public sealed record ClaimCursor([property: Id(0)] DateTimeOffset At, [property: Id(1)] string ClaimId)
{
    public static ClaimCursor Of(DateTimeOffset at, string claimId) => new(Truncate(at), claimId);

    /// <summary>To the microsecond: the cursor compares the same in memory and in PostgreSQL.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>True when (at, claimId) comes after this cursor.</summary>
    public bool IsBefore(DateTimeOffset at, string claimId)
    {
        var time = Truncate(at).CompareTo(At);
        return time > 0 || (time == 0 && string.CompareOrdinal(claimId, ClaimId) > 0);
    }

    /// <summary>True when (at, claimId) comes before this cursor (the next page of a newest-first list).</summary>
    public bool IsAfter(DateTimeOffset at, string claimId)
    {
        var time = Truncate(at).CompareTo(At);
        return time < 0 || (time == 0 && string.CompareOrdinal(claimId, ClaimId) < 0);
    }
}

/// <summary>A page of claims, and where the next page starts (null: this was the last).</summary>
[GenerateSerializer, Immutable, Alias("cmcm.ClaimPage")]
public sealed record ClaimPage([property: Id(0)] IReadOnlyList<ClaimRecord> Claims, [property: Id(1)] ClaimCursor? Next)
{
    /// <summary>
    /// The member's push sequence (<see cref="Notifications.CmcmEvent.Sequence"/>) when the page was read: the page shows
    /// every change up to it, so the next push a page should hear is this + 1.
    /// </summary>
    [Id(2)]
    public long PushSequence { get; init; }
}

public enum ClaimStatus
{
    Received,
    Adjudicating,
    Approved,
    PartiallyApproved,
    Refused,
    Pended,
    Reversed,
}

[GenerateSerializer, Immutable, Alias("cmcm.ClaimSubmission")]
public sealed record ClaimSubmission(
    [property: Id(0)] string FamilyId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] string InvoiceReference,
    [property: Id(3)] DateOnly ReceivedOn,
    [property: Id(4)] Channel Channel,
    [property: Id(5)] ClaimLine[] Lines,
    [property: Id(6)] ClaimSource Source = ClaimSource.Staff)
{
    [JsonIgnore]
    public string ClaimId => GrainKeys.ClaimId(MemberId, InvoiceReference);

    /// <summary>True when <paramref name="other"/> asks for the same thing (a resubmission, not a different invoice under a reused reference).</summary>
    public bool SameContentAs(ClaimSubmission other) =>
        FamilyId == other.FamilyId && MemberId == other.MemberId && InvoiceReference == other.InvoiceReference
        && Lines.Length == other.Lines.Length && Lines.Zip(other.Lines).All(p => LinesEqual(p.First, p.Second));

    private static bool LinesEqual(ClaimLine a, ClaimLine b) =>
        a with { Circumstances = null, Documents = null } == b with { Circumstances = null, Documents = null }
        && (a.Circumstances ?? []).SequenceEqual(b.Circumstances ?? [])
        && (a.Documents ?? []).SequenceEqual(b.Documents ?? []);
}

/// <summary>What a person decides on a pended claim: the confirmed facts (then it is adjudicated again) or a refusal.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.ClaimResolution")]
public sealed record ClaimResolution(
    [property: Id(0)] string By,
    [property: Id(1)] bool Refuse,
    [property: Id(2)] string? Reason,
    [property: Id(3)] bool? Authorised,
    [property: Id(4)] bool? Serious,
    [property: Id(5)] bool? ProgrammeCompleted,
    [property: Id(6)] string[]? Circumstances,
    [property: Id(7)] string[]? Documents,
    [property: Id(8)] decimal? OfficialTariff,
    [property: Id(9)] bool? AmountsReviewed = null);

/// <summary>One step of a claim's history: the status it reached, when, the words, and who did it (null in rows written before actors were kept).</summary>
[GenerateSerializer, Immutable, Alias("cmcm.StatusChange")]
public sealed record StatusChange(
    [property: Id(0)] ClaimStatus Status,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Note)
{
    [Id(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Audit.Actor? By { get; init; }
}

/// <summary>A claim needing a person: the department and the expected time by the claim's channel.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.PendingInfo")]
public sealed record PendingInfo(
    [property: Id(0)] Department Department,
    [property: Id(1)] Channel Channel,
    [property: Id(2)] int ExpectedWeeks,
    [property: Id(3)] string Need);

/// <summary>
/// Everything about one claim: what was submitted (as declared, by whom), its status and history, and the decision.
/// <see cref="Lines"/> are the lines as the CMCM holds them true and adjudicates them: the submission's, without the
/// facts a member may not state (<see cref="ClaimTrust"/>), with the facts staff confirmed since; null when they are
/// the submission's own lines. <see cref="AmountsReviewed"/>: a person checked amounts the plausibility guard stopped.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.ClaimRecord")]
public sealed record ClaimRecord(
    [property: Id(0)] string ClaimId,
    [property: Id(1)] ClaimSubmission Submission,
    [property: Id(2)] ClaimStatus Status,
    [property: Id(3)] ClaimAdjudication? Decision,
    [property: Id(4)] PendingInfo? Pending,
    [property: Id(5)] IReadOnlyList<StatusChange> History,
    [property: Id(6)] IReadOnlyList<string> Documents,
    [property: Id(7)] long Version,
    [property: Id(8)] IReadOnlyList<ClaimLine>? Lines = null,
    [property: Id(9)] bool AmountsReviewed = false)
{
    /// <summary>The lines adjudication uses.</summary>
    [JsonIgnore]
    public IReadOnlyList<ClaimLine> TrustedLines => Lines ?? Submission.Lines;

    [JsonIgnore]
    public Domain.Money.Money TotalPaid => Status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved && Decision is not null
        ? Decision.TotalPaid
        : Domain.Money.Money.Zero;

    /// <summary>Who entered the claim (its first history entry's actor); null for claims written before actors were kept.</summary>
    [JsonIgnore]
    public Audit.Actor? EnteredBy => History.Count > 0 ? History[0].By : null;

    [JsonIgnore]
    public bool IsFinal => Status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved or ClaimStatus.Refused or ClaimStatus.Reversed;
}

/// <summary>A claim command was refused (for example reversing a claim that is not decided); kept for callers that prefer an exception.</summary>
[GenerateSerializer, Alias("cmcm.ClaimConflictException")]
public sealed class ClaimConflictException : Exception
{
    public ClaimConflictException() { }

    public ClaimConflictException(string message) : base(message) { }

    public ClaimConflictException(string message, Exception inner) : base(message, inner) { }
}
