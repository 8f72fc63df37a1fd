using System.Text.Json;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Payments;
using CmcmActors.Domain.StatutoryCover;

namespace CmcmActors.Grains.Journal;

/// <summary>
/// Where members' claims and caps are durable. A member's batch appends only what it changed (the claims it decided,
/// the totals it moved, its small head row), never its history, and one silo's appends are committed together (group
/// commit). A member reads its head and totals when it activates, and claims only when asked for them.
/// </summary>
public interface IMemberJournal
{
    /// <summary>The member's head, totals and claim ids, or null when the journal has never heard of the member.</summary>
    Task<MemberSnapshot?> LoadAsync(string memberId);

    /// <summary>
    /// Makes the append durable, or nothing of it. Fails with <see cref="JournalConflictException"/> when the member's
    /// head is no longer at <see cref="MemberAppend.ExpectedVersion"/> (another activation wrote it).
    /// </summary>
    Task AppendAsync(MemberAppend append);

    Task<JournaledClaim?> ReadClaimAsync(string memberId, string claimId);

    /// <summary>
    /// The member's claims past <paramref name="after"/> (all when null), at most <paramref name="limit"/>: in the order
    /// received, or newest first when <paramref name="newestFirst"/> (then those received before the cursor).
    /// </summary>
    Task<IReadOnlyList<JournaledClaim>> ReadClaimsAsync(string memberId, ClaimCursor? after = null, int limit = int.MaxValue, bool newestFirst = false);

    /// <summary>The pended claims of every member pended after <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ClaimRecord>> ReadPendedAsync(ClaimCursor? after = null, int limit = int.MaxValue);
}

/// <summary>
/// The small, always-loaded part of a member: version, family, statutory cover, the totals shown on the member view, and
/// the number of the member's last push (written with the changes it announces; absent in rows written before, read as 0).
/// </summary>
public sealed record MemberHead(long Version, string? FamilyId, IReadOnlyList<StatutoryPeriod> StatutoryPeriods, int ClaimCount, long PaidCents, long PushSequence = 0)
{
    public static readonly MemberHead New = new(0, null, [], 0, 0);

    /// <summary>
    /// A family cascade this member owes the family: written in the same append as the reversal or correction that gave
    /// family-scoped room back, cleared once every member's limited claims were decided again. Null when none is due.
    /// </summary>
    public FamilyCascadeDue? PendingCascade { get; init; }

    /// <summary>The import the member took his or her opening balances from (its fingerprint); null when not imported.</summary>
    public string? OpeningImport { get; init; }

    /// <summary>What the member had used of member-scoped caps when imported: part of the totals, counted by the audit.</summary>
    public IReadOnlyList<AccumulatorChange>? Opening { get; init; }
}

/// <summary>Claim <paramref name="ClaimId"/> was <paramref name="What"/> ("reversed", "corrected") and gave family room back.</summary>
public sealed record FamilyCascadeDue(string FamilyId, string ClaimId, string What);

/// <summary>A claim as the journal keeps it: its record and the cap movements it caused (the member's audit).</summary>
public sealed record JournaledClaim(ClaimRecord Record, IReadOnlyList<CapMovement> Movements);

public sealed record MemberSnapshot(MemberHead Head, IReadOnlyList<AccumulatorChange> Totals, IReadOnlyList<string> ClaimIds);

/// <summary>
/// One batch of one member: its new head, the new totals of the accumulators it moved (a zero total removes the row),
/// and the claims it created or changed.
/// </summary>
public sealed record MemberAppend(
    string MemberId,
    long ExpectedVersion,
    MemberHead Head,
    IReadOnlyList<AccumulatorChange> Totals,
    IReadOnlyList<JournaledClaim> Claims)
{
    /// <summary>
    /// What the claims' changes make owed (one row per claim whose paid amount moved), durable with them or not at all:
    /// payment runs read these rows (<see cref="Payments.IPaymentLedger"/>).
    /// </summary>
    public IReadOnlyList<Payable> Payables { get; init; } = [];
}

/// <summary>The member's head moved under this activation: its in-memory state is stale and must be reloaded.</summary>
public sealed class JournalConflictException : Exception
{
    public JournalConflictException() { }

    public JournalConflictException(string message) : base(message) { }

    public JournalConflictException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>How journal rows are written: System.Text.Json, no type names, so a renamed class still reads old rows.</summary>
internal static class JournalJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"A journal row holds no {typeof(T).Name}.");
}
