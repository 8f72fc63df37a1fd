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

    /// <summary>
    /// How long a member may take to write the steps it is sent: well under the family's grace before it asks a member
    /// about a reservation (<see cref="Families.FamilyGrain.SettlementGrace"/>), so that a member's answer is final.
    /// </summary>
    private static readonly TimeSpan CascadeStepLifetime = TimeSpan.FromSeconds(10);

    /// <summary>The family cascade being driven by this activation, if any (one at a time).</summary>
    private Task? _cascading;

    public async Task<MemberCascadeState> GetCascadeStateAsync(string familyId)
    {
        // The version and the totals first, at one instant; claims written after them make the version stale, and a step
        // decided on them is refused.
        var version = _head.Version;
        var totals = _book.ToTotals();
        var periods = _head.StatutoryPeriods;
        var limited = _head.ClaimCount == 0 ? [] : (await journal.ReadClaimsAsync(MemberId))
            .Where(c => c.Record.Submission.FamilyId == familyId && IsDecided(c.Record) && Candidate(c.Record).WasLimited)
            .Select(c => c.Record)
            .ToArray();
        return new MemberCascadeState(version, periods, totals, limited);
    }

    public Task<bool> ApplyCascadeStepsAsync(CascadeStepOrder order) => Enqueue<bool>(new ApplyCascadeSteps(order));

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

    /// <summary>A family cascade planned in one pass: its steps, and for each claim its member and the version it was decided on.</summary>
    private sealed record FamilyCascadePlan(
        IReadOnlyList<CascadeStep> Steps,
        IReadOnlyDictionary<string, ClaimRecord> Records,
        IReadOnlyDictionary<string, string> MemberOf,
        IReadOnlyDictionary<string, long> HeadVersions,
        long FamilyTotalsVersion,
        int Unsettled);

    /// <summary>
    /// Plans a family cascade (<see cref="ClaimCascade.RunAcrossFamily"/>) over the family's totals and every roster
    /// member's own totals and limited claims, read once each: the run and the what-if both plan with it.
    /// </summary>
    private async Task<FamilyCascadePlan?> PlanFamilyCascadeAsync(string familyId, IReadOnlyCollection<string>? excluded = null,
        AccumulatorBook? ownBook = null, Action<AccumulatorBook>? adjustFamily = null)
    {
        if (await Family(familyId).GetCascadeFactsAsync() is not { } facts)
        {
            return null;
        }

        var states = await Task.WhenAll(facts.Profiles.Keys.Select(async id =>
            (MemberId: id, State: id == MemberId ? await GetCascadeStateAsync(familyId) : await Member(id).GetCascadeStateAsync(familyId))));
        var family = AccumulatorBook.FromTotals(facts.Totals);
        adjustFamily?.Invoke(family);
        var members = new Dictionary<string, CascadeMember>(StringComparer.Ordinal);
        var records = new Dictionary<string, ClaimRecord>(StringComparer.Ordinal);
        var memberOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var candidates = new List<(string MemberId, CascadeCandidate Candidate)>();
        foreach (var (memberId, state) in states)
        {
            var book = memberId == MemberId && ownBook is not null ? ownBook : AccumulatorBook.FromTotals(state.Totals);
            members[memberId] = new CascadeMember(facts.Profiles[memberId] with { StatutoryPeriods = state.StatutoryPeriods }, book);
            foreach (var record in state.Limited.Where(r => excluded?.Contains(r.ClaimId) != true))
            {
                records[record.ClaimId] = record;
                memberOf[record.ClaimId] = memberId;
                candidates.Add((memberId, Candidate(record)));
            }
        }

        var steps = ClaimCascade.RunAcrossFamily(members, family, candidates, reference.Catalogues);
        return new FamilyCascadePlan(steps, records, memberOf, states.ToDictionary(s => s.MemberId, s => s.State.HeadVersion, StringComparer.Ordinal),
            facts.AccumulatorVersion, facts.Unsettled);
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
    /// The family cascade, owned by the member that owes it: planned in one pass over the family
    /// (<see cref="PlanFamilyCascadeAsync"/>), the steps' family shares reserved in one call, each member's steps written
    /// by that member in one call, the shares settled in one call; then the head forgets the cascade. A member that
    /// changed meanwhile refuses its steps and the cascade is planned again; a crash leaves the cascade due in the
    /// head and its reservations to the family, and the reminder drives it again (a re-drive finds nothing more to pay
    /// for the steps written). Loops while another became due meanwhile.
    /// </summary>
    private async Task DriveCascadeAsync()
    {
        try
        {
            while (_head.PendingCascade is { } due)
            {
                await RunFamilyCascadeAsync(due);
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

    private async Task RunFamilyCascadeAsync(FamilyCascadeDue due)
    {
        var family = Family(due.FamilyId);

        // This run's reservations are its own: it may replace them when a member refuses its steps; those of an earlier
        // run (cut short by a crash) end only when the family asks their members what was written.
        var runId = $"cascade:{MemberId}:{Guid.NewGuid():N}";
        for (var attempt = 0; attempt < FamilyApplyAttempts; attempt++)
        {
            if (await PlanFamilyCascadeAsync(due.FamilyId) is not { } plan)
            {
                return;
            }

            if (plan.Steps.Count == 0)
            {
                EnsureSettled(plan, due);
                return;
            }

            var shares = plan.Steps
                .Select(s => (Step: s, Durable: FamilyShare(plan.Records[s.ClaimId]), Next: FamilyShare(s.Next)))
                .Where(s => s.Durable.Changes.Count > 0 || s.Next.Length > 0)
                .ToArray();
            var reservations = shares.Select(s => new FamilyShareReservation(s.Step.ClaimId, plan.MemberOf[s.Step.ClaimId], s.Durable.Version,
                [.. s.Durable.Changes], s.Durable.Version + 1, s.Next, plan.FamilyTotalsVersion)).ToArray();
            var reserved = reservations.Length == 0 ? ReserveOutcome.Reserved : await family.ReserveCascadeAsync(reservations, plan.FamilyTotalsVersion, runId);
            if (reserved == ReserveOutcome.Busy)
            {
                throw new RetryLaterException($"Another write of a claim of family {due.FamilyId} is under way; the reminder drives the cascade again.");
            }

            if (reserved != ReserveOutcome.Reserved)
            {
                continue;
            }

            // A member's write that fails (an exception, not a refusal) ends the run: whether it landed is known only to
            // that member, whom the family asks before the cascade is driven again.
            var deadline = clock.GetUtcNow() + CascadeStepLifetime;
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var steps in plan.Steps.GroupBy(s => plan.MemberOf[s.ClaimId]))
            {
                var order = new CascadeStepOrder(due.FamilyId, due.ClaimId, due.What, plan.HeadVersions[steps.Key],
                    [.. steps.Select(s => new CascadeStepOfClaim(s.ClaimId, plan.Records[s.ClaimId].Version, s.Next))]) { Deadline = deadline };
                var applied = steps.Key == MemberId ? await ApplyCascadeStepsAsync(order) : await Member(steps.Key).ApplyCascadeStepsAsync(order);
                if (applied)
                {
                    written.UnionWith(steps.Select(s => s.ClaimId));
                }
            }

            // Steps a member refused keep their reservation until the family asks that member what it wrote.
            var settled = shares.Where(s => written.Contains(s.Step.ClaimId))
                .Select(s => new FamilyShareSettlement(s.Step.ClaimId, s.Durable.Version + 1, s.Next))
                .ToArray();
            if (settled.Length > 0)
            {
                await family.SettleCascadeAsync(settled);
            }

            if (written.Count == plan.Steps.Count)
            {
                EnsureSettled(plan, due);
                return;
            }
        }

        throw new RetryLaterException($"The family {due.FamilyId} kept changing during its cascade; the reminder drives it again.");
    }

    /// <summary>
    /// A plan made while other writes of the family's claims were unsettled held their room at its larger value: it paid
    /// what it safely could, and the cascade stays due until a plan finds every write settled.
    /// </summary>
    private static void EnsureSettled(FamilyCascadePlan plan, FamilyCascadeDue due)
    {
        if (plan.Unsettled > 0)
        {
            throw new RetryLaterException($"{plan.Unsettled} claim(s) of family {due.FamilyId} had a write under way; the reminder drives the cascade again.");
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
    /// A member's steps of a family cascade, decided by its owner on this member as it was at the order's version: written
    /// when the member is still there (nothing else written since, not even in this batch), refused otherwise.
    /// </summary>
    private async Task<bool> ApplyCascadeStepsAsync(CascadeStepOrder order, MemberBatch work)
    {
        if (_head.Version != order.ExpectedHeadVersion || work.Claims.Count > 0 || work.MovedKeys.Count > 0 || clock.GetUtcNow() > order.Deadline)
        {
            return false;
        }

        var held = new List<(JournaledClaim Claim, CascadeStepOfClaim Step)>(order.Steps.Length);
        foreach (var step in order.Steps)
        {
            if (await FindAsync(step.ClaimId, work) is not { } claim || claim.Record.Version != step.ExpectedVersion || !IsDecided(claim.Record))
            {
                return false;
            }

            held.Add((claim, step));
        }

        var now = clock.GetUtcNow();
        foreach (var (claim, step) in held)
        {
            StoreRedecided(claim, Candidate(claim.Record).Previous, step.Next, order.CauseClaimId, order.What, work, now);
        }

        return true;
    }

    private static bool IsDecided(ClaimRecord record) =>
        record.Decision is not null && record.Status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved or ClaimStatus.Refused;

    private IMemberGrain Member(string memberId) => GrainFactory.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: the family cascade stopped before its end; the reminder drives it again")]
    private static partial void LogCascadeFailed(ILogger logger, Exception exception, string memberId);
}
