using CmcmActors.Contracts.Notifications;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Notifications;

/// <summary>
/// Every push of a member (claim status, caps) and of a family (family changed, cover starts) carries its number in its
/// owner's stream, 1 more than the one before; the number is durable, so a new activation goes on from the last one;
/// and a read of the member's claims says where the stream stands. On in-memory storage and on PostgreSQL.
/// </summary>
public abstract class PushSequenceTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private RecordingPublisher Publisher => fixture.Publisher;

    [Fact]
    public async Task A_members_pushes_are_numbered_one_by_one_across_deactivations()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        Assert.Equal(0, (await Grains.Member(memberId).GetClaimsPageAsync(null, 10)).PushSequence);

        // Paid (received, adjudicating, approved, caps), refused (three pushes), paid again: across two deactivations.
        await Grains.SubmitAsync(Claim(familyId, memberId, "SEQ-1", Osteopathy()));
        await fixture.Cluster.DeactivateAsync(Grains.Member(memberId));
        await Grains.SubmitAsync(Claim(familyId, memberId, "SEQ-2", Line("DO.OPTIC.LENSES", 120m, on: new DateOnly(2026, 6, 30))));
        await fixture.Cluster.DeactivateAsync(Grains.Member(memberId));
        await Grains.SubmitAsync(Claim(familyId, memberId, "SEQ-3", Osteopathy()));
        var page = await Grains.Member(memberId).GetClaimsPageAsync(null, 10);

        var pushes = await Publisher.WaitForAsync<CmcmEvent>(e => MemberOf(e) == memberId, 11);
        Assert.Equal(
            [
                ("ClaimStatusChanged", 1L), ("ClaimStatusChanged", 2L), ("MemberCapsChanged", 3L), ("ClaimStatusChanged", 4L),
                ("ClaimStatusChanged", 5L), ("ClaimStatusChanged", 6L), ("ClaimStatusChanged", 7L),
                ("ClaimStatusChanged", 8L), ("ClaimStatusChanged", 9L), ("MemberCapsChanged", 10L), ("ClaimStatusChanged", 11L),
            ],
            pushes.Select(e => (e.GetType().Name, e.Sequence)));
        Assert.Equal(11, page.PushSequence);
        Assert.Equal(3, page.Claims.Count);
    }

    [Fact]
    public async Task A_familys_pushes_are_numbered_one_by_one_across_deactivations()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains, level: CoverageLevel.RC);
        await fixture.Cluster.DeactivateAsync(Grains.Family(familyId));
        var upgraded = await Grains.Family(familyId).ChangeLevelAsync(new DateOnly(2026, 2, 1), CoverageLevel.RC_PP);
        await fixture.Cluster.DeactivateAsync(Grains.Family(familyId));
        var paid = await Grains.Family(familyId).RecordPaymentAsync(2027, Eur(300m), new DateOnly(2027, 1, 5));
        Assert.True(upgraded.IsSuccess && paid.IsSuccess, upgraded.Rejection?.Message ?? paid.Rejection?.Message);

        var pushes = await Publisher.WaitForAsync<FamilyChanged>(e => e.FamilyId == familyId, 4);
        Assert.Equal([1L, 2L, 3L, 4L], pushes.Select(e => e.Sequence));
        Assert.Equal(["enrolled", "contribution 2026 paid", "level changed to RC+PP", "contribution 2027 paid"], pushes.Select(e => e.Change));
    }

    private static string? MemberOf(CmcmEvent e) => e switch
    {
        ClaimStatusChanged c => c.MemberId,
        MemberCapsChanged c => c.MemberId,
        _ => null,
    };
}

[Collection(MemoryCluster.Name)]
public sealed class PushSequenceOnMemoryTests(MemoryClusterFixture fixture) : PushSequenceTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PushSequenceOnPostgresTests(PostgresClusterFixture fixture) : PushSequenceTests(fixture);
