using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Claims;

/// <summary>Enrolment to decision, one test per claim outcome; run on in-memory storage and on PostgreSQL.</summary>
public abstract class ClaimOutcomeTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Implants_BrochureExample_ApprovedWith1300()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "INV-1", Line("RC.DENTAL.FLAT", 1900m, 0m, "implant", units: 2)));

        Assert.Equal(ClaimStatus.Approved, record.Status);
        Assert.Equal((Eur(300m), Eur(1000m), Eur(1300m)), (record.Decision!.PaidBy(Tier.RC), record.Decision.PaidBy(Tier.DO), record.TotalPaid));
        Assert.Equal([ClaimStatus.Received, ClaimStatus.Approved], record.History.Select(h => h.Status));
        Assert.Equal((memberId + "/INV-1", 1L, true), (record.ClaimId, record.Version, record.IsFinal));
    }

    [Fact]
    public async Task Orthodontics_ChildUnder17_PartiallyApprovedWith3117_08ByThePerActCap()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        var child = await CoAffiliateAsync(Grains, familyId, MemberKind.Child, new DateOnly(2014, 3, 1));

        var record = await Grains.SubmitAsync(Claim(familyId, child, "ORTHO-1",
            Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.90m, "DT41"),
            Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.60m, "DT42"),
            Line("RC.DENTAL.ORTHO.CHILD", 1510.00m, 702.30m, "DT43"),
            Line("RC.DENTAL.ORTHO.CHILD", 1430.00m, 633.00m, "DT44"),
            Line("RC.DENTAL.ORTHO.CHILD", 1430.00m, 632.60m, "DT45")));

        Assert.Equal(ClaimStatus.PartiallyApproved, record.Status);
        Assert.Equal([111.78m, 111.72m, 140.46m, 126.60m, 126.52m], record.Decision!.Lines.Select(l => l.PaidBy(Tier.RC).Euros));
        Assert.All(record.Decision.Lines, l => Assert.Equal((Eur(500m), LineOutcome.PartiallyPaid, ReasonCode.CapReached), (l.PaidBy(Tier.DO), l.Outcome, l.Reason)));
        Assert.Equal((Eur(617.08m), Eur(2500m), Eur(3117.08m)), (record.Decision.PaidBy(Tier.RC), record.Decision.PaidBy(Tier.DO), record.TotalPaid));
    }

    [Fact]
    public async Task Frames_AboveTheYearCap_PartiallyApprovedWithTheCapRoom()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "FRAMES-1", Line("DO.OPTIC.FRAMES", 100m)));

        Assert.Equal((ClaimStatus.PartiallyApproved, Eur(30m)), (record.Status, record.TotalPaid));
        var line = Assert.Single(record.Decision!.Lines);
        Assert.Equal((LineOutcome.PartiallyPaid, ReasonCode.CapReached), (line.Outcome, line.Reason));
        var cap = Assert.Single(Assert.Single(line.Payments).Caps);
        Assert.Equal((Eur(30m), Eur(30m), Eur(0m), true), (cap.Limit, cap.RoomBefore, cap.RoomAfter, cap.Limited));
    }

    [Fact]
    public async Task Claim_InTheWaitingPeriod_RefusedNamingTheTierAndTheFirstCoveredDate()
    {
        // Applied 2026-08-10: affiliation from 2026-09-01, so RC, PP and DO wait until 2026-12-01.
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, applied: new DateOnly(2026, 8, 10));

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "WAIT-1", Line("DO.OPTIC.LENSES", 120m)));

        Assert.Equal((ClaimStatus.Refused, Eur(0m)), (record.Status, record.TotalPaid));
        var line = Assert.Single(record.Decision!.Lines);
        Assert.Equal((LineOutcome.Refused, ReasonCode.WaitingPeriod), (line.Outcome, line.Reason));
        var note = Assert.Single(line.NotPaying);
        Assert.Equal((Tier.DO, ReasonCode.WaitingPeriod, new DateOnly(2026, 12, 1)), (note.Tier, note.Reason, note.FirstCoveredDate));
        Assert.Equal("Denta & Optiplus (DO) is in its waiting period; care is covered from 2026-12-01.", line.Explanation);
        Assert.Equal("Refused: " + line.Explanation, record.Decision.Explanation);
    }

    [Fact]
    public async Task Claim_StatutoryCoverEndedBeforeTheCare_RefusedForNoStatutoryCover()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        // Cover ended 2025-12-31: the continuation runs to 2026-03-31, long before the care.
        await Grains.Member(memberId).SetStatutoryPeriodsAsync(familyId, [new StatutoryPeriod(new DateOnly(2010, 1, 1), new DateOnly(2025, 12, 31))]);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "CNS-1", Line("DO.OPTIC.LENSES", 120m)));

        Assert.Equal((ClaimStatus.Refused, Eur(0m)), (record.Status, record.TotalPaid));
        var line = Assert.Single(record.Decision!.Lines);
        Assert.Equal((ReasonCode.NoStatutoryCover, "No statutory health insurance (CCSS) cover on 2026-09-15."), (line.Reason, line.Explanation));
        Assert.Empty(record.Decision.Changes);
    }

    [Fact]
    public async Task TripCancellation_WithoutTheRefundDecision_PendedForTheMissingDocument()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "TRIP-1", TripCancellation(["travel-invoices"])));

        Assert.Equal((ClaimStatus.Pended, Eur(0m)), (record.Status, record.TotalPaid));
        Assert.Equal(new PendingInfo(Domain.Routing.Department.Foreign, Domain.Routing.Channel.App, 1, "Documents missing: provider-refund-decision."), record.Pending);
        var need = record.Decision!.Lines[0].Pending!;
        Assert.Equal((ReasonCode.MissingDocuments, "provider-refund-decision"), (need.Reason, Assert.Single(need.Items)));
        Assert.Equal(["travel-invoices"], record.Documents);
        Assert.False(record.IsFinal);
    }

    [Fact]
    public async Task TripCancellation_PendedThenDocumentAdded_ApprovedWithTheTripCost()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "TRIP-2", TripCancellation(["travel-invoices"]));
        await Grains.SubmitAsync(submission);

        var record = await Grains.ClaimGrain(submission).AddDocumentsAsync(["provider-refund-decision"], "agent-7");

        Assert.Equal((ClaimStatus.Approved, Eur(900m), 2L), (record.Status, record.TotalPaid, record.Version));
        Assert.Null(record.Pending);
        Assert.Equal(["travel-invoices", "provider-refund-decision"], record.Documents);
        Assert.Equal([ClaimStatus.Received, ClaimStatus.Pended, ClaimStatus.Adjudicating, ClaimStatus.Approved], record.History.Select(h => h.Status));
        Assert.Equal("Facts confirmed by agent-7: documents provider-refund-decision.", record.History[2].Note);
    }

    [Fact]
    public async Task Wig_AuthorisationNotKnown_PendedForConfirmation()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "WIG-1", Wig()));

        Assert.Equal(ClaimStatus.Pended, record.Status);
        var need = record.Decision!.Lines[0].Pending!;
        Assert.Equal((ReasonCode.NeedsConfirmation, "authorisation"), (need.Reason, Assert.Single(need.Items)));
        Assert.Equal(new PendingInfo(Domain.Routing.Department.National, Domain.Routing.Channel.App, 5,
            "Whether the statutory fund authorised the care must be confirmed."), record.Pending);
    }

    [Fact]
    public async Task Wig_PendedThenAuthorisationConfirmed_ApprovedWithTheConfirmedFacts()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "WIG-2", Wig());
        await Grains.SubmitAsync(submission);

        var record = await Grains.ClaimGrain(submission).ResolveAsync(Confirm("agent-3", authorised: true));

        Assert.Equal((ClaimStatus.Approved, Eur(180m), 2L), (record.Status, record.TotalPaid, record.Version));
        Assert.True(record.Submission.Lines[0].Authorised);
        Assert.Equal([ClaimStatus.Received, ClaimStatus.Pended, ClaimStatus.Adjudicating, ClaimStatus.Approved], record.History.Select(h => h.Status));
    }

    [Fact]
    public async Task Wig_PendedThenAuthorisationDenied_RefusedForTheUnmetCondition()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "WIG-3", Wig());
        await Grains.SubmitAsync(submission);

        var record = await Grains.ClaimGrain(submission).ResolveAsync(Confirm("agent-3", authorised: false));

        Assert.Equal((ClaimStatus.Refused, Eur(0m)), (record.Status, record.TotalPaid));
        Assert.Equal(ReasonCode.ConditionNotMet, record.Decision!.Lines[0].Reason);
    }

    [Fact]
    public async Task Wig_PendedThenRefusedByAPerson_RefusedWithTheReason()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "WIG-4", Wig());
        await Grains.SubmitAsync(submission);

        var record = await Grains.ClaimGrain(submission).ResolveAsync(
            new ClaimResolution("agent-5", Refuse: true, "The invoice is for a relative.", null, null, null, null, null, null));

        Assert.Equal((ClaimStatus.Refused, Eur(0m), 2L, true), (record.Status, record.TotalPaid, record.Version, record.IsFinal));
        Assert.Null(record.Pending);
        Assert.Equal("Refused by agent-5: The invoice is for a relative.", record.History[^1].Note);
        var caps = await Grains.Member(memberId).GetAuditAsync();
        Assert.Empty(caps);
    }

    [Fact]
    public async Task Resolve_ApprovedClaim_ConflictAndNothingChanges()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "LENS-R", Line("DO.OPTIC.LENSES", 120m));
        var approved = await Grains.SubmitAsync(submission);

        await Assert.ThrowsAsync<ClaimConflictException>(() => Grains.ClaimGrain(submission).ResolveAsync(Confirm("agent-1", authorised: true)));

        Assert.Equal(Json(approved), Json(await Grains.ClaimGrain(submission).GetAsync()));
    }

    [Fact]
    public async Task Reversal_OfAPaidClaim_GivesTheCapRoomBack()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var first = Claim(familyId, memberId, "LENS-1", Line("DO.OPTIC.LENSES", 120m));
        await Grains.SubmitAsync(first);

        var reversed = await Grains.ClaimGrain(first).ReverseAsync("Paid twice by mistake", "agent-9");
        var again = await Grains.SubmitAsync(Claim(familyId, memberId, "LENS-2", Line("DO.OPTIC.LENSES", 150m)));

        Assert.Equal((ClaimStatus.Reversed, Eur(0m), 2L), (reversed.Status, reversed.TotalPaid, reversed.Version));
        Assert.Equal("Reversed: Paid twice by mistake (by agent-9)", reversed.History[^1].Note);
        Assert.Equal((ClaimStatus.Approved, Eur(150m)), (again.Status, again.TotalPaid));
        var lenses = (await Grains.Member(memberId).GetCapsAsync(2026)).Cap("DO.OPTIC.LENSES/year");
        Assert.Equal((Eur(150m), Eur(0m)), (lenses.Used, lenses.Remaining));
    }

    [Fact]
    public async Task Reversal_AuditTrail_ShowsBeforeAndAfterOfEachMovement()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "LENS-3", Line("DO.OPTIC.LENSES", 120m));
        await Grains.SubmitAsync(submission);

        await Grains.ClaimGrain(submission).ReverseAsync("Duplicate", "agent-9");

        var key = $"member:{memberId}|DO.OPTIC.LENSES/year|2026";
        var audit = await Grains.Member(memberId).GetAuditAsync();
        Assert.Equal(
            [(submission.ClaimId, key, 0m, 120m, 0, 1, false), (submission.ClaimId, key, 120m, 0m, 1, 0, true)],
            audit.Select(m => (m.ClaimId, m.Key, m.Before.Euros, m.After.Euros, m.UnitsBefore, m.UnitsAfter, m.Reversal)));
    }

    [Fact]
    public async Task Reversal_Repeated_GivesTheRoomBackOnce()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "LENS-4", Line("DO.OPTIC.LENSES", 120m));
        await Grains.SubmitAsync(submission);

        var first = await Grains.ClaimGrain(submission).ReverseAsync("Duplicate", "agent-9");
        var second = await Grains.ClaimGrain(submission).ReverseAsync("Duplicate", "agent-9");

        Assert.Equal((first.Version, first.Status), (second.Version, second.Status));
        Assert.Equal(2, (await Grains.Member(memberId).GetAuditAsync()).Count);
    }

    [Fact]
    public async Task Reversal_OfAPendedClaim_Conflict()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "WIG-5", Wig());
        await Grains.SubmitAsync(submission);

        await Assert.ThrowsAsync<ClaimConflictException>(() => Grains.ClaimGrain(submission).ReverseAsync("Wrong", "agent-1"));
    }

    [Fact]
    public async Task Resubmission_SameInvoiceSameLines_ReturnsTheRecordedDecision()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "INV-2", Line("DO.OPTIC.LENSES", 120m));

        var first = await Grains.SubmitAsync(submission);
        var second = await Grains.SubmitAsync(submission);

        Assert.Equal(Json(first), Json(second));
        Assert.Single(await Grains.Member(memberId).GetAuditAsync());
    }

    [Fact]
    public async Task Resubmission_SameInvoiceOtherLines_Conflict()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        await Grains.SubmitAsync(Claim(familyId, memberId, "INV-3", Line("DO.OPTIC.LENSES", 120m)));

        await Assert.ThrowsAsync<ClaimConflictException>(() => Grains.SubmitAsync(Claim(familyId, memberId, "INV-3", Line("DO.OPTIC.LENSES", 140m))));
    }

    [Fact]
    public async Task Submit_ToTheGrainOfAnotherMember_Rejected()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "INV-4", Line("DO.OPTIC.LENSES", 120m));
        var otherGrain = Grains.ClaimGrain(submission with { MemberId = NewId("M") });

        await Assert.ThrowsAsync<ArgumentException>(() => otherGrain.SubmitAsync(submission));

        Assert.Equal(0, (await Grains.Member(memberId).GetAsync()).ClaimCount);
    }

    [Fact]
    public async Task Claim_NeverSubmitted_ReadsAsNull()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        Assert.Null(await Grains.ClaimGrain(Claim(familyId, memberId, "NONE", Line("DO.OPTIC.LENSES", 1m))).GetAsync());
    }

    [Fact]
    public async Task Claim_ReadBeforeTheMemberRecordedIt_ReadsTheRecordOnceItExists()
    {
        // The member records a claim whose caller saw a failure (a timeout, a silo lost on the way back): the claim
        // grain, which had read "never submitted" before, must not keep saying so.
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "LATE-READ", Line("DO.OPTIC.LENSES", 120m));
        Assert.Null(await Grains.ClaimGrain(submission).GetAsync());

        var recorded = await Grains.Member(memberId).SubmitClaimAsync(submission);

        Assert.Equal(Json(recorded.Record), Json(await Grains.ClaimGrain(submission).GetAsync()));
    }

    /// <summary>€900 of cancelled travel after an illness, on trip T1.</summary>
    private static ClaimLine TripCancellation(string[] documents) =>
        Line("ASSIST.TRIP.CANCEL", 900m) with { Circumstances = ["illness"], Documents = documents, TripId = "T1" };

    /// <summary>A wig: €250 invoiced, €70 from the CNS, so €180 uncovered (within the €200 cap); authorisation not known.</summary>
    private static ClaimLine Wig() => Line("RC.WIG", 250m, 70m) with { Authorised = null };

    private static ClaimResolution Confirm(string by, bool authorised) => new(by, Refuse: false, null, authorised, null, null, null, null, null);
}

[Collection(MemoryCluster.Name)]
public sealed class ClaimOutcomeOnMemoryTests(MemoryClusterFixture fixture) : ClaimOutcomeTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class ClaimOutcomeOnPostgresTests(PostgresClusterFixture fixture) : ClaimOutcomeTests(fixture);
