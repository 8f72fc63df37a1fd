using CmcmActors.Contracts.Audit;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.People;

namespace CmcmActors.Grains.Families;

/// <summary>Persisted as state "family". Domain values inside are written by the System.Text.Json codec.</summary>
[GenerateSerializer, Alias("cmcm.FamilyState")]
public sealed class FamilyState
{
    [Id(0)] public Family? Family { get; set; }

    /// <summary>Running totals of family-scoped caps, one entry per accumulator.</summary>
    [Id(1)] public List<AccumulatorChange> Usage { get; set; } = [];

    /// <summary>
    /// Written by the version before <see cref="Shares"/>: family-scoped changes of every applied claim, by claim id (a
    /// ledger that grew with the family's history). Emptied at the next write: each claim's member holds its share.
    /// </summary>
    [Id(2)] public Dictionary<string, AccumulatorChange[]> AppliedClaims { get; set; } = [];

    /// <summary>Changes whenever <see cref="Usage"/> does: the optimistic check of family-scoped caps.</summary>
    [Id(3)] public long AccumulatorVersion { get; set; }

    [Id(4)] public long Version { get; set; }

    /// <summary>The last day whose cover starts were announced (set at enrolment: earlier days are never announced).</summary>
    [Id(5)] public DateOnly? CoverAnnouncedThrough { get; set; }

    /// <summary>The number of the family's last push (<see cref="Contracts.Notifications.CmcmEvent.Sequence"/>), written with what it announces.</summary>
    [Id(6)] public long PushSequence { get; set; }

    /// <summary>Names and national numbers by member id (personal data, apart from the domain's family on purpose).</summary>
    [Id(7)] public Dictionary<string, Person> People { get; set; } = [];

    /// <summary>The <see cref="Version"/> last written to the people index; behind <see cref="Version"/> until the index has it.</summary>
    [Id(8)] public long PeopleIndexedVersion { get; set; }

    /// <summary>Claims with a write under way and what they hold of <see cref="Usage"/>, by claim id (<see cref="FamilyCapLedger"/>).</summary>
    [Id(9)] public Dictionary<string, FamilyShare> Shares { get; set; } = [];

    /// <summary>
    /// The audit entries of the family's commands, written in the same state write as the change they record (an outbox),
    /// then copied to the audit table by entry id (idempotent) and dropped from here at the next write.
    /// </summary>
    [Id(12)] public List<AuditEntry> AuditOutbox { get; set; } = [];

    /// <summary>The import the family was enrolled from (its fingerprint); null when enrolled through the API.</summary>
    [Id(10)] public string? ImportFingerprint { get; set; }

    /// <summary>What the family had used of family-scoped caps when imported: part of <see cref="Usage"/> from the start.</summary>
    [Id(11)] public List<AccumulatorChange> OpeningUsage { get; set; } = [];
}
