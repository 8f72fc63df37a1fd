using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Affiliation;

namespace CmcmActors.LoadTest.Targets;

/// <summary>One seeded family: its id, level and members.</summary>
public sealed record SeededFamily(string FamilyId, CoverageLevel Level, IReadOnlyList<string> MemberIds);

/// <summary>Where a burst goes: the Orleans cluster directly, or the HTTP API of one or more hosts.</summary>
public interface ILoadTarget : IAsyncDisposable
{
    string Name { get; }

    Task SeedFamilyAsync(SeededFamily family, int index, CancellationToken cancellationToken);

    Task<ClaimRecord> SubmitAsync(ClaimSubmission submission, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClaimRecord>> ClaimsOfMemberAsync(string familyId, string memberId, CancellationToken cancellationToken);

    Task<IReadOnlyList<CmcmActors.Contracts.Members.CapMovement>> AuditOfMemberAsync(string familyId, string memberId, CancellationToken cancellationToken);

    Task<IReadOnlyList<CmcmActors.Contracts.Members.CapUsage>> CapsOfMemberAsync(string familyId, string memberId, int year, CancellationToken cancellationToken);
}
