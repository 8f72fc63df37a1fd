using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Import;
using CmcmActors.Domain.People;
using Orleans.Concurrency;

namespace CmcmActors.Contracts.Families;

/// <summary>
/// A CMCM family: enrolment, roster, tier history, contributions, resignation and readmission, and the accumulators
/// of family-scoped caps. Key: <see cref="GrainKeys.Family"/>. While handling a command it calls its members only
/// through their interleaving methods (<see cref="Members.IMemberGrain.JoinFamilyAsync"/>,
/// <see cref="Members.IMemberGrain.FamilyChangedAsync"/>), so member → family calls cannot deadlock.
/// </summary>
public interface IFamilyGrain : IGrainWithStringKey
{
    Task<FamilyResult> EnrolAsync(EnrolFamily command);

    [ReadOnly, AlwaysInterleave]
    Task<FamilyView?> GetAsync();

    Task<FamilyResult> AddCoAffiliateAsync(AddCoAffiliate command);

    Task<FamilyResult> RemoveCoAffiliateAsync(string memberId, DateOnly effective);

    Task<FamilyResult> ChangeLevelAsync(DateOnly requestReceived, CoverageLevel level);

    Task<FamilyResult> RecordPaymentAsync(int year, Domain.Money.Money amount, DateOnly paidOn);

    Task<FamilyResult> ResignAsync(DateOnly effective);

    Task<FamilyResult> ReadmitAsync(DateOnly applicationReceived, CoverageLevel level);

    /// <summary>Replaces the names and national number of a member on the roster (staff corrections).</summary>
    Task<FamilyResult> UpdatePersonAsync(string memberId, Person person);

    /// <summary>
    /// What adjudicating a claim of <paramref name="memberId"/> needs from the family (statutory periods empty: the
    /// member grain adds them), with the family-scoped totals as they stand without what <paramref name="claimId"/>
    /// holds (<paramref name="claimShare"/>, the share of its durable version, which its member keeps), so that
    /// re-adjudicating a claim gives the same result. Null when the member is not in the family.
    /// </summary>
    [ReadOnly, AlwaysInterleave]
    Task<FamilyFacts?> GetFactsAsync(string memberId, string? claimId, AccumulatorChange[]? claimShare = null);

    /// <summary>
    /// Before a member writes a new version of a claim: the claim holds the larger of its durable and its new share of
    /// the family-scoped caps until <see cref="SettleFamilyShareAsync"/> (see <see cref="FamilyCapLedger"/>). Refused
    /// (nothing changed) when the share grows and the totals moved since the member read them: it decides again.
    /// </summary>
    Task<FamilyApplyResult> ReserveFamilyShareAsync(FamilyShareReservation reservation);

    /// <summary>
    /// The member wrote version <paramref name="version"/> of the claim: the claim holds that version's share alone, and
    /// room is given back only now. <paramref name="nothingNewer"/>: the member has no newer write of it under way.
    /// </summary>
    Task SettleFamilyShareAsync(string claimId, long version, AccumulatorChange[] changes, bool nothingNewer);

    /// <summary>
    /// Asks the member of every claim whose reservation is older than <paramref name="olderThan"/> what it wrote (a write
    /// that failed or whose settlement was lost); each member answers with <see cref="SettleFamilyShareAsync"/>. A
    /// reminder calls it while reservations are pending. Returns how many claims were asked about.
    /// </summary>
    Task<int> ReconcileFamilySharesAsync(TimeSpan olderThan);

    /// <summary>What the owner of a family cascade needs of the family: roster, profiles and family-scoped totals. Null when not enrolled.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<FamilyCascadeFacts?> GetCascadeFactsAsync();

    /// <summary>
    /// Reserves the shares of every step of a family cascade at once (<see cref="ReserveFamilyShareAsync"/>): refused,
    /// nothing changed, when the family's totals moved since <paramref name="decidedOn"/>.
    /// </summary>
    Task<ReserveOutcome> ReserveCascadeAsync(FamilyShareReservation[] reservations, long decidedOn, string reservedBy);

    /// <summary>Settles the steps of a family cascade that their members wrote (<see cref="SettleFamilyShareAsync"/>), in one write.</summary>
    Task SettleCascadeAsync(FamilyShareSettlement[] settlements);

    /// <summary>
    /// Enrols a family of the system the CMCM replaces, whole (roster, people, tiers, payments, family-scoped opening
    /// balances) or not at all, and has each member take his or her statutory periods and opening balances in one
    /// journal append. The same import again (same <see cref="ImportedFamily.Fingerprint"/>) changes nothing, and finishes
    /// what a run cut off half way left undone (members who had not yet taken their opening balances).
    /// </summary>
    Task<FamilyImportResult> ImportAsync(ImportedFamily import);
}

public enum FamilyImportOutcome
{
    Imported,

    /// <summary>Imported before from the same rows: nothing changed (members who had not taken their opening balances took them).</summary>
    AlreadyImported,

    Refused,
}

[GenerateSerializer, Immutable, Alias("cmcm.FamilyImportResult")]
public sealed record FamilyImportResult([property: Id(0)] FamilyImportOutcome Outcome, [property: Id(1)] Rejection? Rejection = null);

[GenerateSerializer, Immutable, Alias("cmcm.EnrolFamily")]
public sealed record EnrolFamily(
    [property: Id(0)] string FamilyId,
    [property: Id(1)] string MainMemberId,
    [property: Id(2)] DateOnly MainBirthDate,
    [property: Id(3)] DateOnly ApplicationReceived,
    [property: Id(4)] CoverageLevel Level,
    [property: Id(5)] EnrolmentReason Reason,
    [property: Id(6)] EligibilityFacts Eligibility,
    [property: Id(7)] Person? MainPerson = null);

[GenerateSerializer, Immutable, Alias("cmcm.AddCoAffiliate")]
public sealed record AddCoAffiliate(
    [property: Id(0)] string MemberId,
    [property: Id(1)] MemberKind Kind,
    [property: Id(2)] DateOnly BirthDate,
    [property: Id(3)] bool CoInsuredWithMainAffiliate,
    [property: Id(4)] DateOnly AddedOn,
    [property: Id(5)] DateOnly? BornOrAdoptedOn,
    [property: Id(6)] Person? Person = null);

[GenerateSerializer, Immutable, Alias("cmcm.TierStatus")]
public sealed record TierStatus(
    [property: Id(0)] Tier Tier,
    [property: Id(1)] DateOnly Start,
    [property: Id(2)] DateOnly? End,
    [property: Id(3)] int WaitingMonths,
    [property: Id(4)] DateOnly FirstCoveredDate);

[GenerateSerializer, Immutable, Alias("cmcm.FamilyView")]
public sealed record FamilyView(
    [property: Id(0)] string FamilyId,
    [property: Id(1)] CoverageLevel? Level,
    [property: Id(2)] DateOnly? ResignedOn,
    [property: Id(3)] bool AffiliationInEffect,
    [property: Id(4)] IReadOnlyList<FamilyMember> Members,
    [property: Id(5)] IReadOnlyList<TierStatus> Tiers,
    [property: Id(6)] IReadOnlyList<ContributionPayment> Payments,
    [property: Id(7)] EnrolmentReason EnrolmentReason,
    [property: Id(8)] long Version,
    [property: Id(9)] IReadOnlyDictionary<string, Person>? People = null);

[GenerateSerializer, Immutable, Alias("cmcm.FamilyResult")]
public sealed record FamilyResult([property: Id(0)] FamilyView? Family, [property: Id(1)] Rejection? Rejection)
{
    public bool IsSuccess => Rejection is null;
}

[GenerateSerializer, Immutable, Alias("cmcm.FamilyFacts")]
public sealed record FamilyFacts(
    [property: Id(0)] MemberProfile Profile,
    [property: Id(1)] long AccumulatorVersion,
    [property: Id(2)] IReadOnlyList<AccumulatorChange> FamilyUsage,
    [property: Id(3)] long FamilyVersion = 0);

/// <summary>
/// A claim's durable version and share (what its member last wrote), the version about to be written with its share,
/// and the family totals' version the new share was decided on.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.FamilyShareReservation")]
public sealed record FamilyShareReservation(
    [property: Id(0)] string ClaimId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] long DurableVersion,
    [property: Id(3)] AccumulatorChange[] Durable,
    [property: Id(4)] long NextVersion,
    [property: Id(5)] AccumulatorChange[] Next,
    [property: Id(6)] long DecidedOn)
{
    /// <summary>Who writes the new version: the claim's member (null) or a family cascade's run (its id).</summary>
    [Id(7)]
    public string? ReservedBy { get; init; }
}

/// <summary>A claim's version its member wrote, and that version's share of the family-scoped caps.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.FamilyShareSettlement")]
public sealed record FamilyShareSettlement(
    [property: Id(0)] string ClaimId,
    [property: Id(1)] long Version,
    [property: Id(2)] AccumulatorChange[] Changes);

/// <summary>
/// The family as a cascade's owner sees it: the members on its roster with their profiles (statutory cover empty: each
/// member holds its own), the family-scoped totals and their version.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.FamilyCascadeFacts")]
public sealed record FamilyCascadeFacts(
    [property: Id(0)] IReadOnlyDictionary<string, MemberProfile> Profiles,
    [property: Id(1)] IReadOnlyList<AccumulatorChange> Totals,
    [property: Id(2)] long AccumulatorVersion)
{
    /// <summary>
    /// Claims with a write under way (a reservation not yet settled): their room is held at its larger value, so a plan
    /// made now may pay less than is owed, and the cascade is driven again once they are settled.
    /// </summary>
    [Id(3)]
    public int Unsettled { get; init; }
}

[GenerateSerializer, Immutable, Alias("cmcm.FamilyApplyResult")]
public sealed record FamilyApplyResult([property: Id(0)] bool Applied, [property: Id(1)] bool AlreadyApplied, [property: Id(2)] long Version)
{
    /// <summary>Another write of the claim is under way (<see cref="ReserveOutcome.Busy"/>): retry later.</summary>
    [Id(3)]
    public bool Busy { get; init; }
}
