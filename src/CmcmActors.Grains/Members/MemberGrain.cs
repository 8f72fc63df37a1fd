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
/// The consistency boundary for a member's caps and the owner of the member's claims. Every command goes through one
/// queue: a batch of queued commands is decided in order against the in-memory totals, and what it changed (the claim
/// records, the totals it moved, the small head) is appended to the journal in one write, committed together with
/// other members' batches of this silo; only then is the batch answered. Nothing written grows with the member's
/// history. The grain is reentrant so that calls can queue while a batch is written; reads never wait for the queue.
/// Family facts (roster, tiers, payments) are cached and dropped when the family says it changed.
/// </summary>
[Reentrant]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The write lock's wait handle is never created; there is nothing to dispose.")]
public sealed partial class MemberGrain(
    IMemberJournal journal,
    CmcmReferenceData reference,
    INotificationPublisher publisher,
    TimeProvider clock,
    ILogger<MemberGrain> logger) : Grain, IMemberGrain, IRemindable
{
    /// <summary>Ticks while a family cascade is due, so that one cut short by a crash is driven to its end.</summary>
    public const string FamilyCascadeReminder = "family-cascade";

    private static readonly TimeSpan FamilyCascadeRetry = TimeSpan.FromMinutes(1);

    /// <summary>How often a decision is taken again when the family's totals moved under it before giving up (retry later).</summary>
    private const int FamilyApplyAttempts = 10;

    /// <summary>Claims kept in memory after they were written, to answer a read right after a decision without a journal read.</summary>
    internal const int RecentClaimsKept = 8;

    private readonly Queue<WorkItem> _queue = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, JournaledClaim> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();

    /// <summary>
    /// A 64-bit hash of every claim id the member has: 8 bytes a claim, however long the member's history. A miss
    /// proves the claim is new; a hit (or the rare collision) is settled by reading the claim from the journal.
    /// </summary>
    private HashSet<long> _claimIds = [];
    private MemberHead _head = MemberHead.New;
    private AccumulatorBook _book = new();
    private bool _pumping;
    private bool _broken;

    private FamilyFacts? _facts;
    private string? _factsFamilyId;
    private long _factsFloor;
    private Task? _cascading;

    private string MemberId => this.GetPrimaryKeyString()["member/".Length..];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var snapshot = await journal.LoadAsync(MemberId) ?? await MigrateLegacyStateAsync();
        if (snapshot is null)
        {
            return;
        }

        _head = snapshot.Head;
        _book = AccumulatorBook.FromTotals(snapshot.Totals);
        _claimIds = new HashSet<long>(snapshot.ClaimIds.Select(IdHash));
        if (_head.PendingCascade is not null)
        {
            // A cascade was cut short (the silo died, a write failed): drive it again once the activation is up.
            this.RegisterGrainTimer(static (grain, _) => grain.CascadeSafelyAsync(), this,
                new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    public Task<MemberView> GetAsync()
    {
        ForgetIfUnknown();
        return Task.FromResult(View());
    }

    public Task<MemberView> SetStatutoryPeriodsAsync(string familyId, StatutoryPeriod[] periods) =>
        Enqueue<MemberView>(new WorkItem(WorkKind.SetStatutoryPeriods) { FamilyId = familyId, Periods = periods });

    public Task<ClaimResult> SubmitClaimAsync(ClaimSubmission submission) =>
        Enqueue<ClaimResult>(new WorkItem(WorkKind.Submit) { ClaimId = submission.ClaimId, Submission = submission, FamilyId = submission.FamilyId });

    public Task<ClaimResult> AddDocumentsAsync(string claimId, string[] documents, string by, ClaimSource source = ClaimSource.Staff) =>
        Enqueue<ClaimResult>(new WorkItem(WorkKind.AddDocuments)
        {
            ClaimId = claimId,
            Resolution = new ClaimResolution(by, false, null, null, null, null, null, documents, null),
            Source = source,
        });

    public Task<ClaimResult> ResolveClaimAsync(string claimId, ClaimResolution resolution) =>
        Enqueue<ClaimResult>(new WorkItem(WorkKind.Resolve) { ClaimId = claimId, Resolution = resolution });

    public async Task<ClaimResult> ReverseClaimAsync(string claimId, string reason, string by)
    {
        var result = await Enqueue<ClaimResult>(new WorkItem(WorkKind.Reverse) { ClaimId = claimId, Reason = $"{reason} (by {by})" });
        await CascadeSafelyAsync();
        return result;
    }

    public async Task<ClaimResult> CorrectClaimAsync(string claimId, ClaimLine[] lines, string reason, string by)
    {
        var result = await Enqueue<ClaimResult>(new WorkItem(WorkKind.Correct) { ClaimId = claimId, Lines = lines, Reason = reason, By = by });
        await CascadeSafelyAsync();
        return result;
    }

    public Task ReconcileFamilyShareAsync(string familyId, string claimId) =>
        Enqueue<MemberView>(new WorkItem(WorkKind.ReconcileFamilyShare) { FamilyId = familyId, ClaimId = claimId });

    public Task<ClaimResult> RedecideAfterFamilyReleaseAsync(string claimId, string causeClaimId, string what) =>
        Enqueue<ClaimResult>(new WorkItem(WorkKind.Redecide) { ClaimId = claimId, Reason = causeClaimId, By = what });

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

    public Task<IReadOnlyList<CapUsage>> GetCapsAsync(int year) => Task.FromResult(CapsReport.For(MemberId, year, _book, reference.Catalogues));

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

    public async Task<FamilyJoin> JoinFamilyAsync(string familyId)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_head.FamilyId == familyId)
            {
                return new FamilyJoin(true, false, null);
            }

            if (_head.FamilyId is { } other)
            {
                return new FamilyJoin(false, false, other);
            }

            await WriteHeadAsync(_head with { FamilyId = familyId });
            return new FamilyJoin(true, true, null);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task LeaveFamilyAsync(string familyId)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_head.FamilyId == familyId)
            {
                await WriteHeadAsync(_head with { FamilyId = null });
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task FamilyChangedAsync(string familyId, long version)
    {
        // Also before the first facts arrive: a read already on its way may carry the version before this change, and
        // must then be read again by the next decision.
        if (_factsFamilyId is null || _factsFamilyId == familyId)
        {
            _factsFamilyId = familyId;
            _factsFloor = Math.Max(_factsFloor, version);
        }

        return Task.CompletedTask;
    }

    /// <summary>Writes a head-only change (under the write lock).</summary>
    private async Task WriteHeadAsync(MemberHead head)
    {
        var next = head with { Version = _head.Version + 1 };
        await journal.AppendAsync(new MemberAppend(MemberId, _head.Version, next, [], []));
        _head = next;
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

        return item.Completion.Task.ContinueWith(t => (T)t.GetAwaiter().GetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task PumpAsync()
    {
        try
        {
            while (_queue.Count > 0 && !_broken)
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
        var work = new Batch(_book);
        var done = new List<(WorkItem Item, object Result)>(batch.Count);
        foreach (var item in batch)
        {
            try
            {
                done.Add((item, await DecideAsync(item, work)));
            }
            catch (Exception e)
            {
                item.Completion.TrySetException(e);
            }
        }

        if (work.IsEmpty)
        {
            Complete(done);
            return;
        }

        // The batch's pushes are numbered on from the member's last, and the last number is written with the batch: a
        // new activation, on any silo, goes on from there.
        var pushSequence = _head.PushSequence;
        var notifications = work.Events.Select(e => e with { Sequence = ++pushSequence }).ToArray();
        await _writeLock.WaitAsync();
        try
        {
            var head = new MemberHead(
                _head.Version + 1,
                _head.FamilyId ?? work.BoundFamilyId,
                work.StatutoryPeriods ?? _head.StatutoryPeriods,
                _head.ClaimCount + work.NewClaims,
                _head.PaidCents + work.PaidCentsDelta,
                pushSequence)
            {
                PendingCascade = work.FamilyCascade ?? (work.CascadeDone ? null : _head.PendingCascade),
            };
            var totals = work.MovedKeys.Select(k => new AccumulatorChange(k, work.Book.Get(k).Paid, work.Book.Get(k).Units)).ToArray();
            await journal.AppendAsync(new MemberAppend(MemberId, _head.Version, head, totals, [.. work.Claims.Values]));
            _head = head;
            _book = work.Book;
        }
        catch (Exception e)
        {
            FailBatch(e, done);
            return;
        }
        finally
        {
            _writeLock.Release();
        }

        foreach (var claim in work.Claims.Values)
        {
            _claimIds.Add(IdHash(claim.Record.ClaimId));
            Remember(claim);
        }

        // The claims are durable: only now may the family give back room they held (each settlement is idempotent; one
        // that is lost is asked about again by the family).
        foreach (var (claimId, reserved) in work.Reservations)
        {
            await SettleSafelyAsync(reserved.FamilyId, claimId, reserved.Version, reserved.Changes, nothingNewer: false);
        }

        Complete(done);
        foreach (var notification in notifications)
        {
            await PublishSafelyAsync(notification);
        }
    }

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

    private static void Complete(List<(WorkItem Item, object Result)> done)
    {
        foreach (var (item, result) in done)
        {
            item.Completion.TrySetResult(result);
        }
    }

    /// <summary>
    /// Nothing of the batch is known to be durable (a write that timed out may still have landed): every caller gets the
    /// error and the activation is dropped so that the next call reloads the member from the journal. Family room the
    /// batch reserved stays held until the family asks what was written (<see cref="ReconcileFamilyShareAsync"/>): giving
    /// it back here could give back room of a claim that is paid.
    /// </summary>
    private void FailBatch(Exception error, List<(WorkItem Item, object Result)> done)
    {
        LogWriteFailed(logger, error, MemberId, done.Count);
        _broken = true;
        var failure = error is JournalConflictException ? new RetryLaterException("The member changed elsewhere; retry.", error) : error;
        foreach (var (item, _) in done)
        {
            item.Completion.TrySetException(failure);
        }

        while (_queue.TryDequeue(out var queued))
        {
            queued.Completion.TrySetException(failure);
        }

        DeactivateOnIdle();
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

    private async Task<object> DecideAsync(WorkItem item, Batch work)
    {
        switch (item.Kind)
        {
            case WorkKind.SetStatutoryPeriods:
                if ((_head.FamilyId ?? work.BoundFamilyId) is { } bound && bound != item.FamilyId)
                {
                    throw new ClaimConflictException($"Member {MemberId} belongs to family {bound}, not {item.FamilyId}.");
                }

                work.BoundFamilyId ??= item.FamilyId;
                work.StatutoryPeriods = [.. item.Periods!.OrderBy(p => p.From)];
                return View(work);
            case WorkKind.Submit:
                return await SubmitAsync(item.Submission!, work);
            case WorkKind.AddDocuments:
            case WorkKind.Resolve:
                return await ResolveAsync(item.ClaimId!, item.Resolution!, work, documentsOnly: item.Kind == WorkKind.AddDocuments, item.Source);
            case WorkKind.Correct:
                return await CorrectAsync(item.ClaimId!, item.Lines!, item.Reason!, item.By!, work);
            case WorkKind.Redecide:
                return await RedecideAsync(item.ClaimId!, item.Reason!, item.By!, work);
            case WorkKind.ReconcileFamilyShare:
                await ReconcileAsync(item.FamilyId!, item.ClaimId!, work);
                return View(work);
            case WorkKind.CascadeDone:
                if (_head.PendingCascade == item.Cascade && work.FamilyCascade is null)
                {
                    work.CascadeDone = true;
                }

                return View(work);
            default:
                return await ReverseAsync(item.ClaimId!, item.Reason!, work);
        }
    }

    private async Task<ClaimResult> SubmitAsync(ClaimSubmission submission, Batch work)
    {
        if (submission.MemberId != MemberId)
        {
            return ClaimResult.Refused(ClaimRefusalKind.Invalid, "wrong-member", "memberId", $"The claim is for member {submission.MemberId}, not {MemberId}.");
        }

        if (await FindAsync(submission.ClaimId, work) is { } existing)
        {
            return existing.Record.Submission.SameContentAs(submission)
                ? ClaimResult.Accepted(existing.Record, created: false)
                : ClaimResult.Refused(ClaimRefusalKind.Conflict, "invoice-reused", "invoiceReference",
                    $"Invoice reference {submission.InvoiceReference} was already submitted for member {MemberId} with other lines.");
        }

        if (await FamilyRefusalAsync(submission.FamilyId, work) is { } refused)
        {
            return refused;
        }

        // The member guards its own invariants whoever calls it: a bad line (negative amounts, statutory above the
        // invoice, care after the claim was received) would otherwise let a line pay more than its uncovered amount.
        if (Validate(submission.Lines, submission.ReceivedOn) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var trusted = ClaimTrust.Trusted(submission.Lines, submission.Source);
        var decision = await AdjudicateAsync(submission.ClaimId, submission.FamilyId, trusted, reviewed: false, 1, work);
        var received = submission.Source == ClaimSource.Member && submission.Lines.SelectMany(ClaimTrust.DeclaredStaffOnlyFacts).Distinct().ToArray() is { Length: > 0 } declared
            ? $"Received from the member, who declares {string.Join(", ", declared)}: only the CMCM's staff may confirm these."
            : "Received.";
        var record = Record(submission, decision, [new StatusChange(ClaimStatus.Received, now, received)], [.. submission.Lines.SelectMany(l => l.Documents ?? [])], 1, now)
            with { Lines = submission.Source == ClaimSource.Staff ? null : [.. trusted] };
        work.Events.Add(new ClaimStatusChanged(submission.FamilyId, now, record.ClaimId, MemberId, ClaimStatus.Received, 0m, "Received.", 0));
        work.Events.Add(new ClaimStatusChanged(submission.FamilyId, now, record.ClaimId, MemberId, ClaimStatus.Adjudicating, 0m, "Adjudicating.", 0));
        var movements = Apply(submission.ClaimId, submission.FamilyId, decision.Changes, reversal: false, now, work);
        Store(work, null, new JournaledClaim(record, movements), now);
        return ClaimResult.Accepted(record, created: true);
    }

    private async Task<ClaimResult> ResolveAsync(string claimId, ClaimResolution resolution, Batch work, bool documentsOnly, ClaimSource source = ClaimSource.Staff)
    {
        if (await FindAsync(claimId, work) is not { } held)
        {
            return UnknownClaim(claimId);
        }

        var record = held.Record;
        if (record.Status != ClaimStatus.Pended)
        {
            return documentsOnly
                ? ClaimResult.Refused(ClaimRefusalKind.Conflict, "not-pended", "status", $"Claim {claimId} is {record.Status}; documents are added to a pended claim.")
                : ClaimResult.Refused(ClaimRefusalKind.Conflict, "not-pended", "status", $"Claim {claimId} is {record.Status}, not pended.");
        }

        var now = clock.GetUtcNow();
        var attached = record.Documents.Concat(resolution.Documents ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (resolution.Refuse)
        {
            var refused = record with
            {
                Status = ClaimStatus.Refused,
                Pending = null,
                Documents = attached,
                History = [.. record.History, new StatusChange(ClaimStatus.Refused, now, $"Refused by {resolution.By}: {resolution.Reason}")],
                Version = record.Version + 1,
            };
            Store(work, held, held with { Record = refused }, now);
            return ClaimResult.Accepted(refused, created: false);
        }

        // Documents count as the required ones when staff attach or confirm them; a member's are recorded only. On a
        // claim staff entered every attached document counts, as staff entered them.
        var confirmedDocuments = source == ClaimSource.Member ? null
            : record.Submission.Source == ClaimSource.Staff ? attached
            : record.TrustedLines.SelectMany(l => l.Documents ?? []).Concat(resolution.Documents ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var lines = record.TrustedLines.Select(l => WithConfirmedFacts(l, source == ClaimSource.Member ? null : resolution, confirmedDocuments)).ToArray();
        var reviewed = record.AmountsReviewed || (source == ClaimSource.Staff && resolution.AmountsReviewed == true);
        var decision = await AdjudicateAsync(claimId, record.Submission.FamilyId, lines, reviewed, record.Version + 1, work);
        var note = source == ClaimSource.Member ? $"Documents attached by {resolution.By}: {string.Join(", ", resolution.Documents ?? [])}; staff will check them."
            : $"Facts confirmed by {resolution.By}{Confirmed(resolution)}.";
        // From now on the submission's lines are the confirmed ones (what the member declared stays in the history).
        var resolved = Record(record.Submission with { Lines = lines }, decision, [.. record.History, new StatusChange(ClaimStatus.Adjudicating, now, note)], attached, record.Version + 1, now)
            with { Lines = null, AmountsReviewed = reviewed };
        var movements = Apply(claimId, record.Submission.FamilyId, decision.Changes, reversal: false, now, work);
        Store(work, held, new JournaledClaim(resolved, [.. held.Movements, .. movements]), now);
        return ClaimResult.Accepted(resolved, created: false);
    }

    /// <summary>
    /// The family asked what was written of a claim it holds a reservation for: decided after every earlier batch was
    /// written or failed, so the durable version is known, and nothing newer of it is under way unless this very batch
    /// changes it (then its own settlement follows the append).
    /// </summary>
    private async Task ReconcileAsync(string familyId, string claimId, Batch work)
    {
        if (work.Claims.ContainsKey(claimId))
        {
            return;
        }

        var durable = FamilyShare((await FindAsync(claimId, null))?.Record);
        await Family(familyId).SettleFamilyShareAsync(claimId, durable.Version, [.. durable.Changes], nothingNewer: true);
    }

    /// <summary>": serious, documents" — which facts a person confirmed, for the claim's history.</summary>
    private static string Confirmed(ClaimResolution resolution)
    {
        var facts = new List<string>();
        if (resolution.Authorised is { } authorised)
        {
            facts.Add($"authorised {(authorised ? "yes" : "no")}");
        }

        if (resolution.Serious is { } serious)
        {
            facts.Add($"serious {(serious ? "yes" : "no")}");
        }

        if (resolution.ProgrammeCompleted is { } completed)
        {
            facts.Add($"programme completed {(completed ? "yes" : "no")}");
        }

        if (resolution.Circumstances is { Length: > 0 } circumstances)
        {
            facts.Add("circumstances " + string.Join(", ", circumstances));
        }

        if (resolution.Documents is { Length: > 0 } documents)
        {
            facts.Add("documents " + string.Join(", ", documents));
        }

        if (resolution.OfficialTariff is { } tariff)
        {
            facts.Add($"official tariff {tariff:0.00}");
        }

        if (resolution.AmountsReviewed == true)
        {
            facts.Add("amounts reviewed");
        }

        return facts.Count == 0 ? "" : ": " + string.Join("; ", facts);
    }

    private async Task<ClaimResult> ReverseAsync(string claimId, string reason, Batch work)
    {
        if (await FindAsync(claimId, work) is not { } held)
        {
            return UnknownClaim(claimId);
        }

        var record = held.Record;
        if (record.Status == ClaimStatus.Reversed)
        {
            return ClaimResult.Accepted(record, created: false);
        }

        if (Uncorrectable(record, reversal: true) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        if (await DurableShareAsync(claimId, work) is { Changes.Count: > 0 } durable)
        {
            // Reserved, not given back: the family's room returns only once the reversal is durable.
            var family = Family(record.Submission.FamilyId);
            if (!await ReserveAsync(family, record.Submission.FamilyId, claimId, durable, record.Version + 1, [], 0, work))
            {
                throw new RetryLaterException($"Claim {claimId}: the family refused the reversal's reservation; retry.");
            }
        }

        var movements = Apply(claimId, record.Submission.FamilyId, record.Decision!.ReversalChanges, reversal: true, now, work);
        var reversed = record with
        {
            Status = ClaimStatus.Reversed,
            History = [.. record.History, new StatusChange(ClaimStatus.Reversed, now, "Reversed: " + reason)],
            Version = record.Version + 1,
        };
        Store(work, held, new JournaledClaim(reversed, [.. held.Movements, .. movements]), now);
        var others = await OtherDecidedClaimsAsync(claimId, work);
        await CascadeAsync(claimId, "reversed", record.Submission.FamilyId, others, work, now);
        await DueFamilyCascadeAsync(record.Decision, claimId, "reversed", record.Submission.FamilyId, others, work);
        return ClaimResult.Accepted(reversed, created: false);
    }

    /// <summary>A paid claim may be reversed or corrected, a pended one corrected; a reversed one neither.</summary>
    private static ClaimResult? Uncorrectable(ClaimRecord record, bool reversal) => record.Status switch
    {
        ClaimStatus.Reversed => ClaimResult.Refused(ClaimRefusalKind.Conflict, "reversed", "status", $"Claim {record.ClaimId} is reversed; it can be neither reversed nor corrected again."),
        ClaimStatus.Approved or ClaimStatus.PartiallyApproved => null,
        ClaimStatus.Pended or ClaimStatus.Refused when !reversal => null,
        _ => ClaimResult.Refused(ClaimRefusalKind.Conflict, "not-paid", "status", $"Claim {record.ClaimId} is {record.Status}; only a paid claim can be reversed."),
    };

    private ClaimResult? Validate(ClaimLine[] lines, DateOnly receivedOn)
    {
        var errors = ClaimLineValidation.Validate(lines, reference.Catalogues, receivedOn);
        return errors.Count == 0 ? null
            : ClaimResult.Refused(ClaimRefusalKind.Invalid, "invalid-lines", errors[0].Field, string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")));
    }

    private PlausibilityLimits Plausibility(ClaimRecord record) => record.AmountsReviewed ? PlausibilityLimits.None : reference.Plausibility;

    /// <summary>
    /// A correction: a new version of the same claim, decided again with the room its earlier version gave back. The
    /// audit shows the earlier movements given back and the new ones; the history states the difference per tier.
    /// Staff enter it, so its lines are taken as staff's. Family-scoped room is released and taken again by the family.
    /// </summary>
    private async Task<ClaimResult> CorrectAsync(string claimId, ClaimLine[] lines, string reason, string by, Batch work)
    {
        if (await FindAsync(claimId, work) is not { } held)
        {
            return UnknownClaim(claimId);
        }

        var record = held.Record;
        if (Uncorrectable(record, reversal: false) is { } refused)
        {
            return refused;
        }

        if (Validate(lines, record.Submission.ReceivedOn) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var familyId = record.Submission.FamilyId;
        var givenBack = Array.Empty<CapMovement>();
        if (record.Decision is { } earlier && record.TotalPaid.Cents > 0)
        {
            givenBack = Apply(claimId, familyId, earlier.ReversalChanges, reversal: true, now, work);
        }

        var decision = await AdjudicateAsync(claimId, familyId, lines, record.AmountsReviewed, record.Version + 1, work);
        var note = $"Corrected by {by}: {reason}. {Difference(record, decision)}";
        var corrected = Record(record.Submission with { Lines = lines, Source = ClaimSource.Staff }, decision,
                [.. record.History, new StatusChange(ClaimStatus.Adjudicating, now, note)], record.Documents.ToArray(), record.Version + 1, now)
            with { Lines = null, AmountsReviewed = record.AmountsReviewed };
        var movements = Apply(claimId, familyId, decision.Changes, reversal: false, now, work);
        Store(work, held, new JournaledClaim(corrected, [.. held.Movements, .. givenBack, .. movements]), now);
        var others = await OtherDecidedClaimsAsync(claimId, work);
        await CascadeAsync(claimId, "corrected", familyId, others, work, now);
        if (record.TotalPaid.Cents > 0)
        {
            await DueFamilyCascadeAsync(record.Decision!, claimId, "corrected", familyId, others, work);
        }
        return ClaimResult.Accepted(corrected, created: false);
    }

    /// <summary>"Pays €80.00 (was €100.00): RC −20.00." — what the correction changes, per tier.</summary>
    private static string Difference(ClaimRecord before, ClaimAdjudication after)
    {
        var paidAfter = after.Outcome == ClaimOutcome.Pended ? Domain.Money.Money.Zero : after.TotalPaid;
        var tiers = Enum.GetValues<Tier>()
            .Select(t => (Tier: t, Delta: (after.Outcome == ClaimOutcome.Pended ? Domain.Money.Money.Zero : after.PaidBy(t))
                - (before.TotalPaid.Cents > 0 ? before.Decision!.PaidBy(t) : Domain.Money.Money.Zero)))
            .Where(t => t.Delta.Cents != 0)
            .Select(t => $"{t.Tier} {(t.Delta.Cents > 0 ? "+" : "−")}{Domain.Money.Money.Max(t.Delta, -t.Delta).ToDisplayString()}")
            .ToArray();
        var difference = (paidAfter - before.TotalPaid).Cents switch
        {
            > 0 => "to pay",
            < 0 => "to recover",
            _ => "no difference",
        };
        return $"Pays {paidAfter.ToDisplayString()} (was {before.TotalPaid.ToDisplayString()}), {difference}" + (tiers.Length > 0 ? ": " + string.Join(", ", tiers) + "." : ".");
    }

    /// <summary>The member's decided claims other than <paramref name="claimId"/>, as this batch left them.</summary>
    private async Task<List<JournaledClaim>> OtherDecidedClaimsAsync(string claimId, Batch? work)
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
    private async Task CascadeAsync(string claimId, string what, string familyId, List<JournaledClaim> others, Batch work, DateTimeOffset now)
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
    private ClaimRecord StoreRedecided(JournaledClaim held, ClaimAdjudication previous, ClaimAdjudication next, string causeClaimId, string what, Batch work, DateTimeOffset now)
    {
        var record = held.Record;
        var givenBack = Apply(record.ClaimId, record.Submission.FamilyId, previous.ReversalChanges, reversal: true, now, work);
        var taken = Apply(record.ClaimId, record.Submission.FamilyId, next.Changes, reversal: false, now, work);
        var note = $"Re-decided after claim {causeClaimId} was {what}: pays {next.TotalPaid.ToDisplayString()} (was {previous.TotalPaid.ToDisplayString()}), a top-up of {(next.TotalPaid - previous.TotalPaid).ToDisplayString()}.";
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
    private async Task DueFamilyCascadeAsync(ClaimAdjudication earlier, string claimId, string what, string familyId, List<JournaledClaim> others, Batch work)
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

                await Enqueue<MemberView>(new WorkItem(WorkKind.CascadeDone) { Cascade = due });
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
    private async Task<ClaimResult> RedecideAsync(string claimId, string causeClaimId, string what, Batch work)
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

    private static ClaimResult UnknownClaim(string claimId)
    {
        var invoice = claimId[(claimId.IndexOf('/') + 1)..];
        var member = claimId[..claimId.IndexOf('/')];
        return ClaimResult.Refused(ClaimRefusalKind.NotFound, "unknown-claim", "invoiceReference", $"Member {member} has no claim with invoice reference {invoice}.");
    }

    /// <summary>Records the claim's new version in the batch, with its effect on the member's counters and its push.</summary>
    private void Store(Batch work, JournaledClaim? before, JournaledClaim after, DateTimeOffset now)
    {
        work.Before.TryAdd(after.Record.ClaimId, before);
        work.Claims[after.Record.ClaimId] = after;
        if (before is null)
        {
            work.NewClaims++;
        }

        work.PaidCentsDelta += after.Record.TotalPaid.Cents - (before?.Record.TotalPaid.Cents ?? 0);
        var record = after.Record;
        work.Events.Add(new ClaimStatusChanged(record.Submission.FamilyId, now, record.ClaimId, MemberId, record.Status, record.TotalPaid.Euros, record.History[^1].Note, record.Version));
    }

    /// <summary>
    /// Refuses a claim naming a family the member is not in: 404 when that family or its roster does not know the member,
    /// 409 when the member belongs to another family.
    /// </summary>
    private async Task<ClaimResult?> FamilyRefusalAsync(string familyId, Batch work)
    {
        var bound = _head.FamilyId ?? work.BoundFamilyId;
        var boundHere = bound is null || bound == familyId;
        if (boundHere && await FactsAsync(familyId) is not null)
        {
            return null;
        }

        if (await Family(familyId).GetAsync() is null)
        {
            return ClaimResult.Refused(ClaimRefusalKind.NotFound, "unknown-family", "familyId", $"Family {familyId} is not enrolled.");
        }

        if (boundHere || await Family(familyId).GetFactsAsync(MemberId, null) is null)
        {
            return ClaimResult.Refused(ClaimRefusalKind.NotFound, "unknown-member", "memberId", $"Member {MemberId} is not on the roster of family {familyId}.");
        }

        return ClaimResult.Refused(ClaimRefusalKind.Conflict, "member-in-other-family", "memberId", $"Member {MemberId} is in family {bound}.");
    }

    /// <summary>
    /// Decides a new version of a claim against the batch's totals and the family's facts (cached). When the new version
    /// or the durable one holds family-scoped room, it is decided again on the family's current totals (without what the
    /// claim holds) and its share reserved with an optimistic check, retried when the family's totals moved; the
    /// reservation is settled once the batch is durable (<see cref="FamilyCapLedger"/>).
    /// </summary>
    private async Task<ClaimAdjudication> AdjudicateAsync(string claimId, string familyId, IReadOnlyList<ClaimLine> lines, bool reviewed, long nextVersion, Batch work)
    {
        var plausibility = reviewed ? PlausibilityLimits.None : reference.Plausibility;
        return await DecideWithFamilyAsync(claimId, familyId, nextVersion, work,
            facts => Adjudicator.Adjudicate(Profile(facts), lines, new ScopedAccumulatorReader(work.Book, AccumulatorBook.FromTotals(facts.FamilyUsage)), reference.Catalogues, plausibility));
    }

    private async Task<ClaimAdjudication> DecideWithFamilyAsync(string claimId, string familyId, long nextVersion, Batch work, Func<FamilyFacts, ClaimAdjudication> decide)
    {
        var cached = await FactsAsync(familyId) ?? throw new KeyNotFoundException($"Member {MemberId} is not in family {familyId}.");
        var decision = decide(cached);
        var durable = await DurableShareAsync(claimId, work);
        if (FamilyShare(decision).Length == 0 && durable.Changes.Count == 0)
        {
            return decision;
        }

        var family = Family(familyId);
        for (var attempt = 0; attempt < FamilyApplyAttempts; attempt++)
        {
            var facts = await family.GetFactsAsync(MemberId, claimId) ?? throw new KeyNotFoundException($"Member {MemberId} is not in family {familyId}.");
            decision = decide(facts);
            if (await ReserveAsync(family, familyId, claimId, durable, nextVersion, FamilyShare(decision), facts.AccumulatorVersion, work))
            {
                return decision;
            }
        }

        throw new RetryLaterException($"Claim {claimId}: the family's totals kept changing; retry.");
    }

    private async Task<bool> ReserveAsync(IFamilyGrain family, string familyId, string claimId, ShareVersion durable, long nextVersion, AccumulatorChange[] next, long decidedOn, Batch work)
    {
        var reserved = await family.ReserveFamilyShareAsync(new FamilyShareReservation(claimId, MemberId, durable.Version, [.. durable.Changes], nextVersion, next, decidedOn));
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

    /// <summary>The claim's version that is durable (before this batch touched it) and its family share.</summary>
    private async Task<ShareVersion> DurableShareAsync(string claimId, Batch work) =>
        FamilyShare(work.Before.TryGetValue(claimId, out var before) ? before?.Record : (await FindAsync(claimId, null))?.Record);

    /// <summary>The family's facts for this member, from the cache unless the family said they changed; null when not on its roster.</summary>
    private async Task<FamilyFacts?> FactsAsync(string familyId)
    {
        if (_facts is { } cached && _factsFamilyId == familyId && cached.FamilyVersion >= _factsFloor)
        {
            return cached;
        }

        var facts = await Family(familyId).GetFactsAsync(MemberId, null);
        if (facts is not null && (_factsFamilyId != familyId || facts.FamilyVersion >= (_facts?.FamilyVersion ?? 0)))
        {
            if (_factsFamilyId != familyId)
            {
                _factsFloor = 0;
            }

            _facts = facts;
            _factsFamilyId = familyId;
        }

        return facts;
    }

    private IFamilyGrain Family(string familyId) => GrainFactory.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId));

    /// <summary>The claim as this batch left it, or as written: from memory when recent, else from the journal.</summary>
    private async Task<JournaledClaim?> FindAsync(string claimId, Batch? work)
    {
        if (work is not null && work.Claims.TryGetValue(claimId, out var changed))
        {
            return changed;
        }

        if (_recent.TryGetValue(claimId, out var recent))
        {
            return recent;
        }

        if (!_claimIds.Contains(IdHash(claimId)))
        {
            return null;
        }

        return await journal.ReadClaimAsync(MemberId, claimId);
    }

    /// <summary>FNV-1a, 64 bits: stable, cheap, and well spread over ids that differ in their last characters.</summary>
    private static long IdHash(string claimId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in claimId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    private void Remember(JournaledClaim claim)
    {
        if (_recent.TryAdd(claim.Record.ClaimId, claim))
        {
            _recentOrder.Enqueue(claim.Record.ClaimId);
            while (_recentOrder.Count > RecentClaimsKept && _recentOrder.TryDequeue(out var oldest))
            {
                _recent.Remove(oldest);
            }
        }
        else
        {
            _recent[claim.Record.ClaimId] = claim;
        }
    }

    private MemberProfile Profile(FamilyFacts facts) => facts.Profile with { StatutoryPeriods = _head.StatutoryPeriods };

    private CapMovement[] Apply(string claimId, string familyId, IReadOnlyList<AccumulatorChange> changes, bool reversal, DateTimeOffset now, Batch work)
    {
        var movements = new List<CapMovement>(changes.Count);
        var keys = new List<string>();
        foreach (var change in changes)
        {
            if (change.Key.Scope != CapScope.Member)
            {
                continue;
            }

            var before = work.Book.Get(change.Key);
            work.Book.Apply([change]);
            var after = work.Book.Get(change.Key);
            var key = change.Key.ToString();
            keys.Add(key);
            work.MovedKeys.Add(change.Key);
            movements.Add(new CapMovement(claimId, key, before.Paid, after.Paid, before.Units, after.Units, now, reversal));
        }

        if (keys.Count > 0)
        {
            work.Events.Add(new MemberCapsChanged(familyId, now, MemberId, claimId, keys));
        }

        return [.. movements];
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

    /// <summary>The line with what staff confirmed; <paramref name="resolution"/> null when nothing was confirmed (a member's documents).</summary>
    private static ClaimLine WithConfirmedFacts(ClaimLine line, ClaimResolution? resolution, string[]? documents) => resolution is null ? line : line with
    {
        Authorised = resolution.Authorised ?? line.Authorised,
        Serious = resolution.Serious ?? line.Serious,
        ProgrammeCompleted = resolution.ProgrammeCompleted ?? line.ProgrammeCompleted,
        Circumstances = resolution.Circumstances is { Length: > 0 } c ? [.. (line.Circumstances ?? []).Concat(c).Distinct()] : line.Circumstances,
        Documents = documents ?? line.Documents,
        OfficialTariff = resolution.OfficialTariff is { } tariff ? Domain.Money.Money.FromEuros(tariff) : line.OfficialTariff,
    };

    private MemberView View(Batch? work = null) => new(MemberId, _head.FamilyId ?? work?.BoundFamilyId, work?.StatutoryPeriods ?? _head.StatutoryPeriods,
        _head.ClaimCount, new Domain.Money.Money(_head.PaidCents));

    /// <summary>
    /// A member stored by the previous version (one state row rewritten whole, older claims on archive pages) is moved
    /// into the journal on its first activation: one append of everything, then the old row is cleared. A crash in
    /// between leaves the old row, and the journal, which wins from then on.
    /// </summary>
    private async Task<MemberSnapshot?> MigrateLegacyStateAsync()
    {
        var storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(CmcmStorage.ProviderName);
        var legacy = new GrainState<LegacyMemberState>(new LegacyMemberState());
        await storage.ReadStateAsync("member", this.GetGrainId(), legacy);
        if (!legacy.RecordExists || legacy.State is not { } old)
        {
            return null;
        }

        var claims = new Dictionary<string, ClaimRecord>(old.Claims, StringComparer.Ordinal);
        var movements = new List<CapMovement>(old.Audit);
        for (var page = 0; page < old.ArchivePages; page++)
        {
            var archived = await GrainFactory.GetGrain<IMemberArchiveGrain>(GrainKeys.MemberArchive(MemberId, page)).GetAsync();
            foreach (var claim in archived.Claims.Where(c => old.Archived.TryGetValue(c.ClaimId, out var at) && at == page))
            {
                claims[claim.ClaimId] = claim;
                movements.AddRange(archived.Movements.Where(m => m.ClaimId == claim.ClaimId));
            }
        }

        var byClaim = movements.GroupBy(m => m.ClaimId).ToDictionary(g => g.Key, g => g.OrderBy(m => m.At).ToArray(), StringComparer.Ordinal);
        var journaled = claims.Values.Select(c => new JournaledClaim(c, byClaim.TryGetValue(c.ClaimId, out var m) ? m : [])).ToArray();
        var head = new MemberHead(1, old.FamilyId, old.StatutoryPeriods, journaled.Length, journaled.Sum(c => c.Record.TotalPaid.Cents));
        await journal.AppendAsync(new MemberAppend(MemberId, 0, head, old.Usage, journaled));
        await storage.ClearStateAsync("member", this.GetGrainId(), legacy);
        LogMigrated(logger, MemberId, journaled.Length);
        foreach (var claim in journaled)
        {
            Remember(claim);
        }

        return new MemberSnapshot(head, old.Usage, [.. claims.Keys]);
    }

    private enum WorkKind
    {
        SetStatutoryPeriods,
        Submit,
        AddDocuments,
        Resolve,
        Reverse,
        Correct,
        Redecide,
        CascadeDone,
        ReconcileFamilyShare,
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
        public ClaimSource Source { get; init; } = ClaimSource.Staff;
        public ClaimLine[]? Lines { get; init; }
        public string? By { get; init; }
        public FamilyCascadeDue? Cascade { get; init; }
    }

    /// <summary>
    /// What one batch changed: exactly what its append writes. It decides on its own copy of the member's totals, which
    /// readers see only once the append is durable.
    /// </summary>
    private sealed class Batch(AccumulatorBook durable)
    {
        public AccumulatorBook Book { get; } = AccumulatorBook.FromTotals(durable.ToTotals());
        public Dictionary<string, JournaledClaim> Claims { get; } = new(StringComparer.Ordinal);

        /// <summary>Each claim the batch changes as it was before the batch (null: new in this batch): what is durable of it.</summary>
        public Dictionary<string, JournaledClaim?> Before { get; } = new(StringComparer.Ordinal);
        public HashSet<AccumulatorKey> MovedKeys { get; } = [];
        public List<CmcmEvent> Events { get; } = [];

        /// <summary>The family shares reserved for the claims' new versions, settled once the append is durable.</summary>
        public Dictionary<string, (string FamilyId, long Version, AccumulatorChange[] Changes)> Reservations { get; } = new(StringComparer.Ordinal);
        public string? BoundFamilyId { get; set; }
        public IReadOnlyList<StatutoryPeriod>? StatutoryPeriods { get; set; }
        public int NewClaims { get; set; }
        public long PaidCentsDelta { get; set; }

        /// <summary>A family cascade this batch makes due (written in its head).</summary>
        public FamilyCascadeDue? FamilyCascade { get; set; }

        /// <summary>The due cascade was driven to its end: the head forgets it.</summary>
        public bool CascadeDone { get; set; }

        public bool IsEmpty => Claims.Count == 0 && MovedKeys.Count == 0 && BoundFamilyId is null && StatutoryPeriods is null
            && FamilyCascade is null && !CascadeDone;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: appending a batch of {Count} command(s) failed; nothing of it was applied")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string memberId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: the family share of claim {ClaimId} could not be settled; the family asks again")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string memberId, string claimId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: a notification could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: the family cascade stopped before its end; the reminder drives it again")]
    private static partial void LogCascadeFailed(ILogger logger, Exception exception, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId}: moved {Count} claim(s) from the previous storage layout into the journal")]
    private static partial void LogMigrated(ILogger logger, string memberId, int count);
}
