using CmcmActors.Contracts.Audit;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Claims;
using CmcmActors.Grains.Journal;

namespace CmcmActors.Grains.Members;

/// <summary>
/// The reversal cascade of the member's own claims, decided again in the batch of the reversal or correction that gave
/// room back (one durable append), and the what-if a clerk sees before confirming either.
/// </summary>
public sealed partial class MemberGrain
{
    public async Task<CascadePreview> PreviewCascadeAsync(string claimId, ClaimLine[]? lines)
    {
        if (await FindAsync(claimId, null) is not { } held)
        {
            return new CascadePreview(UnknownClaim(claimId).Refusal, Domain.Money.Money.Zero, Domain.Money.Money.Zero, []);
        }

        var record = held.Record;
        if (Uncorrectable(record, lines is null) is { } refused)
        {
            return new CascadePreview(refused.Refusal, record.TotalPaid, record.TotalPaid, []);
        }

        if (lines is not null && Validate(lines, record.Submission.ReceivedOn) is { } invalid)
        {
            return new CascadePreview(invalid.Refusal, record.TotalPaid, record.TotalPaid, []);
        }

        if (await FactsAsync(record.Submission.FamilyId) is not { } facts)
        {
            return new CascadePreview(null, record.TotalPaid, record.TotalPaid, []);
        }

        // Everything on a copy of the book: a what-if consumes nothing.
        var book = AccumulatorBook.FromTotals(_book.ToTotals());
        var family = AccumulatorBook.FromTotals(facts.FamilyUsage);
        var paidAfter = Domain.Money.Money.Zero;
        if (record.Decision is { } decision && record.TotalPaid.Cents > 0)
        {
            book.Apply(decision.ReversalChanges.Where(c => c.Key.Scope == CapScope.Member));
        }

        ClaimAdjudication? corrected = null;
        if (lines is not null)
        {
            corrected = Adjudicator.Adjudicate(Profile(facts), lines, new ScopedAccumulatorReader(book, family), reference.Catalogues, Plausibility(record));
            book.Apply(corrected.Changes.Where(c => c.Key.Scope == CapScope.Member));
            paidAfter = corrected.Outcome == ClaimOutcome.Pended ? Domain.Money.Money.Zero : corrected.TotalPaid;
        }

        var others = await OtherDecidedClaimsAsync(claimId, null);
        var steps = ClaimCascade.Run(Profile(facts), book, family, others.Select(c => Candidate(c.Record)), reference.Catalogues).ToList();
        if (record.Decision is { } earlier && record.TotalPaid.Cents > 0 && OwesFamilyCascade(earlier, others))
        {
            steps.AddRange(await PreviewFamilyCascadeAsync(record, corrected, book, [.. steps.Select(s => s.ClaimId)]));
        }

        return new CascadePreview(null, record.TotalPaid, paidAfter, [.. steps.Select(s => new RedecidedClaim(s.ClaimId, s.Previous.TotalPaid, s.Next.TotalPaid))]);
    }

    /// <summary>
    /// The family cascade's what-if: the same plan as the run (<see cref="PlanFamilyCascadeAsync"/>), on the family's
    /// totals without the claim's earlier share (with its corrected one) and this member's totals as the member-level
    /// what-if left them.
    /// </summary>
    private async Task<IReadOnlyList<CascadeStep>> PreviewFamilyCascadeAsync(
        ClaimRecord record, ClaimAdjudication? corrected, AccumulatorBook book, IEnumerable<string> alreadyRedecided)
    {
        var plan = await PlanFamilyCascadeAsync(record.Submission.FamilyId, [record.ClaimId, .. alreadyRedecided], book, family =>
        {
            family.Apply(record.Decision!.ReversalChanges.Where(c => c.Key.Scope == CapScope.Family));
            if (corrected is { Outcome: not ClaimOutcome.Pended })
            {
                family.Apply(corrected.Changes.Where(c => c.Key.Scope == CapScope.Family));
            }
        });
        return plan?.Steps ?? [];
    }

    /// <summary>The member's decided claims other than <paramref name="claimId"/>, as this batch left them.</summary>
    private async Task<List<JournaledClaim>> OtherDecidedClaimsAsync(string claimId, MemberBatch? work)
    {
        var claims = (await journal.ReadClaimsAsync(MemberId)).ToDictionary(c => c.Record.ClaimId, StringComparer.Ordinal);
        foreach (var (id, changed) in work?.Claims ?? [])
        {
            claims[id] = changed;
        }

        return [.. claims.Values.Where(c => c.Record.ClaimId != claimId && IsDecided(c.Record))];
    }

    private CascadeCandidate Candidate(ClaimRecord record) =>
        new(record.ClaimId, record.TrustedLines, record.Status == ClaimStatus.Refused ? record.Decision! with { Changes = [] } : record.Decision!, Plausibility(record))
        {
            ReceivedAt = record.History[0].At,
        };

    /// <summary>
    /// The reversal cascade (<see cref="ClaimCascade"/>) after room was given back, in the same batch, so in the same
    /// durable append: it happens entirely or not at all, and a crash cannot leave it half done.
    /// </summary>
    private async Task CascadeAsync(string claimId, string what, string familyId, List<JournaledClaim> others, MemberBatch work, DateTimeOffset now)
    {
        if (others.Count == 0 || await FactsAsync(familyId) is not { } facts)
        {
            return;
        }

        var byId = others.ToDictionary(c => c.Record.ClaimId, StringComparer.Ordinal);
        var steps = ClaimCascade.Run(Profile(facts), AccumulatorBook.FromTotals(work.Book.ToTotals()), AccumulatorBook.FromTotals(facts.FamilyUsage),
            others.Select(c => Candidate(c.Record)), reference.Catalogues);
        foreach (var step in steps)
        {
            StoreRedecided(byId[step.ClaimId], step.Previous, step.Next, claimId, what, work, now);
        }
    }

    /// <summary>
    /// Records a claim a cascade decided again: the room of its earlier decision given back and the new one taken (its
    /// audit shows both), and why in its history ("Re-decided after claim X was reversed: … a top-up of …").
    /// </summary>
    private ClaimRecord StoreRedecided(JournaledClaim held, ClaimAdjudication previous, ClaimAdjudication next, string causeClaimId, string what, MemberBatch work, DateTimeOffset now)
    {
        var record = held.Record;
        var givenBack = Apply(record.ClaimId, record.Submission.FamilyId, previous.ReversalChanges, reversal: true, now, work);
        var taken = Apply(record.ClaimId, record.Submission.FamilyId, next.Changes, reversal: false, now, work);
        var note = ClaimNotes.Redecided(causeClaimId, what, previous.TotalPaid, next.TotalPaid);
        var redecided = Record(record.Submission, next, [.. record.History, new StatusChange(ClaimStatus.Adjudicating, now, note)], [.. record.Documents], record.Version + 1, now)
            with { Lines = record.Lines, AmountsReviewed = record.AmountsReviewed };
        return Store(work, held, new JournaledClaim(redecided, [.. held.Movements, .. givenBack, .. taken]), now, Actor.System);
    }

    private static bool IsDecided(ClaimRecord record) =>
        record.Decision is not null && record.Status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved or ClaimStatus.Refused;
}
