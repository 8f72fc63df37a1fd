using CmcmActors.Contracts;
using CmcmActors.Contracts.Audit;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Payments;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Journal;
using CmcmActors.Grains.Notifications;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

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
    /// <summary>Claims kept in memory after they were written, to answer a read right after a decision without a journal read.</summary>
    internal const int RecentClaimsKept = ClaimIndex.RecentClaimsKept;

    private readonly Queue<MemberCommand> _queue = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private MemberHead _head = MemberHead.New;

    /// <summary>The member's totals as last written: readers see these, a batch decides on its own copy.</summary>
    private AccumulatorBook _book = new();
    private ClaimIndex _claims = null!;
    private FamilyFactsCache _facts = null!;
    private bool _pumping;
    private bool _broken;

    private string MemberId => this.GetPrimaryKeyString()["member/".Length..];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _claims = new ClaimIndex(journal, MemberId);
        _facts = new FamilyFactsCache(MemberId, Family);
        var snapshot = await journal.LoadAsync(MemberId) ?? await MigrateLegacyStateAsync();
        if (snapshot is null)
        {
            return;
        }

        _head = snapshot.Head;
        _book = AccumulatorBook.FromTotals(snapshot.Totals);
        _claims.Load(snapshot.ClaimIds);
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
        Enqueue<MemberView>(new SetStatutoryPeriods(familyId, periods) { Actor = AuditContext.CurrentOrSystem });

    public Task<ClaimResult> SubmitClaimAsync(ClaimSubmission submission) => Enqueue<ClaimResult>(new SubmitClaim(submission) { Actor = AuditContext.CurrentOrSystem });

    public Task<ClaimResult> AddDocumentsAsync(string claimId, string[] documents, string by, ClaimSource source = ClaimSource.Staff) =>
        Enqueue<ClaimResult>(new AddClaimDocuments(claimId, by, documents, source) { Actor = AuditContext.CurrentOrSystem });

    public Task<ClaimResult> ResolveClaimAsync(string claimId, ClaimResolution resolution) => Enqueue<ClaimResult>(new ResolveClaim(claimId, resolution) { Actor = AuditContext.CurrentOrSystem });

    public async Task<ClaimResult> ReverseClaimAsync(string claimId, string reason, string by)
    {
        var result = await Enqueue<ClaimResult>(new ReverseClaim(claimId, $"{reason} (by {by})") { Actor = AuditContext.CurrentOrSystem });
        await CascadeSafelyAsync();
        return result;
    }

    public async Task<ClaimResult> CorrectClaimAsync(string claimId, ClaimLine[] lines, string reason, string by)
    {
        var result = await Enqueue<ClaimResult>(new CorrectClaim(claimId, lines, reason, by) { Actor = AuditContext.CurrentOrSystem });
        await CascadeSafelyAsync();
        return result;
    }

    public Task ReconcileFamilyShareAsync(string familyId, string claimId) => Enqueue<MemberView>(new ReconcileFamilyShare(familyId, claimId));


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
        _facts.Changed(familyId, version);
        return Task.CompletedTask;
    }

    /// <summary>Writes a head-only change (under the write lock).</summary>
    private async Task WriteHeadAsync(MemberHead head)
    {
        var next = head with { Version = _head.Version + 1 };
        await journal.AppendAsync(new MemberAppend(MemberId, _head.Version, next, [], []));
        _head = next;
    }

    private Task<T> Enqueue<T>(MemberCommand item)
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
                var batch = new List<MemberCommand>(_queue.Count);
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

    private async Task ProcessBatchAsync(List<MemberCommand> batch)
    {
        var work = new MemberBatch(_book);
        var done = new List<(MemberCommand Item, object Result)>(batch.Count);
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
                OpeningImport = work.Opening?.Fingerprint ?? _head.OpeningImport,
                Opening = work.Opening?.Balances ?? _head.Opening,
            };
            var totals = work.MovedKeys.Select(k => new AccumulatorChange(k, work.Book.Get(k).Paid, work.Book.Get(k).Units)).ToArray();
            await journal.AppendAsync(new MemberAppend(MemberId, _head.Version, head, totals, [.. work.Claims.Values]) { Payables = PayablesOf(work) });
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
            _claims.Written(claim);
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

    /// <summary>What the batch's claims make owed: each claim's new version against its durable one (the same append writes both).</summary>
    private static Payable[] PayablesOf(MemberBatch work) =>
        [.. work.Claims.Values.Select(after => (after.Record, Before: work.Before.GetValueOrDefault(after.Record.ClaimId)?.Record))
            .Select(c => Payables.Change(c.Record.ClaimId, c.Record.Version, c.Record.Submission.MemberId, c.Record.Submission.FamilyId,
                Payables.MemberPayee(c.Record.Submission.MemberId), c.Before?.TotalPaid ?? Domain.Money.Money.Zero, c.Record.TotalPaid, c.Record.History[^1].At))
            .OfType<Payable>()];

    private static void Complete(List<(MemberCommand Item, object Result)> done)
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
    private void FailBatch(Exception error, List<(MemberCommand Item, object Result)> done)
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

    private async Task<object> DecideAsync(MemberCommand command, MemberBatch work)
    {
        work.By = command.Actor;
        switch (command)
        {
            case SetStatutoryPeriods set:
                if ((_head.FamilyId ?? work.BoundFamilyId) is { } bound && bound != set.FamilyId)
                {
                    throw new ClaimConflictException($"Member {MemberId} belongs to family {bound}, not {set.FamilyId}.");
                }

                work.BoundFamilyId ??= set.FamilyId;
                work.StatutoryPeriods = [.. set.Periods.OrderBy(p => p.From)];
                return View(work);
            case SubmitClaim submit:
                return await SubmitAsync(submit.Submission, work);
            case AddClaimDocuments add:
                return await ResolveAsync(add.ClaimId, new ClaimResolution(add.By, false, null, null, null, null, null, add.Documents, null), work, documentsOnly: true, add.Source);
            case ResolveClaim resolve:
                return await ResolveAsync(resolve.ClaimId, resolve.Resolution, work, documentsOnly: false);
            case CorrectClaim correct:
                return await CorrectAsync(correct.ClaimId, correct.Lines, correct.Reason, correct.By, work);
            case ReverseClaim reverse:
                return await ReverseAsync(reverse.ClaimId, reverse.Reason, work);
            case ApplyCascadeSteps apply:
                return await ApplyCascadeStepsAsync(apply.Order, work);
            case ReconcileFamilyShare reconcile:
                await ReconcileAsync(reconcile.FamilyId, reconcile.ClaimId, work);
                return View(work);
            case TakeOpening take:
                return TakeOpening(take, work);
            case FinishCascade finish:
                if (_head.PendingCascade == finish.Cascade && work.FamilyCascade is null)
                {
                    work.CascadeDone = true;
                }

                return View(work);
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a member command.");
        }
    }

    /// <summary>The claim as this batch left it, or as last written.</summary>
    private async Task<JournaledClaim?> FindAsync(string claimId, MemberBatch? work) =>
        work is not null && work.Claims.TryGetValue(claimId, out var changed) ? changed : await _claims.FindAsync(claimId);

    private Task<FamilyFacts?> FactsAsync(string familyId) => _facts.GetAsync(familyId);

    private MemberProfile Profile(FamilyFacts facts) => facts.Profile with { StatutoryPeriods = _head.StatutoryPeriods };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: appending a batch of {Count} command(s) failed; nothing of it was applied")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string memberId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: the family share of claim {ClaimId} could not be settled; the family asks again")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string memberId, string claimId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId}: a notification could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string memberId);
}
