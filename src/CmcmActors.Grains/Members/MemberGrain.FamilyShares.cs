using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Journal;

namespace CmcmActors.Grains.Members;

/// <summary>
/// A claim's share of the family-scoped caps: decided on the family's totals, reserved before the batch is written,
/// settled after it (<see cref="FamilyCapLedger"/>); the family asks about a reservation whose write it never heard of.
/// </summary>
public sealed partial class MemberGrain
{
    /// <summary>How often a decision is taken again when the family's totals moved under it before giving up (retry later).</summary>
    private const int FamilyApplyAttempts = 10;

    private async Task SettleSafelyAsync(string familyId, string claimId, long version, AccumulatorChange[] changes, bool nothingNewer)
    {
        try
        {
            await Family(familyId).SettleFamilyShareAsync(claimId, version, changes, nothingNewer);
        }
        catch (Exception e)
        {
            LogSettleFailed(logger, e, MemberId, claimId);
        }
    }

    /// <summary>
    /// The family asked what was written of a claim it holds a reservation for: decided after every earlier batch was
    /// written or failed, so the durable version is known, and nothing newer of it is under way unless this very batch
    /// changes it (then its own settlement follows the append).
    /// </summary>
    private async Task ReconcileAsync(string familyId, string claimId, MemberBatch work)
    {
        if (work.Claims.ContainsKey(claimId))
        {
            return;
        }

        var durable = FamilyShare((await FindAsync(claimId, null))?.Record);
        await Family(familyId).SettleFamilyShareAsync(claimId, durable.Version, [.. durable.Changes], nothingNewer: true);
    }

    /// <summary>
    /// Decides a new version of a claim against the batch's totals and the family's facts (cached). When the new version
    /// or the durable one holds family-scoped room, it is decided again on the family's current totals (without what the
    /// claim holds) and its share reserved with an optimistic check, retried when the family's totals moved; the
    /// reservation is settled once the batch is durable (<see cref="FamilyCapLedger"/>).
    /// </summary>
    private async Task<ClaimAdjudication> AdjudicateAsync(string claimId, JournaledClaim? held, string familyId, IReadOnlyList<ClaimLine> lines, bool reviewed, long nextVersion, MemberBatch work)
    {
        var plausibility = reviewed ? PlausibilityLimits.None : reference.Plausibility;
        return await DecideWithFamilyAsync(claimId, held, familyId, nextVersion, work, FamilyCaps.Touch(lines, reference.Catalogues),
            facts => Adjudicator.Adjudicate(Profile(facts), lines, new ScopedAccumulatorReader(work.Book, AccumulatorBook.FromTotals(facts.FamilyUsage)), reference.Catalogues, plausibility));
    }

    private async Task<ClaimAdjudication> DecideWithFamilyAsync(string claimId, JournaledClaim? held, string familyId, long nextVersion, MemberBatch work,
        bool touchesFamilyCaps, Func<FamilyFacts, ClaimAdjudication> decide)
    {
        // The cached facts' family totals are as old as the cache (the family tells its members of roster changes, not of
        // every claim): lines that can touch a family-scoped cap are decided on fresh totals, even when the cached ones
        // say the cap is full.
        var durable = DurableShare(claimId, held, work);
        if (!touchesFamilyCaps && durable.Changes.Count == 0)
        {
            var cached = await FactsAsync(familyId) ?? throw new KeyNotFoundException($"Member {MemberId} is not in family {familyId}.");
            return decide(cached);
        }


        var family = Family(familyId);
        for (var attempt = 0; attempt < FamilyApplyAttempts; attempt++)
        {
            var facts = await family.GetFactsAsync(MemberId, claimId, [.. durable.Changes]) ?? throw new KeyNotFoundException($"Member {MemberId} is not in family {familyId}.");
            var decision = decide(facts);
            if (FamilyShare(decision).Length == 0 && durable.Changes.Count == 0)
            {
                // Nothing held before, nothing taken now (pended, refused, or paid from member caps only): nothing to reserve.
                return decision;
            }

            if (await ReserveAsync(family, familyId, claimId, durable, nextVersion, FamilyShare(decision), facts.AccumulatorVersion, work))
            {
                work.FamilyTotals[claimId] = AccumulatorBook.FromTotals(facts.FamilyUsage);
                return decision;
            }
        }

        throw new RetryLaterException($"Claim {claimId}: the family's totals kept changing; retry.");
    }

    private async Task<bool> ReserveAsync(IFamilyGrain family, string familyId, string claimId, ShareVersion durable, long nextVersion, AccumulatorChange[] next, long decidedOn, MemberBatch work)
    {
        var reserved = await family.ReserveFamilyShareAsync(new FamilyShareReservation(claimId, MemberId, durable.Version, [.. durable.Changes], nextVersion, next, decidedOn));
        if (reserved.Busy)
        {
            throw new RetryLaterException($"Claim {claimId}: a family cascade is writing it; retry.");
        }

        if (reserved.Applied)
        {
            work.Reservations[claimId] = (familyId, nextVersion, next);
        }

        return reserved.Applied;
    }

    /// <summary>The family share a decision holds: its family-scoped changes when it pays, nothing when pended or refused.</summary>
    private static AccumulatorChange[] FamilyShare(ClaimAdjudication decision) =>
        decision.Outcome is ClaimOutcome.Approved or ClaimOutcome.PartiallyApproved ? [.. decision.Changes.Where(c => c.Key.Scope == CapScope.Family)] : [];

    private static ShareVersion FamilyShare(ClaimRecord? record) =>
        record is { Status: ClaimStatus.Approved or ClaimStatus.PartiallyApproved, Decision: { } decision }
            ? new ShareVersion(record.Version, [.. decision.Changes.Where(c => c.Key.Scope == CapScope.Family)])
            : new ShareVersion(record?.Version ?? 0, []);

    /// <summary>
    /// The claim's version that is durable and its family share: as it was before this batch touched it, or as the command
    /// found it (<paramref name="held"/>) when the batch has not.
    /// </summary>
    private static ShareVersion DurableShare(string claimId, JournaledClaim? held, MemberBatch work) =>
        FamilyShare(work.Before.TryGetValue(claimId, out var before) ? before?.Record : held?.Record);

    private IFamilyGrain Family(string familyId) => GrainFactory.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId));
}
