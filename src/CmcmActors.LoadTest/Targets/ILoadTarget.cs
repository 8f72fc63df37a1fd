using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Affiliation;

namespace CmcmActors.LoadTest.Targets;

/// <summary>One seeded family: its id, level and members.</summary>
public sealed record SeededFamily(string FamilyId, CoverageLevel Level, IReadOnlyList<string> MemberIds);

/// <summary>What a submission answered: the claim's status and what it pays now.</summary>
public sealed record SubmitOutcome(string ClaimId, ClaimStatus Status, decimal TotalPaid);

/// <summary>One member-scoped cap change a claim's decision made: the accumulator key and the amount (cents).</summary>
public sealed record AuditChange(string Key, long PaidCents);

/// <summary>A claim as the audit reads it back, whichever way it was read.</summary>
public sealed record AuditClaim(string ClaimId, ClaimStatus Status, long TotalPaidCents, IReadOnlyList<AuditChange> MemberChanges);

/// <summary>Where a burst goes: the Orleans cluster directly, or the HTTP API of one or more hosts.</summary>
public interface ILoadTarget : IAsyncDisposable
{
    string Name { get; }

    Task SeedFamilyAsync(SeededFamily family, int index, CancellationToken cancellationToken);

    Task<SubmitOutcome> SubmitAsync(ClaimSubmission submission, CancellationToken cancellationToken);

    /// <summary>Reverses a paid claim, as the front desk does (its room comes back and the cascade tops up the claims a cap limited).</summary>
    Task<SubmitOutcome> ReverseAsync(ClaimSubmission claim, string reason, CancellationToken cancellationToken);

    /// <summary>Corrects a claim's lines, as the front desk does (a new version of the same claim, decided again).</summary>
    Task<SubmitOutcome> CorrectAsync(ClaimSubmission claim, IReadOnlyList<CmcmActors.Domain.Adjudication.ClaimLine> lines, string reason, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditClaim>> ClaimsOfMemberAsync(string familyId, string memberId, CancellationToken cancellationToken);

    Task<IReadOnlyList<CmcmActors.Contracts.Members.CapMovement>> AuditOfMemberAsync(string familyId, string memberId, CancellationToken cancellationToken);

    Task<IReadOnlyList<CmcmActors.Contracts.Members.CapUsage>> CapsOfMemberAsync(string familyId, string memberId, int year, CancellationToken cancellationToken);
}
