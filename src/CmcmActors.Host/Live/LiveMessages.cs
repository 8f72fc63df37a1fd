using System.Text.Json;
using CmcmActors.Contracts.Notifications;

namespace CmcmActors.Host.Live;

/// <summary>The names of the events the hub sends to clients (docs/api-routes.md).</summary>
public static class LiveEvents
{
    public const string ClaimStatusChanged = "claimStatusChanged";
    public const string CapsChanged = "capsChanged";
    public const string FamilyChanged = "familyChanged";
    public const string CoverStarts = "coverStarts";
    public const string CapsReset = "capsReset";
    public const string Resync = "resync";
}

/// <summary>
/// Every push of a member or a family names its stream (<c>member:{memberId}</c> or <c>family:{familyId}</c>, the name
/// of the group that hears all of it) and its number in that stream, 1 more than the stream's push before. A page that
/// sees the number skip missed a push and re-reads; the reads of a member's claims say where the stream stood
/// (<c>Cmcm-Push-Sequence</c>), so a page that loaded and then missed the very next push notices too.
/// </summary>
public interface ISequencedMessage
{
    string Stream { get; }

    long Sequence { get; }
}

/// <summary>
/// A claim moved: received, adjudicating, then its decision. <see cref="Status"/> is written as the API writes it
/// ("received", "adjudicating", "approved", "partiallyApproved", "refused", "pended", "reversed"). A page shows it
/// at once and re-reads the claim for the details. <see cref="Version"/> grows with every decision (0 while received
/// and adjudicating).
/// </summary>
public sealed record ClaimStatusMessage(
    string ClaimId,
    string FamilyId,
    string MemberId,
    string InvoiceReference,
    string Status,
    decimal TotalPaid,
    string Summary,
    long Version,
    DateTimeOffset At,
    string Stream,
    long Sequence) : ISequencedMessage
{
    public static ClaimStatusMessage From(ClaimStatusChanged e) =>
        new(e.ClaimId, e.FamilyId, e.MemberId, InvoiceOf(e.ClaimId), JsonNamingPolicy.CamelCase.ConvertName(e.Status.ToString()), e.TotalPaid,
            e.Summary, e.Version, e.At, LiveGroups.Member(e.MemberId), e.Sequence);

    private static string InvoiceOf(string claimId) => claimId[(claimId.IndexOf('/', StringComparison.Ordinal) + 1)..];
}

/// <summary>A member's caps moved (a claim paid or was reversed): the page re-reads the caps.</summary>
public sealed record CapsChangedMessage(string FamilyId, string MemberId, string ClaimId, IReadOnlyList<string> Keys, DateTimeOffset At, string Stream, long Sequence)
    : ISequencedMessage
{
    public static CapsChangedMessage From(MemberCapsChanged e) => new(e.FamilyId, e.MemberId, e.ClaimId, e.Keys, e.At, LiveGroups.Member(e.MemberId), e.Sequence);
}

/// <summary>Something about the family changed (roster, level, payment): the page re-reads the family.</summary>
public sealed record FamilyChangedMessage(string FamilyId, string Change, DateTimeOffset At, string Stream, long Sequence) : ISequencedMessage
{
    public static FamilyChangedMessage From(FamilyChanged e) => new(e.FamilyId, e.Change, e.At, LiveGroups.Family(e.FamilyId), e.Sequence);
}

/// <summary>
/// A waiting period ended today: "Dental cover (DO) starts on 2026-04-01". <see cref="MemberId"/> is set when only that
/// member's cover starts (he or she joined later); <see cref="MemberIds"/> lists whose cover starts.
/// </summary>
public sealed record CoverStartsMessage(
    string FamilyId,
    string? MemberId,
    IReadOnlyList<string> MemberIds,
    string Tier,
    DateOnly FirstCoveredDate,
    string Message,
    DateTimeOffset At,
    string Stream,
    long Sequence) : ISequencedMessage
{
    public static CoverStartsMessage From(CoverStarts e) =>
        new(e.FamilyId, e.MemberId, e.MemberIds, e.Tier.ToString(), e.FirstCoveredDate, e.Message, e.At, LiveGroups.Family(e.FamilyId), e.Sequence);
}

/// <summary>1 January: yearly caps start afresh; a page showing caps re-reads them for the new year.</summary>
public sealed record CapsResetMessage(int Year, string Message, DateTimeOffset At)
{
    public static CapsResetMessage From(CapsReset e) => new(e.Year, e.Message, e.At);
}

/// <summary>
/// Pushes may have been lost on their way (a host died with pushes queued, a queue overflowed): every page re-reads what
/// it shows, as after a reconnection. <see cref="Reason"/> is for the log, not for the member.
/// </summary>
public sealed record ResyncMessage(string Reason, DateTimeOffset At)
{
    public static ResyncMessage From(PushesLost e) => new(e.Reason, e.At);
}
