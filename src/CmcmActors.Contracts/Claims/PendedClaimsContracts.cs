using CmcmActors.Domain.Routing;
using Orleans.Concurrency;

namespace CmcmActors.Contracts.Claims;

/// <summary>
/// The front desk's queue of claims that need a person, read from the journal: the durable states of the claims are the
/// queue, so it is never out of step with them and needs no updating of its own. Key: <see cref="Key"/>.
/// </summary>
public interface IPendedClaimsGrain : IGrainWithStringKey
{
    /// <summary>The one queue of the cluster.</summary>
    public const string Key = "pended/all";

    /// <summary>The pended claims, oldest first.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<PendedClaim>> GetAllAsync();

    /// <summary>At most <paramref name="limit"/> pended claims after <paramref name="after"/>, oldest first.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<PendedPage> GetPageAsync(ClaimCursor? after, int limit);
}

[GenerateSerializer, Immutable, Alias("cmcm.PendedPage")]
public sealed record PendedPage([property: Id(0)] IReadOnlyList<PendedClaim> Claims, [property: Id(1)] ClaimCursor? Next);

/// <summary>A claim waiting for a person: who, which invoice, which department, and what it needs.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.PendedClaim")]
public sealed record PendedClaim(
    [property: Id(0)] string ClaimId,
    [property: Id(1)] string FamilyId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] string InvoiceReference,
    [property: Id(4)] Department Department,
    [property: Id(5)] Channel Channel,
    [property: Id(6)] DateOnly ReceivedOn,
    [property: Id(7)] DateTimeOffset PendedAt,
    [property: Id(8)] string Need,
    [property: Id(9)] long Version)
{
    /// <summary>The queue entry of a pended claim, or null when the claim is not pended.</summary>
    public static PendedClaim? Of(ClaimRecord record) =>
        record is { Status: ClaimStatus.Pended, Pending: { } pending }
            ? new PendedClaim(record.ClaimId, record.Submission.FamilyId, record.Submission.MemberId, record.Submission.InvoiceReference,
                pending.Department, pending.Channel, record.Submission.ReceivedOn, record.History[^1].At, pending.Need, record.Version)
            : null;
}
