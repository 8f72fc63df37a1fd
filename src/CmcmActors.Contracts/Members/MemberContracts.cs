using System.Text.Json.Serialization;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.StatutoryCover;
using Orleans.Concurrency;

namespace CmcmActors.Contracts.Members;

/// <summary>
/// A member: statutory cover periods, the family he or she belongs to, the running totals of member-scoped caps, the
/// record of every claim and the audit of every cap movement. The one owner of a claim's life: a claim is decided,
/// resolved and reversed here, and its record and the cap movements it causes are appended to the journal in one
/// write, so a claim is accepted exactly when that append commits and its effect on caps is applied exactly once
/// (keyed by claim id). Expected refusals are answered as <see cref="ClaimResult.Refusal"/>, never thrown.
/// Key: <see cref="GrainKeys.Member"/>.
/// </summary>
public interface IMemberGrain : IGrainWithStringKey
{
    [ReadOnly, AlwaysInterleave]
    Task<MemberView> GetAsync();

    Task<MemberView> SetStatutoryPeriodsAsync(string familyId, StatutoryPeriod[] periods);

    /// <summary>Decides the claim and records it durably before answering; the same claim sent again answers its record.</summary>
    Task<ClaimResult> SubmitClaimAsync(ClaimSubmission submission);

    /// <summary>
    /// Adds documents to a pended claim, which is decided again at once. Documents a member attaches are recorded, but
    /// count as the ones a benefit requires only once staff confirm them (<see cref="ClaimTrust"/>).
    /// </summary>
    Task<ClaimResult> AddDocumentsAsync(string claimId, string[] documents, string by, ClaimSource source = ClaimSource.Staff);

    /// <summary>Re-adjudicates a pended claim with the facts a person confirmed, or refuses it; applies the result once.</summary>
    Task<ClaimResult> ResolveClaimAsync(string claimId, ClaimResolution resolution);

    /// <summary>
    /// Reverses a decided claim: gives its cap room back, exactly once, and decides again the member's claims that a cap
    /// limited (the cascade), each receiving its top-up, in the same durable append.
    /// </summary>
    Task<ClaimResult> ReverseClaimAsync(string claimId, string reason, string by);

    /// <summary>
    /// Corrects a claim (wrong amount, date or code): a new version of the same claim, decided again with the room its
    /// earlier version gave back; the difference per tier is in its history; then the cascade, as for a reversal.
    /// A pended claim just takes the new lines.
    /// </summary>
    Task<ClaimResult> CorrectClaimAsync(string claimId, ClaimLine[] lines, string reason, string by);

    /// <summary>What reversing (<paramref name="lines"/> null) or correcting the claim would re-decide, consuming nothing.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<CascadePreview> PreviewCascadeAsync(string claimId, ClaimLine[]? lines);

    /// <summary>What a planned claim would pay today, without consuming any cap.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<ClaimAdjudication> EstimateAsync(string familyId, ClaimLine[] lines);

    [ReadOnly, AlwaysInterleave]
    Task<ClaimRecord?> GetClaimAsync(string claimId);

    [ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<ClaimRecord>> GetClaimsAsync();

    /// <summary>
    /// At most <paramref name="limit"/> claims past <paramref name="after"/>, in the order received (oldest first), or
    /// newest first when <paramref name="newestFirst"/> (the cursor then marks where the previous page ended going back).
    /// </summary>
    [ReadOnly, AlwaysInterleave]
    Task<ClaimPage> GetClaimsPageAsync(ClaimCursor? after, int limit, bool newestFirst = false);

    /// <summary>Caps used and remaining per benefit for a calendar year of care.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<CapUsage>> GetCapsAsync(int year);

    [ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<CapMovement>> GetAuditAsync();

    /// <summary>Per tier, whether and from when the member's care is covered on <paramref name="on"/>.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<WaitingPeriodStatus>> GetWaitingPeriodsAsync(DateOnly on);

    /// <summary>
    /// Binds the member to <paramref name="familyId"/> durably, unless he or she belongs to another family: the one place
    /// that decides which family a member belongs to, so that under any interleaving a member is on one roster only.
    /// Called by the family before it commits a roster change. Interleaves (the family may be waited on by this member).
    /// </summary>
    [AlwaysInterleave]
    Task<FamilyJoin> JoinFamilyAsync(string familyId);

    /// <summary>
    /// The member is no longer bound to <paramref name="familyId"/>: the family removed him or her from its roster, or
    /// could not commit the join it asked for. He or she may then join another family; caps stay with the person.
    /// </summary>
    [AlwaysInterleave]
    Task LeaveFamilyAsync(string familyId);

    /// <summary>The family changed (roster, tiers, payments): facts cached before <paramref name="version"/> are stale.</summary>
    [AlwaysInterleave]
    Task FamilyChangedAsync(string familyId, long version);

    /// <summary>
    /// What a family cascade needs of this member (<see cref="MemberCascadeState"/>), read without calling the family:
    /// the family's cascade owner reads it from every member of the roster.
    /// </summary>
    [ReadOnly, AlwaysInterleave]
    Task<MemberCascadeState> GetCascadeStateAsync(string familyId);

    /// <summary>
    /// Writes this member's steps of a family cascade, decided by its owner in one pass over the family
    /// (<see cref="Domain.Adjudication.ClaimCascade.RunAcrossFamily"/>) on the state read by
    /// <see cref="GetCascadeStateAsync"/>. Refused (false, nothing written) when the member changed since that read: the
    /// owner plans again. Writing steps that were already written is refused the same way, so a re-drive is harmless.
    /// </summary>
    Task<bool> ApplyCascadeStepsAsync(CascadeStepOrder order);

    /// <summary>
    /// The family asks what this member wrote of a claim whose family share it reserved long ago (the write failed, or
    /// its settlement was lost): answered, after every write under way, by settling the share of the version written.
    /// </summary>
    [AlwaysInterleave]
    Task ReconcileFamilyShareAsync(string familyId, string claimId);

    /// <summary>
    /// An imported member takes his or her statutory periods and opening balances (what was used of member-scoped caps
    /// before the import) in one journal append, once: the same <paramref name="fingerprint"/> again changes nothing. Called
    /// by the family once it has enrolled the member (<see cref="Families.IFamilyGrain.ImportAsync"/>);
    /// <paramref name="familyVersion"/> is the family's version from which cached facts are current.
    /// </summary>
    Task<MemberView> ImportAsync(string familyId, long familyVersion, Domain.Import.ImportedMember member, string fingerprint);
}

/// <summary>
/// A member's part in a family cascade: the version of the member it was read at, its statutory cover (the family holds
/// the rest of its profile), its member-scoped totals, and its decided claims in the family that a cap limited.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.MemberCascadeState")]
public sealed record MemberCascadeState(
    [property: Id(0)] long HeadVersion,
    [property: Id(1)] IReadOnlyList<StatutoryPeriod> StatutoryPeriods,
    [property: Id(2)] IReadOnlyList<AccumulatorChange> Totals,
    [property: Id(3)] IReadOnlyList<ClaimRecord> Limited);

/// <summary>One member's steps of a family cascade, decided on the member as it was at <see cref="ExpectedHeadVersion"/>.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.CascadeStepOrder")]
public sealed record CascadeStepOrder(
    [property: Id(0)] string FamilyId,
    [property: Id(1)] string CauseClaimId,
    [property: Id(2)] string What,
    [property: Id(3)] long ExpectedHeadVersion,
    [property: Id(4)] CascadeStepOfClaim[] Steps)
{
    /// <summary>
    /// After this instant the member refuses the steps: a step the owner gave up on can never be written later, so the
    /// family may ask the member what it wrote and end the steps' reservations.
    /// </summary>
    [Id(5)]
    public DateTimeOffset Deadline { get; init; } = DateTimeOffset.MaxValue;
}

/// <summary>A claim's new decision in a cascade: it pays more than its version <see cref="ExpectedVersion"/> did.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.CascadeStepOfClaim")]
public sealed record CascadeStepOfClaim(
    [property: Id(0)] string ClaimId,
    [property: Id(1)] long ExpectedVersion,
    [property: Id(2)] ClaimAdjudication Next);

[GenerateSerializer, Immutable, Alias("cmcm.CascadePreview")]
public sealed record CascadePreview(
    [property: Id(0)] ClaimRefusal? Refusal,
    [property: Id(1)] Domain.Money.Money PaidBefore,
    [property: Id(2)] Domain.Money.Money PaidAfter,
    [property: Id(3)] IReadOnlyList<RedecidedClaim> Redecided);

[GenerateSerializer, Immutable, Alias("cmcm.RedecidedClaim")]
public sealed record RedecidedClaim(
    [property: Id(0)] string ClaimId,
    [property: Id(1)] Domain.Money.Money PaidBefore,
    [property: Id(2)] Domain.Money.Money PaidAfter);

/// <summary>The member's answer to a family that wants him or her on its roster.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.FamilyJoin")]
public sealed record FamilyJoin(
    [property: Id(0)] bool Joined,
    [property: Id(1)] bool NewlyBound,
    [property: Id(2)] string? OtherFamilyId);

[GenerateSerializer, Immutable, Alias("cmcm.MemberView")]
public sealed record MemberView(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string? FamilyId,
    [property: Id(2)] IReadOnlyList<StatutoryPeriod> StatutoryPeriods,
    [property: Id(3)] int ClaimCount,
    [property: Id(4)] Domain.Money.Money TotalPaid);

/// <summary>One cap as it stands for a member (or, for a family-scoped cap, the member's family) and a year: limit, used, remaining.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.CapUsage")]
public sealed record CapUsage(
    [property: Id(0)] string CapId,
    [property: Id(1)] IReadOnlyList<string> BenefitCodes,
    [property: Id(2)] string Description,
    [property: Id(3)] string Key,
    [property: Id(4)] Domain.Money.Money? Limit,
    [property: Id(5)] Domain.Money.Money Used,
    [property: Id(6)] Domain.Money.Money? Remaining,
    [property: Id(7)] int? UnitsLimit,
    [property: Id(8)] int UnitsUsed)
{
    /// <summary>A family-scoped cap: used and remaining are the family's total, shared by all its members.</summary>
    [Id(9)]
    public bool Family { get; init; }

    /// <summary>Of <see cref="Used"/>, what was used before the member was imported (an opening balance); null when none.</summary>
    [Id(10)]
    public Domain.Money.Money? Opening { get; init; }
}

/// <summary>One movement of one accumulator (member-scoped, or the family's total for a family-scoped cap), for the audit trail.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.CapMovement")]
public sealed record CapMovement(
    [property: Id(0)] string ClaimId,
    [property: Id(1)] string Key,
    [property: Id(2)] Domain.Money.Money Before,
    [property: Id(3)] Domain.Money.Money After,
    [property: Id(4)] int UnitsBefore,
    [property: Id(5)] int UnitsAfter,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] bool Reversal)
{
    /// <summary>Who made the act that moved the cap (the system for a cascade); null in rows written before actors were kept.</summary>
    [Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Audit.Actor? By { get; init; }

    /// <summary>True for a family-scoped cap: <see cref="Before"/> and <see cref="After"/> are the family's total.</summary>
    [Id(9), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Family { get; init; }
}

[GenerateSerializer, Immutable, Alias("cmcm.WaitingPeriodStatus")]
public sealed record WaitingPeriodStatus(
    [property: Id(0)] Tier Tier,
    [property: Id(1)] TierCoverageStatus Status,
    [property: Id(2)] DateOnly? FirstCoveredDate);

/// <summary>
/// A page of a member's older claims and their cap movements, moved out of the member's own state so that the state a
/// member writes for every batch stays small however many claims the member has. Written by the member grain only.
/// Key: "member-archive/{memberId}/{page}".
/// </summary>
public interface IMemberArchiveGrain : IGrainWithStringKey
{
    Task StoreAsync(ClaimRecord[] claims, CapMovement[] movements);

    [ReadOnly, AlwaysInterleave]
    Task<MemberArchivePage> GetAsync();
}

[GenerateSerializer, Immutable, Alias("cmcm.MemberArchivePage")]
public sealed record MemberArchivePage(
    [property: Id(0)] IReadOnlyList<ClaimRecord> Claims,
    [property: Id(1)] IReadOnlyList<CapMovement> Movements);
