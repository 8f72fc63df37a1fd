using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Claims;

/// <summary>What the people watching are told; run on in-memory storage and on PostgreSQL.</summary>
public abstract class ClaimNotificationTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private RecordingPublisher Publisher => fixture.Publisher;

    [Fact]
    public async Task Submit_ApprovedClaim_PublishesReceivedAdjudicatingApproved()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "N-1", Line("DO.OPTIC.LENSES", 120m)));

        var changes = Publisher.StatusChangesOf(record.ClaimId);
        Assert.Equal(
            [(ClaimStatus.Received, 0m, 0L), (ClaimStatus.Adjudicating, 0m, 0L), (ClaimStatus.Approved, 120m, 1L)],
            changes.Select(c => (c.Status, c.TotalPaid, c.Version)));
        Assert.All(changes, c => Assert.Equal((familyId, memberId), (c.FamilyId, c.MemberId)));
    }

    [Fact]
    public async Task Submit_RefusedClaim_PublishesReceivedAdjudicatingRefused()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, paid: false);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "N-2", Line("DO.OPTIC.LENSES", 120m)));

        Assert.Equal([ClaimStatus.Received, ClaimStatus.Adjudicating, ClaimStatus.Refused], Publisher.StatusChangesOf(record.ClaimId).Select(c => c.Status));
    }

    [Fact]
    public async Task Submit_PaidClaim_PublishesMemberCapsChangedWithTheMovedAccumulators()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "N-3", Osteopathy()));

        var changed = await Publisher.WaitForAsync<MemberCapsChanged>(e => e.ClaimId == record.ClaimId);
        Assert.Equal((familyId, memberId), (changed.FamilyId, changed.MemberId));
        Assert.Equal([$"member:{memberId}|RC.ALTMED.YEAR|2026", $"member:{memberId}|PP.ALTMED.YEAR|2026"], changed.Keys);
    }

    [Fact]
    public async Task Submit_RefusedClaim_PublishesNoMemberCapsChanged()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var refused = await Grains.SubmitAsync(Claim(familyId, memberId, "N-4", Line("DO.OPTIC.LENSES", 120m, on: new DateOnly(2026, 6, 30))));
        var paid = await Grains.SubmitAsync(Claim(familyId, memberId, "N-5", Line("DO.OPTIC.LENSES", 120m)));

        // A member publishes in the order it decides: once the later claim's notification is out, the earlier one's would be too.
        await Publisher.WaitForAsync<MemberCapsChanged>(e => e.ClaimId == paid.ClaimId);

        Assert.Equal(ClaimStatus.Refused, refused.Status);
        Assert.DoesNotContain(Publisher.Events.OfType<MemberCapsChanged>(), e => e.ClaimId == refused.ClaimId);
    }

    [Fact]
    public async Task AddDocuments_PendedClaim_PublishesPendedThenApproved()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var line = Line("ASSIST.TRIP.CANCEL", 400m) with { Circumstances = ["accident"], Documents = ["travel-invoices"], TripId = "T9" };
        var submission = Claim(familyId, memberId, "N-6", line);
        await Grains.SubmitAsync(submission);

        await Grains.ClaimGrain(submission).AddDocumentsAsync(["provider-refund-decision"], "agent-2");

        Assert.Equal(
            [(ClaimStatus.Received, 0L), (ClaimStatus.Adjudicating, 0L), (ClaimStatus.Pended, 1L), (ClaimStatus.Approved, 2L)],
            Publisher.StatusChangesOf(submission.ClaimId).Select(c => (c.Status, c.Version)));
    }

    [Fact]
    public async Task Resubmission_SameClaim_PublishesNothingMore()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "N-7", Line("DO.OPTIC.LENSES", 120m));
        await Grains.SubmitAsync(submission);

        await Grains.SubmitAsync(submission);

        Assert.Equal(3, Publisher.StatusChangesOf(submission.ClaimId).Count);
    }

    [Fact]
    public async Task Reverse_PaidClaim_PublishesReversedAndTheCapsGivenBack()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "N-8", Line("DO.OPTIC.LENSES", 120m));
        await Grains.SubmitAsync(submission);

        await Grains.ClaimGrain(submission).ReverseAsync("Duplicate", "agent-4");

        var last = Publisher.StatusChangesOf(submission.ClaimId)[^1];
        Assert.Equal((ClaimStatus.Reversed, 0m, 2L), (last.Status, last.TotalPaid, last.Version));
        var capsChanges = await Publisher.WaitForAsync<MemberCapsChanged>(e => e.ClaimId == submission.ClaimId, count: 2);
        Assert.All(capsChanges, e => Assert.Equal([$"member:{memberId}|DO.OPTIC.LENSES/year|2026"], e.Keys));
    }

    [Fact]
    public async Task Submit_NotificationsFail_ClaimStillDecidedAndRecorded()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "N-9", Line("DO.OPTIC.LENSES", 120m));
        ClaimRecord record;

        using (Publisher.FailWhen(e => e.FamilyId == familyId))
        {
            record = await Grains.SubmitAsync(submission);
        }

        Assert.Equal((ClaimStatus.Approved, Eur(120m)), (record.Status, record.TotalPaid));
        Assert.Equal(Json(record), Json(await Grains.Member(memberId).GetClaimAsync(submission.ClaimId)));
    }

    [Fact]
    public async Task Enrol_EligibleFamily_PublishesFamilyChanged()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);

        Assert.Equal(["enrolled", "contribution 2026 paid"], Publisher.Events.OfType<FamilyChanged>().Where(e => e.FamilyId == familyId).Select(e => e.Change));
    }
}

[Collection(MemoryCluster.Name)]
public sealed class ClaimNotificationOnMemoryTests(MemoryClusterFixture fixture) : ClaimNotificationTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class ClaimNotificationOnPostgresTests(PostgresClusterFixture fixture) : ClaimNotificationTests(fixture);
