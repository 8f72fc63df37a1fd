using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.StatutoryCover;

namespace CmcmActors.Grains.Members;

/// <summary>
/// The member's state as the previous version stored it (state "member", one JSON row rewritten whole by every batch,
/// older claims on member-archive pages). Read only to move a member into the journal on its first activation after
/// the upgrade (<see cref="MemberGrain"/>); never written.
/// </summary>
[GenerateSerializer, Alias("cmcm.MemberState")]
public sealed class LegacyMemberState
{
    [Id(0)] public string? FamilyId { get; set; }

    [Id(1)] public List<StatutoryPeriod> StatutoryPeriods { get; set; } = [];

    /// <summary>Running totals, one entry per accumulator.</summary>
    [Id(2)] public List<AccumulatorChange> Usage { get; set; } = [];

    /// <summary>The member's recent claims, by claim id, in full.</summary>
    [Id(3)] public Dictionary<string, ClaimRecord> Claims { get; set; } = [];

    /// <summary>Cap movements of the recent claims.</summary>
    [Id(4)] public List<CapMovement> Audit { get; set; } = [];

    [Id(5)] public long Version { get; set; }

    /// <summary>Older claims moved to archive pages: claim id → page. With <see cref="Claims"/>, the exactly-once record.</summary>
    [Id(6)] public Dictionary<string, int> Archived { get; set; } = [];

    [Id(7)] public int ArchivePages { get; set; }

    /// <summary>What the archived claims paid, so the member's total needs no archive read.</summary>
    [Id(8)] public long ArchivedPaidCents { get; set; }
}
