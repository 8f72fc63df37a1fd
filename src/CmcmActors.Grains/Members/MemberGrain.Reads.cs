using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Grains.Journal;

namespace CmcmActors.Grains.Members;

/// <summary>What readers see: only what is durable (the journal, and the totals of the last batch written).</summary>
public sealed partial class MemberGrain
{
    public async Task<ClaimAdjudication> EstimateAsync(string familyId, ClaimLine[] lines)
    {
        var facts = await Family(familyId).GetFactsAsync(MemberId, null)
            ?? throw new KeyNotFoundException($"Member {MemberId} is not in family {familyId}.");
        var reader = new ScopedAccumulatorReader(_book, AccumulatorBook.FromTotals(facts.FamilyUsage));
        return Adjudicator.Adjudicate(Profile(facts), lines, reader, reference.Catalogues, reference.Plausibility);
    }

    public async Task<ClaimRecord?> GetClaimAsync(string claimId)
    {
        ForgetIfUnknown();
        return (await FindAsync(claimId, null))?.Record;
    }

    public async Task<IReadOnlyList<ClaimRecord>> GetClaimsAsync()
    {
        if (_head.ClaimCount == 0)
        {
            return [];
        }

        var claims = await journal.ReadClaimsAsync(MemberId);
        return claims.Select(c => c.Record).OrderBy(c => c.History[0].At).ThenBy(c => c.ClaimId, StringComparer.Ordinal).ToArray();
    }

    public async Task<ClaimPage> GetClaimsPageAsync(ClaimCursor? after, int limit, bool newestFirst = false)
    {
        if (_head.ClaimCount == 0)
        {
            ForgetIfUnknown();
            return new ClaimPage([], null) { PushSequence = _head.PushSequence };
        }

        // The push sequence before the read: the read shows at least what it announces (a batch appended meanwhile is in
        // the read and its pushes arrive as already seen), never less.
        var pushSequence = _head.PushSequence;

        // One more than asked: whether a next page exists, without a second read.
        var claims = await journal.ReadClaimsAsync(MemberId, after, limit + 1, newestFirst);
        var page = claims.Take(limit).Select(c => c.Record).ToArray();
        return new ClaimPage(page, claims.Count > limit ? ClaimCursor.Of(page[^1].History[0].At, page[^1].ClaimId) : null) { PushSequence = pushSequence };
    }

    /// <summary>
    /// A read of a member the journal has never heard of (a probe with a made-up id) must not leave an activation behind
    /// for the collection age: it goes as soon as the call is answered.
    /// </summary>
    private void ForgetIfUnknown()
    {
        if (_head.Version == 0 && _queue.Count == 0 && !_pumping)
        {
            DeactivateOnIdle();
        }
    }

    public async Task<IReadOnlyList<CapMovement>> GetAuditAsync()
    {
        if (_head.ClaimCount == 0)
        {
            return [];
        }

        var claims = await journal.ReadClaimsAsync(MemberId);
        return claims.SelectMany(c => c.Movements).OrderBy(m => m.At).ToArray();
    }

    /// <summary>The member's caps, and the family-scoped caps of his or her family as the family's fresh totals stand.</summary>
    public async Task<IReadOnlyList<CapUsage>> GetCapsAsync(int year)
    {
        var book = _book;
        if (_head.FamilyId is { } familyId && await Family(familyId).GetFactsAsync(MemberId, null) is { } facts)
        {
            return CapsReport.For(MemberId, year, book, reference.Catalogues, _head.Opening, familyId, AccumulatorBook.FromTotals(facts.FamilyUsage));
        }

        return CapsReport.For(MemberId, year, book, reference.Catalogues, _head.Opening);
    }

    public async Task<IReadOnlyList<WaitingPeriodStatus>> GetWaitingPeriodsAsync(DateOnly on)
    {
        if (_head.FamilyId is not { } familyId || await FactsAsync(familyId) is not { } facts)
        {
            return [];
        }

        return Enum.GetValues<Tier>()
            .Select(t => (Tier: t, Check: TierCoverage.Check(facts.Profile.FamilySpells, facts.Profile.OwnStart, t, on)))
            .Select(x => new WaitingPeriodStatus(x.Tier, x.Check.Status, x.Check.FirstCoveredDate))
            .ToArray();
    }

    private MemberView View(MemberBatch? work = null) => new(MemberId, _head.FamilyId ?? work?.BoundFamilyId, work?.StatutoryPeriods ?? _head.StatutoryPeriods,
        _head.ClaimCount, new Domain.Money.Money(_head.PaidCents));
}
