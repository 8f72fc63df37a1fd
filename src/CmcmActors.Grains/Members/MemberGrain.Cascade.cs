using CmcmActors.Domain.Claims;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Journal;
using CmcmActors.Grains.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Storage;

namespace CmcmActors.Grains.Members;

/// <summary>
/// The reversal cascade: the member's own limited claims decided again in the batch of the reversal or correction,
/// the family cascade owed to the family driven after it (with a reminder until its end), and their what-if.
/// </summary>
public sealed partial class MemberGrain
{
    /// <summary>Ticks while a family cascade is due, so that one cut short by a crash is driven to its end.</summary>
    public const string FamilyCascadeReminder = "family-cascade";

    private static readonly TimeSpan FamilyCascadeRetry = TimeSpan.FromMinutes(1);

    /// <summary>The family cascade being driven by this activation, if any (one at a time).</summary>
    private Task? _cascading;

    public async Task<CascadeInputs?> GetCascadeInputsAsync(string familyId)
    {
        if (await FactsAsync(familyId) is not { } facts)
        {
            return null;
        }

        var limited = (await journal.ReadClaimsAsync(MemberId))
            .Where(c => c.Record.Submission.FamilyId == familyId && IsDecided(c.Record) && Candidate(c.Record).WasLimited)
            .Select(c => c.Record)
            .ToArray();
        return new CascadeInputs(Profile(facts), _book.ToTotals(), limited);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != FamilyCascadeReminder)
        {
            return;
        }

        if (_head.PendingCascade is null)
        {
            await ForgetCascadeReminderAsync();
            return;
        }

        await CascadeSafelyAsync();
    }

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
            steps.AddRange(await PreviewFamilyCascadeAsync(record, corrected, Profile(facts), book,
                others.Where(c => steps.All(s => s.ClaimId != c.Record.ClaimId))));
        }

        return new CascadePreview(null, record.TotalPaid, paidAfter, [.. steps.Select(s => new RedecidedClaim(s.ClaimId, s.Previous.TotalPaid, s.Next.TotalPaid))]);
    }

    /// <summary>
    /// The family cascade's what-if (<see cref="ClaimCascade.RunAcrossFamily"/>): the family's current totals without the
    /// claim's earlier share (with its corrected one), every roster member's own totals and limited claims.
    /// </summary>
    private async Task<IReadOnlyList<CascadeStep>> PreviewFamilyCascadeAsync(
        ClaimRecord record, ClaimAdjudication? corrected, MemberProfile profile, AccumulatorBook book, IEnumerable<JournaledClaim> own)
    {
        // The family's totals as they are now (the cached facts may be older than other members' claims).
        var familyId = record.Submission.FamilyId;
        var family = AccumulatorBook.FromTotals((await Family(familyId).GetFactsAsync(MemberId, null))?.FamilyUsage ?? []);
        family.Apply(record.Decision!.ReversalChanges.Where(c => c.Key.Scope == CapScope.Family));
        if (corrected is { Outcome: not ClaimOutcome.Pended })
        {
            family.Apply(corrected.Changes.Where(c => c.Key.Scope == CapScope.Family));
        }

        var members = new Dictionary<string, CascadeMember>(StringComparer.Ordinal) { [MemberId] = new CascadeMember(profile, book) };
        var candidates = own.Select(c => (MemberId, Candidate(c.Record))).ToList();
        foreach (var (id, inputs) in await RosterCascadeInputsAsync(familyId, withSelf: false))
        {
            members[id] = new CascadeMember(inputs.Profile, AccumulatorBook.FromTotals(inputs.Totals));
            candidates.AddRange(inputs.Limited.Select(r => (id, Candidate(r))));
        }

        return ClaimCascade.RunAcrossFamily(members, family, candidates, reference.Catalogues);
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
        Store(work, held, new JournaledClaim(redecided, [.. held.Movements, .. givenBack, .. taken]), now);
        return redecided;
    }

    /// <summary>
    /// When the claim's earlier decision held family-scoped room, or another claim of the member that a cap limited
    /// involves a family-scoped cap, the member owes the family a cascade: due in this batch's head (so it is as durable
    /// as the reversal itself), with a reminder that drives it again should this activation die before its end.
    /// </summary>
    private async Task DueFamilyCascadeAsync(ClaimAdjudication earlier, string claimId, string what, string familyId, List<JournaledClaim> others, MemberBatch work)
    {
        if (!OwesFamilyCascade(earlier, others))
        {
            return;
        }

        work.FamilyCascade = new FamilyCascadeDue(familyId, claimId, what);
        await this.RegisterOrUpdateReminder(FamilyCascadeReminder, FamilyCascadeRetry, FamilyCascadeRetry);
    }

    /// <summary>The claim's earlier decision held family-scoped room, or another limited claim of the member shares a family-scoped cap.</summary>
    private bool OwesFamilyCascade(ClaimAdjudication earlier, IEnumerable<JournaledClaim> others) =>
        earlier.Changes.Any(c => c.Key.Scope == CapScope.Family)
        || others.Any(c => Candidate(c.Record) is { WasLimited: true } candidate && candidate.SharesFamilyCap(reference.Catalogues));

    /// <summary>Drives the due family cascade (once at a time); a failure is logged and left to the reminder.</summary>
    private Task CascadeSafelyAsync()
    {
        if (_head.PendingCascade is null)
        {
            return Task.CompletedTask;
        }

        return _cascading ??= DriveCascadeAsync();
    }

    /// <summary>
    /// The family cascade: every member's claims in the family that a cap limited, decided again in date-of-care order
    /// (then claim id) by the member who owns each, each step its own durable append and harmless to repeat; then the
    /// head forgets the cascade. Loops while another became due meanwhile.
    /// </summary>
    private async Task DriveCascadeAsync()
    {
        try
        {
            while (_head.PendingCascade is { } due)
            {
                var inputs = await RosterCascadeInputsAsync(due.FamilyId, withSelf: true);
                var candidates = inputs.SelectMany(m => m.Inputs.Limited.Select(r => (MemberId: m.MemberId, Candidate: Candidate(r))));
                foreach (var (memberId, candidate) in ClaimCascade.InOrder(candidates, c => c.Candidate))
                {
                    await Member(memberId).RedecideAfterFamilyReleaseAsync(candidate.ClaimId, due.ClaimId, due.What);
                }

                await Enqueue<MemberView>(new FinishCascade(due));
            }

            await ForgetCascadeReminderAsync();
        }
        catch (Exception e)
        {
            LogCascadeFailed(logger, e, MemberId);
        }
        finally
        {
            _cascading = null;
        }
    }

    private async Task ForgetCascadeReminderAsync()
    {
        if (await this.GetReminder(FamilyCascadeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>
    /// One step of a family cascade (<see cref="RedecideAfterFamilyReleaseAsync"/>): the claim decided again on the
    /// family's totals without its own earlier share and the member's totals without its own earlier movements; when it
    /// is now owed more, its family share is replaced with an optimistic check (retried when the totals moved) and the
    /// top-up recorded in its history. Otherwise nothing changes.
    /// </summary>
    private async Task<ClaimResult> RedecideAsync(string claimId, string causeClaimId, string what, MemberBatch work)
    {
        if (await FindAsync(claimId, work) is not { } held)
        {
            return UnknownClaim(claimId);
        }

        var record = held.Record;
        if (!IsDecided(record) || Candidate(record) is not { WasLimited: true } candidate)
        {
            return ClaimResult.Accepted(record, created: false);
        }

        var familyId = record.Submission.FamilyId;
        var family = Family(familyId);
        for (var attempt = 0; attempt < FamilyApplyAttempts; attempt++)
        {
            if (await family.GetFactsAsync(MemberId, claimId) is not { } facts)
            {
                return ClaimResult.Accepted(record, created: false);
            }

            var book = AccumulatorBook.FromTotals(work.Book.ToTotals());
            book.Apply(candidate.Previous.ReversalChanges.Where(c => c.Key.Scope == CapScope.Member));
            if (ClaimCascade.Redecide(Profile(facts), book, AccumulatorBook.FromTotals(facts.FamilyUsage), candidate, reference.Catalogues) is not { } next)
            {
                return ClaimResult.Accepted(record, created: false);
            }

            var durable = await DurableShareAsync(claimId, work);
            if ((FamilyShare(next).Length > 0 || durable.Changes.Count > 0)
                && !await ReserveAsync(family, familyId, claimId, durable, record.Version + 1, FamilyShare(next), facts.AccumulatorVersion, work))
            {
                continue;
            }

            return ClaimResult.Accepted(StoreRedecided(held, candidate.Previous, next, causeClaimId, what, work, clock.GetUtcNow()), created: false);
        }

        throw new RetryLaterException($"Claim {claimId}: the family's totals kept changing; retry.");
    }

    /// <summary>What a family cascade needs of each member on the family's roster (a member no longer in it has nothing).</summary>
    private async Task<(string MemberId, CascadeInputs Inputs)[]> RosterCascadeInputsAsync(string familyId, bool withSelf)
    {
        var roster = (await Family(familyId).GetAsync())?.Members.Select(m => m.MemberId) ?? [MemberId];
        var inputs = await Task.WhenAll(roster.Where(id => withSelf || id != MemberId)
            .Select(async id => (MemberId: id, Inputs: await Member(id).GetCascadeInputsAsync(familyId))));
        return [.. inputs.Where(i => i.Inputs is not null).Select(i => (i.MemberId, i.Inputs!))];
    }

    private static bool IsDecided(ClaimRecord record) =>
        record.Decision is not null && record.Status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved or ClaimStatus.Refused;

    private IMemberGrain Member(string memberId) => GrainFactory.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: the family cascade stopped before its end; the reminder drives it again")]
    private static partial void LogCascadeFailed(ILogger logger, Exception exception, string memberId);
}
