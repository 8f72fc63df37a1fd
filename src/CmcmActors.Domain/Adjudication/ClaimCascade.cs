using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;

namespace CmcmActors.Domain.Adjudication;

/// <summary>
/// A decided claim that a cap may have limited: its lines (as the CMCM holds them true), its decision, and when it was
/// received (to the microsecond: the cascade's order after the date of care).
/// </summary>
public sealed record CascadeCandidate(string ClaimId, IReadOnlyList<ClaimLine> Lines, ClaimAdjudication Previous, PlausibilityLimits Plausibility)
{
    /// <summary>When the claim was received (entered); <see cref="DateTimeOffset.MinValue"/> when unknown.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>A cap reduced or refused one of its lines.</summary>
    public bool WasLimited => Previous.Lines.Any(l => l.Outcome == LineOutcome.PartiallyPaid || (l.Outcome == LineOutcome.Refused && l.Reason == ReasonCode.CapReached));

    public DateOnly FirstCare => Lines.Min(l => l.DateOfCare);

    /// <summary>A family-scoped cap could limit it: a benefit paying one of its lines shares one.</summary>
    public bool SharesFamilyCap(CatalogueSet catalogues) =>
        Previous.Changes.Any(c => c.Key.Scope == CapScope.Family) || FamilyCaps.Touch(Lines, catalogues);
}

/// <summary>Whether claim lines can touch a family-scoped cap, from the catalogue alone (whatever the totals say).</summary>
public static class FamilyCaps
{
    /// <summary>A benefit that could pay one of the lines (its chain) has a family-scoped cap.</summary>
    public static bool Touch(IEnumerable<ClaimLine> lines, CatalogueSet catalogues) =>
        lines.Any(l => catalogues.InForceOn(l.DateOfCare) is { } edition && edition.TryGet(l.BenefitCode, out _)
            && edition.ChainFor(l.BenefitCode).Any(b => b.Caps.Any(c => c.Scope == CapScope.Family)));
}

/// <summary>A member in a family cascade: his or her profile and own (member-scoped) totals.</summary>
public sealed record CascadeMember(MemberProfile Profile, AccumulatorBook Book);

/// <summary>One claim decided again: what it paid, what it pays now; the difference is the top-up owed.</summary>
public sealed record CascadeStep(string ClaimId, ClaimAdjudication Previous, ClaimAdjudication Next)
{
    public Money.Money TopUp => Next.TotalPaid - Previous.TotalPaid;
}

/// <summary>
/// The reversal cascade. When a reversal or a correction gives cap room back, the member's other claims that a cap
/// limited are decided again, in date-of-care order (then claim id), each against the room the earlier ones left; a
/// claim now owed more takes it (a top-up), any other keeps its decision. The book is moved exactly as the new
/// decisions say, so no cap is exceeded at any step, and running the cascade again finds nothing more to pay.
/// Claims whose decision involves a family-scoped cap are left to the family (another member's book).
/// </summary>
public static class ClaimCascade
{
    public static IReadOnlyList<CascadeStep> Run(
        MemberProfile member,
        AccumulatorBook book,
        IAccumulatorReader family,
        IEnumerable<CascadeCandidate> candidates,
        CatalogueSet catalogues)
    {
        var steps = new List<CascadeStep>();
        foreach (var candidate in InOrder(candidates.Where(c => c.WasLimited && !TouchesFamily(c.Previous)), c => c))
        {
            book.Apply(candidate.Previous.ReversalChanges);
            if (Redecide(member, book, family, candidate, catalogues) is { } next && !TouchesFamily(next))
            {
                book.Apply(next.Changes);
                steps.Add(new CascadeStep(candidate.ClaimId, candidate.Previous, next));
            }
            else
            {
                book.Apply(candidate.Previous.Changes);
            }
        }

        return steps;
    }

    /// <summary>
    /// The family cascade: every member's claims that a cap limited, decided again in date-of-care order (then claim id),
    /// each against its own member's totals and the family's totals as the earlier steps left them. A claim now owed
    /// more takes it; any other keeps its decision. What the grains do claim by claim, each in its owner's grain, here
    /// in one pass: the what-if a clerk sees before confirming a reversal or correction. The books are moved as the
    /// steps say.
    /// </summary>
    public static IReadOnlyList<CascadeStep> RunAcrossFamily(
        IReadOnlyDictionary<string, CascadeMember> members,
        AccumulatorBook family,
        IEnumerable<(string MemberId, CascadeCandidate Candidate)> candidates,
        CatalogueSet catalogues)
    {
        var steps = new List<CascadeStep>();
        foreach (var (memberId, candidate) in InOrder(candidates.Where(c => c.Candidate.WasLimited && members.ContainsKey(c.MemberId)), c => c.Candidate))
        {
            var member = members[memberId];
            Move(member.Book, family, candidate.Previous.ReversalChanges);
            if (Redecide(member.Profile, member.Book, family, candidate, catalogues) is { } next)
            {
                Move(member.Book, family, next.Changes);
                steps.Add(new CascadeStep(candidate.ClaimId, candidate.Previous, next));
            }
            else
            {
                Move(member.Book, family, candidate.Previous.Changes);
            }
        }

        return steps;
    }

    /// <summary>
    /// One step of a cascade, the same for the what-if and for the run: the claim decided again against totals that
    /// no longer hold its earlier decision. Its new decision when it is now owed more (a top-up), else null: nothing
    /// already paid is taken back.
    /// </summary>
    public static ClaimAdjudication? Redecide(MemberProfile member, IAccumulatorReader memberTotals, IAccumulatorReader familyTotals, CascadeCandidate candidate, CatalogueSet catalogues)
    {
        var next = Adjudicator.Adjudicate(member, candidate.Lines, new ScopedAccumulatorReader(memberTotals, familyTotals), catalogues, candidate.Plausibility);
        return next.Outcome != ClaimOutcome.Pended && next.TotalPaid > candidate.Previous.TotalPaid ? next : null;
    }

    /// <summary>
    /// <b>Decision: ties in the cascade.</b> Claims are decided again in date-of-care order; ties by order of receipt (the
    /// receipt time, to the microsecond), then by claim id.
    /// </summary>
    public static IEnumerable<T> InOrder<T>(IEnumerable<T> items, Func<T, CascadeCandidate> candidate) =>
        items.OrderBy(i => candidate(i).FirstCare).ThenBy(i => candidate(i).ReceivedAt).ThenBy(i => candidate(i).ClaimId, StringComparer.Ordinal);

    private static void Move(AccumulatorBook member, AccumulatorBook family, IReadOnlyList<AccumulatorChange> changes)
    {
        member.Apply(changes.Where(c => c.Key.Scope == CapScope.Member));
        family.Apply(changes.Where(c => c.Key.Scope == CapScope.Family));
    }

    private static bool TouchesFamily(ClaimAdjudication decision) => decision.Changes.Any(c => c.Key.Scope == CapScope.Family);
}
