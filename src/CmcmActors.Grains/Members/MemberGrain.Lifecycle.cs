using CmcmActors.Contracts;
using CmcmActors.Contracts.Audit;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Claims;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Journal;

namespace CmcmActors.Grains.Members;

/// <summary>
/// The member's claim commands: submit, documents and resolution, correction, reversal. Each decides a new version of
/// a claim into the batch; nothing is visible until the batch is durable.
/// </summary>
public sealed partial class MemberGrain
{
    private async Task<ClaimResult> SubmitAsync(ClaimSubmission submission, MemberBatch work)
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
        var decision = await AdjudicateAsync(submission.ClaimId, null, submission.FamilyId, trusted, reviewed: false, 1, work);
        var received = ClaimNotes.ReceivedFrom(submission.Source, submission.Lines.SelectMany(ClaimTrust.DeclaredStaffOnlyFacts));
        var record = Record(submission, decision, [new StatusChange(ClaimStatus.Received, now, received)], [.. submission.Lines.SelectMany(l => l.Documents ?? [])], 1, now)
            with { Lines = submission.Source == ClaimSource.Staff ? null : [.. trusted] };
        work.Events.Add(new ClaimStatusChanged(submission.FamilyId, now, record.ClaimId, MemberId, ClaimStatus.Received, 0m, "Received.", 0));
        work.Events.Add(new ClaimStatusChanged(submission.FamilyId, now, record.ClaimId, MemberId, ClaimStatus.Adjudicating, 0m, "Adjudicating.", 0));
        var movements = Apply(submission.ClaimId, submission.FamilyId, decision.Changes, reversal: false, now, work);
        return ClaimResult.Accepted(Store(work, null, new JournaledClaim(record, movements), now), created: true);
    }

    private async Task<ClaimResult> ResolveAsync(string claimId, ClaimResolution resolution, MemberBatch work, bool documentsOnly, ClaimSource source = ClaimSource.Staff)
    {
        if (await FindAsync(claimId, work) is not { } held)
        {
            return UnknownClaim(claimId);
        }

        var record = held.Record;
        if (Refused(record, documentsOnly ? ClaimAction.AddDocuments : ClaimAction.Resolve) is { } notPended)
        {
            return notPended;
        }

        if (!documentsOnly && ClaimTrust.PlausibilityFourEyes(record.EnteredBy is { IsSystem: false } entered ? entered.Subject : null, work.By.Subject, ClaimTrust.PlausibilityReviewPending(record.Decision),
                resolution.Refuse, resolution.AmountsReviewed, claimId) is { } fourEyes)
        {
            return ClaimResult.Refused(ClaimRefusalKind.Conflict, fourEyes.Code, fourEyes.Field, fourEyes.Message);
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
                History = [.. record.History, new StatusChange(ClaimStatus.Refused, now, ClaimNotes.RefusedBy(resolution.By, resolution.Reason))],
                Version = record.Version + 1,
            };
            return ClaimResult.Accepted(Store(work, held, held with { Record = refused }, now), created: false);
        }

        var counted = ClaimTrust.CountedDocuments(record.Submission.Source, source, attached, record.TrustedLines, resolution.Documents ?? []);
        var lines = record.TrustedLines.Select(l => WithConfirmedFacts(l, source == ClaimSource.Member ? null : resolution, counted)).ToArray();
        var reviewed = ClaimTrust.AmountsReviewed(record.AmountsReviewed, source, resolution.AmountsReviewed);
        var decision = await AdjudicateAsync(claimId, held, record.Submission.FamilyId, lines, reviewed, record.Version + 1, work);
        var note = source == ClaimSource.Member ? ClaimNotes.DocumentsAttached(resolution.By, resolution.Documents ?? [])
            : ClaimNotes.FactsConfirmed(resolution.By, new ConfirmedFacts(resolution.Authorised, resolution.Serious, resolution.ProgrammeCompleted,
                resolution.Circumstances, resolution.Documents, resolution.OfficialTariff, resolution.AmountsReviewed == true));
        // From now on the submission's lines are the confirmed ones (what the member declared stays in the history).
        var resolved = Record(record.Submission with { Lines = lines }, decision, [.. record.History, new StatusChange(ClaimStatus.Adjudicating, now, note)], attached, record.Version + 1, now)
            with { Lines = null, AmountsReviewed = reviewed };
        var movements = Apply(claimId, record.Submission.FamilyId, decision.Changes, reversal: false, now, work);
        return ClaimResult.Accepted(Store(work, held, new JournaledClaim(resolved, [.. held.Movements, .. movements]), now), created: false);
    }

    private async Task<ClaimResult> ReverseAsync(string claimId, string reason, MemberBatch work)
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
        if (DurableShare(claimId, held, work) is { Changes.Count: > 0 } durable)
        {
            // Reserved, not given back: the family's room returns only once the reversal is durable.
            var family = Family(record.Submission.FamilyId);
            if (await family.GetFactsAsync(MemberId, claimId, [.. durable.Changes]) is { } facts)
            {
                work.FamilyTotals[claimId] = AccumulatorBook.FromTotals(facts.FamilyUsage);
            }

            if (!await ReserveAsync(family, record.Submission.FamilyId, claimId, durable, record.Version + 1, [], 0, work))
            {
                throw new RetryLaterException($"Claim {claimId}: the family refused the reversal's reservation; retry.");
            }
        }

        var movements = Apply(claimId, record.Submission.FamilyId, record.Decision!.ReversalChanges, reversal: true, now, work);
        var reversed = record with
        {
            Status = ClaimStatus.Reversed,
            History = [.. record.History, new StatusChange(ClaimStatus.Reversed, now, ClaimNotes.Reversed(reason))],
            Version = record.Version + 1,
        };
        reversed = Store(work, held, new JournaledClaim(reversed, [.. held.Movements, .. movements]), now);
        var others = await OtherDecidedClaimsAsync(claimId, work);
        await CascadeAsync(claimId, "reversed", record.Submission.FamilyId, others, work, now);
        await DueFamilyCascadeAsync(record.Decision, claimId, "reversed", record.Submission.FamilyId, others, work);
        return ClaimResult.Accepted(reversed, created: false);
    }

    /// <summary>What the claim's lifecycle (<see cref="ClaimLifecycle"/>) says of a reversal or a correction of it.</summary>
    private static ClaimResult? Uncorrectable(ClaimRecord record, bool reversal) => Refused(record, reversal ? ClaimAction.Reverse : ClaimAction.Correct);

    private static ClaimResult? Refused(ClaimRecord record, ClaimAction action) =>
        ClaimLifecycle.Refusal(record.Status.ToState(), action, record.ClaimId) is { } refusal
            ? ClaimResult.Refused(ClaimRefusalKind.Conflict, refusal.Code, refusal.Field, refusal.Message)
            : null;

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
    private async Task<ClaimResult> CorrectAsync(string claimId, ClaimLine[] lines, string reason, string by, MemberBatch work)
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
        work.FamilyTotals.Remove(claimId);
        if (record.Decision is { } earlier && record.TotalPaid.Cents > 0)
        {
            givenBack = Apply(claimId, familyId, earlier.ReversalChanges, reversal: true, now, work);
        }

        var decision = await AdjudicateAsync(claimId, held, familyId, lines, record.AmountsReviewed, record.Version + 1, work);
        if (record.TotalPaid.Cents > 0)
        {
            // The family's room the earlier version held, given back: known once the new version was decided on the family's totals.
            givenBack = [.. givenBack, .. record.Decision!.ReversalChanges.Where(c => c.Key.Scope == CapScope.Family)
                .Select(c => FamilyMovement(claimId, c, reversal: true, now, work)).OfType<CapMovement>()];
        }

        var note = ClaimNotes.Corrected(by, reason, record.TotalPaid, record.TotalPaid.Cents > 0 ? record.Decision : null, decision);
        var corrected = Record(record.Submission with { Lines = lines, Source = ClaimSource.Staff }, decision,
                [.. record.History, new StatusChange(ClaimStatus.Adjudicating, now, note)], record.Documents.ToArray(), record.Version + 1, now)
            with { Lines = null, AmountsReviewed = record.AmountsReviewed };
        var movements = Apply(claimId, familyId, decision.Changes, reversal: false, now, work);
        corrected = Store(work, held, new JournaledClaim(corrected, [.. held.Movements, .. givenBack, .. movements]), now);
        var others = await OtherDecidedClaimsAsync(claimId, work);
        await CascadeAsync(claimId, "corrected", familyId, others, work, now);
        if (record.TotalPaid.Cents > 0)
        {
            await DueFamilyCascadeAsync(record.Decision!, claimId, "corrected", familyId, others, work);
        }
        return ClaimResult.Accepted(corrected, created: false);
    }

    private static ClaimResult UnknownClaim(string claimId)
    {
        var invoice = claimId[(claimId.IndexOf('/') + 1)..];
        var member = claimId[..claimId.IndexOf('/')];
        return ClaimResult.Refused(ClaimRefusalKind.NotFound, "unknown-claim", "invoiceReference", $"Member {member} has no claim with invoice reference {invoice}.");
    }

    /// <summary>
    /// Records the claim's new version in the batch, with its effect on the member's counters and its push. The history
    /// entries and cap movements this version adds carry <paramref name="by"/> (the command's actor when null), so who
    /// did it is in the same journal append as what was done. Answers the record as stored (with its actors), which is
    /// what the caller is answered.
    /// </summary>
    private ClaimRecord Store(MemberBatch work, JournaledClaim? before, JournaledClaim after, DateTimeOffset now, Actor? by = null)
    {
        after = Attributed(before, after, by ?? work.By);
        work.Before.TryAdd(after.Record.ClaimId, before);
        work.Claims[after.Record.ClaimId] = after;
        if (before is null)
        {
            work.NewClaims++;
        }

        work.PaidCentsDelta += after.Record.TotalPaid.Cents - (before?.Record.TotalPaid.Cents ?? 0);
        var record = after.Record;
        work.Events.Add(new ClaimStatusChanged(record.Submission.FamilyId, now, record.ClaimId, MemberId, record.Status, record.TotalPaid.Euros, record.History[^1].Note, record.Version));
        return record;
    }

    private static JournaledClaim Attributed(JournaledClaim? before, JournaledClaim after, Actor by)
    {
        var oldEntries = before?.Record.History.Count ?? 0;
        var oldMovements = before?.Movements.Count ?? 0;
        var history = after.Record.History.Select((h, i) => i >= oldEntries && h.By is null ? h with { By = by } : h).ToArray();
        var movements = after.Movements.Select((m, i) => i >= oldMovements && m.By is null ? m with { By = by } : m).ToArray();
        return new JournaledClaim(after.Record with { History = history }, movements);
    }

    /// <summary>
    /// Refuses a claim naming a family the member is not in: 404 when that family or its roster does not know the member,
    /// 409 when the member belongs to another family.
    /// </summary>
    private async Task<ClaimResult?> FamilyRefusalAsync(string familyId, MemberBatch work)
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

    private CapMovement[] Apply(string claimId, string familyId, IReadOnlyList<AccumulatorChange> changes, bool reversal, DateTimeOffset now, MemberBatch work)
    {
        var movements = new List<CapMovement>(changes.Count);
        var keys = new List<string>();
        foreach (var change in changes)
        {
            if (change.Key.Scope != CapScope.Member)
            {
                if (FamilyMovement(claimId, change, reversal, now, work) is { } family)
                {
                    movements.Add(family);
                }

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

    /// <summary>
    /// A family-scoped change as its audit shows it: the family's total before and after, from the totals without the
    /// claim the batch decided on (a reversal gives back from them plus the claim's share; a new decision takes on top
    /// of them). Null when the batch did not read them (a family cascade's steps: the family's own audit keeps those).
    /// </summary>
    private static CapMovement? FamilyMovement(string claimId, AccumulatorChange change, bool reversal, DateTimeOffset now, MemberBatch work)
    {
        if (!work.FamilyTotals.TryGetValue(claimId, out var totals))
        {
            return null;
        }

        var others = totals.Get(change.Key);
        var (before, after) = reversal ? (others.Paid - change.Paid, others.Paid) : (others.Paid, others.Paid + change.Paid);
        var (unitsBefore, unitsAfter) = reversal ? (others.Units - change.Units, others.Units) : (others.Units, others.Units + change.Units);
        return new CapMovement(claimId, change.Key.ToString(), before, after, unitsBefore, unitsAfter, now, reversal) { Family = true };
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
    private static ClaimLine WithConfirmedFacts(ClaimLine line, ClaimResolution? resolution, IReadOnlyList<string>? documents) => resolution is null ? line : line with
    {
        Authorised = resolution.Authorised ?? line.Authorised,
        Serious = resolution.Serious ?? line.Serious,
        ProgrammeCompleted = resolution.ProgrammeCompleted ?? line.ProgrammeCompleted,
        Circumstances = resolution.Circumstances is { Length: > 0 } c ? [.. (line.Circumstances ?? []).Concat(c).Distinct()] : line.Circumstances,
        Documents = documents ?? line.Documents,
        OfficialTariff = resolution.OfficialTariff is { } tariff ? Domain.Money.Money.FromEuros(tariff) : line.OfficialTariff,
    };
}
