using CmcmActors.Contracts.Claims;
using CmcmActors.Grains.Journal;
using Orleans.Concurrency;

namespace CmcmActors.Grains.Claims;

/// <summary>
/// The queue of pended claims, read from the journal on every call: the claims' durable states are the queue, so it can
/// be neither lost nor out of step. Stateless, so every silo answers from its own activation.
/// </summary>
[StatelessWorker]
public sealed class PendedClaimsGrain(IMemberJournal journal) : Grain, IPendedClaimsGrain
{
    public async Task<IReadOnlyList<PendedClaim>> GetAllAsync()
    {
        var pended = await journal.ReadPendedAsync();
        return pended.Select(PendedClaim.Of).OfType<PendedClaim>()
            .OrderBy(c => c.PendedAt).ThenBy(c => c.ClaimId, StringComparer.Ordinal).ToArray();
    }

    public async Task<PendedPage> GetPageAsync(ClaimCursor? after, int limit)
    {
        var pended = await journal.ReadPendedAsync(after, limit + 1);
        var page = pended.Take(limit).Select(PendedClaim.Of).OfType<PendedClaim>().ToArray();
        return new PendedPage(page, pended.Count > limit ? ClaimCursor.Of(page[^1].PendedAt, page[^1].ClaimId) : null);
    }
}
