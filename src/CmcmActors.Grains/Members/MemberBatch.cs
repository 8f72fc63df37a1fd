using CmcmActors.Contracts.Audit;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Grains.Journal;

namespace CmcmActors.Grains.Members;

/// <summary>
/// What one batch of a member's commands changed: exactly what its append writes. It decides on its own copy of the
/// member's totals, which readers see only once the append is durable.
/// </summary>
internal sealed class MemberBatch(AccumulatorBook durable)
{
    public AccumulatorBook Book { get; } = AccumulatorBook.FromTotals(durable.ToTotals());

    public Dictionary<string, JournaledClaim> Claims { get; } = new(StringComparer.Ordinal);

    /// <summary>Each claim the batch changes as it was before the batch (null: new in this batch): what is durable of it.</summary>
    public Dictionary<string, JournaledClaim?> Before { get; } = new(StringComparer.Ordinal);

    public HashSet<AccumulatorKey> MovedKeys { get; } = [];

    public List<CmcmEvent> Events { get; } = [];

    /// <summary>The family shares reserved for the claims' new versions, settled once the append is durable.</summary>
    public Dictionary<string, (string FamilyId, long Version, AccumulatorChange[] Changes)> Reservations { get; } = new(StringComparer.Ordinal);

    /// <summary>The actor of the command being decided: every history entry and cap movement it makes carries it.</summary>
    public Actor By { get; set; } = Actor.System;

    /// <summary>
    /// Per claim, the family's totals without that claim's share, as its new version was decided on: the base of the
    /// family-scoped movements its audit shows (the family's total before and after).
    /// </summary>
    public Dictionary<string, AccumulatorBook> FamilyTotals { get; } = new(StringComparer.Ordinal);

    public string? BoundFamilyId { get; set; }

    public IReadOnlyList<StatutoryPeriod>? StatutoryPeriods { get; set; }

    public int NewClaims { get; set; }

    public long PaidCentsDelta { get; set; }

    /// <summary>A family cascade this batch makes due (written in its head).</summary>
    public FamilyCascadeDue? FamilyCascade { get; set; }

    /// <summary>The due cascade was driven to its end: the head forgets it.</summary>
    public bool CascadeDone { get; set; }

    /// <summary>The opening balances this batch takes (an import's fingerprint and the balances), written in the head.</summary>
    public (string Fingerprint, IReadOnlyList<AccumulatorChange> Balances)? Opening { get; set; }

    public bool IsEmpty => Claims.Count == 0 && MovedKeys.Count == 0 && BoundFamilyId is null && StatutoryPeriods is null
        && FamilyCascade is null && !CascadeDone && Opening is null;
}
