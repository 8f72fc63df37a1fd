using Orleans.Concurrency;

namespace CmcmActors.Contracts.Audit;

/// <summary>
/// One act in the audit trail: who (<see cref="By"/>), when, what (<see cref="Action"/>, a stable code, and
/// <see cref="Detail"/>, the words), on which family, member and claim. <see cref="Id"/> is unique and stable, so an
/// entry copied twice is kept once: "family/F-1/v7" for the family's 7th write, "claim/M-1/INV-1/h2" for a claim's
/// third history entry, "claim/M-1/INV-1/m0" for its first cap movement. <see cref="By"/> is null only for acts written
/// before actors were kept.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string FamilyId,
    [property: Id(3)] string? MemberId,
    [property: Id(4)] string? ClaimId,
    [property: Id(5)] Actor? By,
    [property: Id(6)] string Action,
    [property: Id(7)] string Detail);

/// <summary>
/// Where a newest-first page of a trail ended: the entry's time (to the microsecond, as PostgreSQL keeps it) and id.
/// The next page holds the entries before it.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.AuditCursor")]
public sealed record AuditCursor([property: Id(0)] DateTimeOffset At, [property: Id(1)] string Id)
{
    public static AuditCursor Of(AuditEntry entry) => new(Claims.ClaimCursor.Truncate(entry.At), entry.Id);

    /// <summary>True when an entry at (<paramref name="at"/>, <paramref name="id"/>) comes after this cursor in a newest-first list.</summary>
    public bool Precedes(DateTimeOffset at, string id)
    {
        var time = Claims.ClaimCursor.Truncate(at).CompareTo(At);
        return time < 0 || (time == 0 && string.CompareOrdinal(id, Id) < 0);
    }
}

/// <summary>The actions of the trail, as stable codes (the pages translate them).</summary>
public static class AuditActions
{
    public const string FamilyEnrolled = "family.enrolled";
    public const string CoAffiliateAdded = "family.co-affiliate-added";
    public const string CoAffiliateRemoved = "family.co-affiliate-removed";
    public const string LevelChanged = "family.level-changed";
    public const string PaymentRecorded = "family.payment-recorded";
    public const string Resigned = "family.resigned";
    public const string Readmitted = "family.readmitted";
    public const string PersonChanged = "family.person-changed";
    public const string StatutoryCoverSet = "member.statutory-cover-set";

    /// <summary>A claim's history entry: "claim." and its status in camel case ("claim.received", "claim.pended").</summary>
    public const string ClaimPrefix = "claim.";

    public const string CapUsed = "cap.used";
    public const string CapGivenBack = "cap.given-back";
    public const string CataloguePublished = "catalogue.published";
}
