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
using CmcmActors.Grains.Notifications;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace CmcmActors.Grains.Members;

/// <summary>
/// The consistency boundary for a member's caps. Every change goes through one queue: a batch of queued commands is
/// decided in order against the in-memory totals and made durable with one storage write, and only then answered.
/// A hot member therefore pays one write per batch, not per claim, and no answer ever precedes its write.
/// The grain is reentrant so that calls can queue while a batch is being written; reads never wait for the queue.
/// </summary>
[Reentrant]
public sealed partial class MemberGrain(
    [PersistentState("member", CmcmStorage.ProviderName)] IPersistentState<MemberState> state,
    CmcmReferenceData reference,
    INotificationPublisher publisher,
    TimeProvider clock,
    ILogger<MemberGrain> logger) : Grain, IMemberGrain
{
    /// <summary>When the member holds more recent claims than this, the oldest settled ones move to an archive page.</summary>
    internal const int RecentClaimsLimit = 256;

    internal const int ArchivePageSize = 128;

    private readonly Queue<WorkItem> _queue = new();
    private AccumulatorBook _book = new();
    private bool _pumping;
    private bool _broken;

    private string MemberId => this.GetPrimaryKeyString()["member/".Length..];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _book = AccumulatorBook.FromTotals(state.State.Usage);
        return Task.CompletedTask;
    }

    public Task<MemberView> GetAsync() => Task.FromResult(View());

    public Task<MemberView> SetStatutoryPeriodsAsync(string familyId, StatutoryPeriod[] periods) =>
        Enqueue<MemberView>(new WorkItem(WorkKind.SetStatutoryPeriods) { FamilyId = familyId, Periods = periods });

    public Task<ClaimRecord> SubmitClaimAsync(ClaimSubmission submission) =>
        Enqueue<ClaimRecord>(new WorkItem(WorkKind.Submit) { ClaimId = submission.ClaimId, Submission = submission, FamilyId = submission.FamilyId });

    public Task<ClaimRecord> ResolveClaimAsync(string claimId, ClaimResolution resolution) =>
        Enqueue<ClaimRecord>(new WorkItem(WorkKind.Resolve) { ClaimId = claimId, Resolution = resolution });

    public Task<ClaimRecord> ReverseClaimAsync(string claimId, string reason) =>
        Enqueue<ClaimRecord>(new WorkItem(WorkKind.Reverse) { ClaimId = claimId, Reason = reason });

    public async Task<ClaimAdjudication> EstimateAsync(string familyId, ClaimLine[] lines)
    {
        var facts = await FactsAsync(familyId, null);
        var reader = new CombinedReader(_book, AccumulatorBook.FromTotals(facts.FamilyUsage));
        return Adjudicator.Adjudicate(Profile(facts), lines, reader, reference.Catalogues);
    }

    public Task<ClaimRecord?> GetClaimAsync(string claimId) => FindAsync(claimId);

    public async Task<IReadOnlyList<ClaimRecord>> GetClaimsAsync()
    {
        var claims = new Dictionary<string, ClaimRecord>(state.State.Claims);
        var pages = await ArchivePagesAsync();
        for (var page = 0; page < pages.Length; page++)
        {
            foreach (var claim in pages[page].Claims)
            {
                // A claim that changed after being archived is recent again, or archived on a later page.
                if (state.State.Archived.TryGetValue(claim.ClaimId, out var current) && current == page)
                {
                    claims[claim.ClaimId] = claim;
                }
            }
        }

        return claims.Values.OrderBy(c => c.History[0].At).ToArray();
    }

    public async Task<IReadOnlyList<CapMovement>> GetAuditAsync()
    {
        var pages = await ArchivePagesAsync();
        return pages.SelectMany(p => p.Movements).Concat(state.State.Audit).OrderBy(m => m.At).ToArray();
    }

    public Task<IReadOnlyList<CapUsage>> GetCapsAsync(int year) => Task.FromResult(CapsReport.For(MemberId, year, _book, reference.Catalogues));

    public async Task<IReadOnlyList<WaitingPeriodStatus>> GetWaitingPeriodsAsync(DateOnly on)
    {
        if (state.State.FamilyId is not { } familyId)
        {
            return [];
        }

        var facts = await FactsAsync(familyId, null);
        return Enum.GetValues<Tier>()
            .Select(t => (Tier: t, Check: TierCoverage.Check(facts.Profile.FamilySpells, facts.Profile.OwnStart, t, on)))
            .Select(x => new WaitingPeriodStatus(x.Tier, x.Check.Status, x.Check.FirstCoveredDate))
            .ToArray();
    }

    private async Task<ClaimRecord?> FindAsync(string claimId)
    {
        if (state.State.Claims.TryGetValue(claimId, out var recent))
        {
            return recent;
        }

        if (!state.State.Archived.TryGetValue(claimId, out var page))
        {
            return null;
        }

        var archived = await GrainFactory.GetGrain<IMemberArchiveGrain>(GrainKeys.MemberArchive(MemberId, page)).GetAsync();
        return archived.Claims.FirstOrDefault(c => c.ClaimId == claimId)
            ?? throw new InvalidOperationException($"Claim {claimId} is missing from archive page {page}.");
    }

    private async Task<MemberArchivePage[]> ArchivePagesAsync()
    {
        var pages = Enumerable.Range(0, state.State.ArchivePages).Select(i => GrainFactory.GetGrain<IMemberArchiveGrain>(GrainKeys.MemberArchive(MemberId, i)).GetAsync());
        return await Task.WhenAll(pages);
    }

    /// <summary>A claim that changes again comes back from its archive page into the recent claims.</summary>
    private void Unarchive(string claimId, ClaimRecord archivedVersion)
    {
        if (state.State.Archived.Remove(claimId))
        {
            state.State.ArchivedPaidCents -= archivedVersion.TotalPaid.Cents;
        }
    }

    /// <summary>
    /// Keeps the member's own state bounded: past <see cref="RecentClaimsLimit"/> recent claims, the oldest settled
    /// ones and their cap movements are written to a new archive page first, then dropped by the batch's own write.
    /// A crash in between leaves them recent, and the page is written again next time.
    /// </summary>
    private async Task ArchiveOldClaimsAsync()
    {
        if (state.State.Claims.Count <= RecentClaimsLimit)
        {
            return;
        }

        var oldest = state.State.Claims.Values
            .Where(c => c.Status != ClaimStatus.Pended)
            .OrderBy(c => c.History[0].At)
            .Take(ArchivePageSize)
            .ToArray();
        if (oldest.Length == 0)
        {
            return;
        }

        var ids = oldest.Select(c => c.ClaimId).ToHashSet();
        var movements = state.State.Audit.Where(m => ids.Contains(m.ClaimId)).ToArray();
        var page = state.State.ArchivePages;
        try
        {
            await GrainFactory.GetGrain<IMemberArchiveGrain>(GrainKeys.MemberArchive(MemberId, page)).StoreAsync(oldest, movements);
        }
        catch (Exception e)
        {
            LogArchiveFailed(logger, e, MemberId);
            return;
        }

        foreach (var claim in oldest)
        {
            state.State.Claims.Remove(claim.ClaimId);
            state.State.Archived[claim.ClaimId] = page;
            state.State.ArchivedPaidCents += claim.TotalPaid.Cents;
        }

        state.State.Audit.RemoveAll(m => ids.Contains(m.ClaimId));
        state.State.ArchivePages = page + 1;
    }

    private Task<T> Enqueue<T>(WorkItem item)
    {
        if (_broken)
        {
            return Task.FromException<T>(new RetryLaterException("The member is reloading after a storage failure; retry."));
        }

        _queue.Enqueue(item);
        if (!_pumping)
        {
            _pumping = true;
            _ = PumpAsync();
        }

        // GetResult, not Result: a refusal must reach the caller as itself (ClaimConflictException), not wrapped in an AggregateException.
        return item.Completion.Task.ContinueWith(t => (T)t.GetAwaiter().GetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task PumpAsync()
    {
        try
        {
            while (_queue.Count > 0)
            {
                var batch = new List<WorkItem>(_queue.Count);
                while (_queue.TryDequeue(out var item))
                {
                    batch.Add(item);
                }

                await ProcessBatchAsync(batch);
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    private async Task ProcessBatchAsync(List<WorkItem> batch)
    {
        var done = new List<(WorkItem Item, object Result)>(batch.Count);
        var published = new List<CmcmEvent>();
        foreach (var item in batch)
        {
            try
            {
                var result = await DecideAsync(item, published);
                done.Add((item, result));
            }
            catch (Exception e) when (e is ClaimConflictException or ArgumentException or KeyNotFoundException)
            {
                item.Completion.TrySetException(e);
            }
            catch (Exception e)
            {
                item.Completion.TrySetException(e);
            }
        }

        if (done.Count == 0)
        {
            return;
        }

        await ArchiveOldClaimsAsync();
        try
        {
            state.State.Usage = _book.ToTotals();
            state.State.Version++;
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            LogWriteFailed(logger, e, MemberId, done.Count);
            _broken = true;
            foreach (var (item, _) in done)
            {
                item.Completion.TrySetException(e);
            }

            while (_queue.TryDequeue(out var queued))
            {
                queued.Completion.TrySetException(e);
            }

            // Nothing of this batch is durable: drop the in-memory state and reload it on the next call.
            DeactivateOnIdle();
            return;
        }

        foreach (var (item, result) in done)
        {
            item.Completion.TrySetResult(result);
        }

        foreach (var notification in published)
        {
            await PublishSafelyAsync(notification);
        }
    }

    private async ValueTask PublishSafelyAsync(CmcmEvent notification)
    {
        try
        {
            await publisher.PublishAsync(notification);
        }
        catch (Exception e)
        {
            LogPublishFailed(logger, e, MemberId);
        }
    }

    private async Task<object> DecideAsync(WorkItem item, List<CmcmEvent> published)
    {
        switch (item.Kind)
        {
            case WorkKind.SetStatutoryPeriods:
                BindFamily(item.FamilyId!);
                state.State.StatutoryPeriods = [.. item.Periods!.OrderBy(p => p.From)];
                return View();
            case WorkKind.Submit:
                return await SubmitAsync(item.Submission!, published);
            case WorkKind.Resolve:
                return await ResolveAsync(item.ClaimId!, item.Resolution!, published);
            default:
                return await ReverseAsync(item.ClaimId!, item.Reason!, published);
        }
    }

    private async Task<ClaimRecord> SubmitAsync(ClaimSubmission submission, List<CmcmEvent> published)
    {
        if (await FindAsync(submission.ClaimId) is { } existing)
        {
            return existing.Submission.SameContentAs(submission)
                ? existing
                : throw new ClaimConflictException($"Invoice reference {submission.InvoiceReference} was already submitted for member {MemberId} with other lines.");
        }

        CheckFamily(submission.FamilyId);
        var now = clock.GetUtcNow();
        // The member guards its own invariants whoever calls it: a bad line (negative amounts, statutory above the
        // invoice, care after the claim was received) would otherwise let a line pay more than its uncovered amount.
        var errors = ClaimLineValidation.Validate(submission.Lines, reference.Catalogues, submission.ReceivedOn);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(submission));
        }

        var decision = await AdjudicateAsync(submission.ClaimId, submission.FamilyId, submission.Lines);
        // Bound only once the family knew the member: a claim naming a wrong family must not tie the member to it.
        BindFamily(submission.FamilyId);
        var record = Record(submission, decision, [new StatusChange(ClaimStatus.Received, now, "Received.")], [.. submission.Lines.SelectMany(l => l.Documents ?? [])], 1, now);
        Apply(submission.ClaimId, decision.Changes, reversal: false, now, published);
        state.State.Claims[submission.ClaimId] = record;
        return record;
    }

    private async Task<ClaimRecord> ResolveAsync(string claimId, ClaimResolution resolution, List<CmcmEvent> published)
    {
        var record = await FindAsync(claimId) ?? throw new KeyNotFoundException($"Claim {claimId} is unknown.");
        if (record.Status != ClaimStatus.Pended)
        {
            throw new ClaimConflictException($"Claim {claimId} is {record.Status}, not pended.");
        }

        var now = clock.GetUtcNow();
        var documents = record.Documents.Concat(resolution.Documents ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (resolution.Refuse)
        {
            var refused = record with
            {
                Status = ClaimStatus.Refused,
                Pending = null,
                Documents = documents,
                History = [.. record.History, new StatusChange(ClaimStatus.Refused, now, $"Refused by {resolution.By}: {resolution.Reason}")],
                Version = record.Version + 1,
            };
            Unarchive(claimId, record);
            state.State.Claims[claimId] = refused;
            return refused;
        }

        var lines = record.Submission.Lines.Select(l => WithConfirmedFacts(l, resolution, documents)).ToArray();
        var submission = record.Submission with { Lines = lines };
        var decision = await AdjudicateAsync(claimId, submission.FamilyId, lines);
        var resolved = Record(submission, decision,
            [.. record.History, new StatusChange(ClaimStatus.Adjudicating, now, $"Facts confirmed by {resolution.By}.")], documents, record.Version + 1, now);
        Unarchive(claimId, record);
        Apply(claimId, decision.Changes, reversal: false, now, published);
        state.State.Claims[claimId] = resolved;
        return resolved;
    }

    private async Task<ClaimRecord> ReverseAsync(string claimId, string reason, List<CmcmEvent> published)
    {
        var record = await FindAsync(claimId) ?? throw new KeyNotFoundException($"Claim {claimId} is unknown.");
        if (record.Status == ClaimStatus.Reversed)
        {
            return record;
        }

        if (record.Status is not (ClaimStatus.Approved or ClaimStatus.PartiallyApproved))
        {
            throw new ClaimConflictException($"Claim {claimId} is {record.Status}; only a paid claim can be reversed.");
        }

        var now = clock.GetUtcNow();
        var changes = record.Decision!.Changes;
        if (changes.Any(c => c.Key.Scope == CapScope.Family))
        {
            await GrainFactory.GetGrain<IFamilyGrain>(GrainKeys.Family(record.Submission.FamilyId)).ReverseFamilyChangesAsync(claimId);
        }

        Unarchive(claimId, record);
        Apply(claimId, record.Decision.ReversalChanges, reversal: true, now, published);
        var reversed = record with
        {
            Status = ClaimStatus.Reversed,
            History = [.. record.History, new StatusChange(ClaimStatus.Reversed, now, "Reversed: " + reason)],
            Version = record.Version + 1,
        };
        state.State.Claims[claimId] = reversed;
        return reversed;
    }

    /// <summary>
    /// Decides a claim against the member's totals and the family's. Family-scoped changes are applied to the family
    /// grain first, with an optimistic check; on a conflict the claim is decided again on fresh family totals.
    /// </summary>
    private async Task<ClaimAdjudication> AdjudicateAsync(string claimId, string familyId, ClaimLine[] lines)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var facts = await FactsAsync(familyId, attempt == 0 ? null : claimId);
            var reader = new CombinedReader(_book, AccumulatorBook.FromTotals(facts.FamilyUsage));
            var decision = Adjudicator.Adjudicate(Profile(facts), lines, reader, reference.Catalogues);
            var familyChanges = decision.Changes.Where(c => c.Key.Scope == CapScope.Family).ToArray();
            if (familyChanges.Length == 0)
            {
                return decision;
            }

            if (attempt == 0)
            {
                // Decide again on totals that exclude any earlier application of this very claim.
                continue;
            }

            var family = GrainFactory.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId));
            var applied = await family.ApplyFamilyChangesAsync(claimId, facts.AccumulatorVersion, familyChanges);
            if (applied.Applied || applied.AlreadyApplied)
            {
                return decision;
            }
        }

        throw new RetryLaterException($"Claim {claimId}: the family's totals kept changing; retry.");
    }

    private async Task<FamilyFacts> FactsAsync(string familyId, string? claimId)
    {
        var family = GrainFactory.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId));
        return await family.GetFactsAsync(MemberId, claimId)
            ?? throw new KeyNotFoundException($"Member {MemberId} is not in family {familyId}.");
    }

    private MemberProfile Profile(FamilyFacts facts) => facts.Profile with { StatutoryPeriods = state.State.StatutoryPeriods };

    private void BindFamily(string familyId)
    {
        CheckFamily(familyId);
        state.State.FamilyId = familyId;
    }

    private void CheckFamily(string familyId)
    {
        if (state.State.FamilyId is { } bound && bound != familyId)
        {
            throw new ClaimConflictException($"Member {MemberId} belongs to family {bound}, not {familyId}.");
        }
    }

    private void Apply(string claimId, IReadOnlyList<AccumulatorChange> changes, bool reversal, DateTimeOffset now, List<CmcmEvent> published)
    {
        var keys = new List<string>();
        foreach (var change in changes)
        {
            if (change.Key.Scope != CapScope.Member)
            {
                continue;
            }

            var before = _book.Get(change.Key);
            _book.Apply([change]);
            var after = _book.Get(change.Key);
            var key = change.Key.ToString();
            keys.Add(key);
            state.State.Audit.Add(new CapMovement(claimId, key, before.Paid, after.Paid, before.Units, after.Units, now, reversal));
        }

        if (keys.Count > 0 && state.State.FamilyId is { } familyId)
        {
            published.Add(new MemberCapsChanged(familyId, now, MemberId, claimId, keys));
        }
    }

    private ClaimRecord Record(ClaimSubmission submission, ClaimAdjudication decision, StatusChange[] history, string[] documents, long version, DateTimeOffset now)
    {
        var status = decision.Outcome switch
        {
            ClaimOutcome.Approved => ClaimStatus.Approved,
            ClaimOutcome.PartiallyApproved => ClaimStatus.PartiallyApproved,
            ClaimOutcome.Refused => ClaimStatus.Refused,
            _ => ClaimStatus.Pended,
        };
        PendingInfo? pending = null;
        if (status == ClaimStatus.Pended)
        {
            var line = decision.Lines.First(l => l.Outcome == LineOutcome.Pended);
            pending = new PendingInfo(decision.Department, submission.Channel,
                reference.ProcessingTimes.WeeksFor(decision.Department, submission.Channel), line.Explanation);
        }

        return new ClaimRecord(submission.ClaimId, submission, status, decision, pending,
            [.. history, new StatusChange(status, now, decision.Explanation)], documents, version);
    }

    private static ClaimLine WithConfirmedFacts(ClaimLine line, ClaimResolution resolution, string[] documents) => line with
    {
        Authorised = resolution.Authorised ?? line.Authorised,
        Serious = resolution.Serious ?? line.Serious,
        ProgrammeCompleted = resolution.ProgrammeCompleted ?? line.ProgrammeCompleted,
        Circumstances = resolution.Circumstances is { Length: > 0 } c ? [.. (line.Circumstances ?? []).Concat(c).Distinct()] : line.Circumstances,
        Documents = documents,
        OfficialTariff = resolution.OfficialTariff is { } tariff ? Domain.Money.Money.FromEuros(tariff) : line.OfficialTariff,
    };

    private MemberView View() => new(MemberId, state.State.FamilyId, state.State.StatutoryPeriods, state.State.Claims.Count + state.State.Archived.Count,
        state.State.Claims.Values.Aggregate(new Domain.Money.Money(state.State.ArchivedPaidCents), (sum, c) => sum + c.TotalPaid));

    private enum WorkKind
    {
        SetStatutoryPeriods,
        Submit,
        Resolve,
        Reverse,
    }

    private sealed class WorkItem(WorkKind kind)
    {
        public WorkKind Kind { get; } = kind;
        public TaskCompletionSource<object> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string? ClaimId { get; init; }
        public string? FamilyId { get; init; }
        public ClaimSubmission? Submission { get; init; }
        public ClaimResolution? Resolution { get; init; }
        public string? Reason { get; init; }
        public StatutoryPeriod[]? Periods { get; init; }
    }

    /// <summary>Member-scoped totals from the member, family-scoped ones from the family's snapshot.</summary>
    private sealed class CombinedReader(IAccumulatorReader member, IAccumulatorReader family) : IAccumulatorReader
    {
        public Usage Get(in AccumulatorKey key) => key.Scope == CapScope.Family ? family.Get(key) : member.Get(key);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: writing a batch of {Count} command(s) failed; nothing of it was applied")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string memberId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: archiving old claims failed; they stay in the member's state")]
    private static partial void LogArchiveFailed(ILogger logger, Exception exception, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: a notification could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string memberId);
}
