using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Journal;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Members;

/// <summary>
/// The family cascade this member owes when a reversal or correction gave family room back: due in its head, planned in
/// one pass over the family, reserved, written by each stepped member, settled; driven again by a reminder until its end.
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

    private IMemberGrain Member(string memberId) => GrainFactory.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: the family cascade stopped before its end; the reminder drives it again")]
    private static partial void LogCascadeFailed(ILogger logger, Exception exception, string memberId);
}
