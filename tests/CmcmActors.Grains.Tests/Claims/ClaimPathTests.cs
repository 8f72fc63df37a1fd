using CmcmActors.Contracts.Audit;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Grains.Tests.Support;
using Xunit.Abstractions;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Claims;

/// <summary>
/// The claim path's shape: how many grain calls a claim costs, what a claim writes as the member's history grows, and
/// the roster races (a member on one roster only, under concurrent conflicting commands); on memory and PostgreSQL.
/// </summary>
public abstract class ClaimPathTests(CmcmClusterFixture fixture, ITestOutputHelper output)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task ClaimsPage_NewestFirst_PagesBackwardsOverEveryClaimOnce()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        for (var n = 1; n <= 5; n++)
        {
            await Grains.SubmitAsync(Claim(familyId, memberId, $"INV-{n}", Line("RC.ALTMED", 40m, element: "osteopathy")));
        }

        var member = Grains.Member(memberId);
        var first = await member.GetClaimsPageAsync(null, 2, newestFirst: true);
        var second = await member.GetClaimsPageAsync(first.Next, 2, newestFirst: true);
        var last = await member.GetClaimsPageAsync(second.Next, 2, newestFirst: true);
        var oldestFirst = await member.GetClaimsPageAsync(null, 10);

        Assert.Equal([$"{memberId}/INV-5", $"{memberId}/INV-4"], first.Claims.Select(c => c.ClaimId));
        Assert.Equal([$"{memberId}/INV-3", $"{memberId}/INV-2"], second.Claims.Select(c => c.ClaimId));
        Assert.Equal([$"{memberId}/INV-1"], last.Claims.Select(c => c.ClaimId));
        Assert.Null(last.Next);
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"{memberId}/INV-{n}"), oldestFirst.Claims.Select(c => c.ClaimId));
    }

    [Fact]
    public async Task SteadyState_OneGrainCallPerClaim()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        await Grains.SubmitAsync(Claim(familyId, memberId, "WARM", Line("RC.HOSP.LU", 40m, 30m)));
        fixture.Calls.Reset();

        for (var i = 0; i < 20; i++)
        {
            await Grains.SubmitAsync(Claim(familyId, memberId, $"C-{i:D2}", Line("RC.HOSP.LU", 40m, 30m)));
        }

        Assert.Equal([("IMemberGrain.SubmitClaimAsync", 20)], fixture.Calls.ByMethod.Select(c => (c.Key, c.Value)));
    }

    [Fact]
    public async Task FamilyChange_MemberDecidesOnTheNewFacts()
    {
        // The member caches the family's facts; a level change must reach its next claim (DO added: lenses now paid).
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, level: CoverageLevel.RC);
        var before = await Grains.SubmitAsync(Claim(familyId, memberId, "L-1", Line("DO.OPTIC.LENSES", 120m)));

        var changed = await Grains.Family(familyId).ChangeLevelAsync(Applied.AddDays(1), CoverageLevel.RC_PP_DO);
        var after = await Grains.SubmitAsync(Claim(familyId, memberId, "L-2", Line("DO.OPTIC.LENSES", 120m)));

        Assert.True(changed.IsSuccess, changed.Rejection?.Message);
        Assert.Equal((ClaimStatus.Refused, Eur(0m)), (before.Status, before.TotalPaid));
        Assert.Equal((ClaimStatus.Approved, Eur(120m)), (after.Status, after.TotalPaid));
    }

    [Fact]
    public async Task BytesWrittenPerClaim_StayBoundedAsTheMemberHistoryGrows()
    {
        // As the API sends them: each claim carries its clerk (subject, role, a W3C trace id) in its history and movements.
        AuditContext.Current = new Actor("clerk-0001", "frontdesk", "0af7651916cd43dd8448eb211c80319c");
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        const int claims = 1000;

        for (var i = 0; i < claims; i++)
        {
            await Grains.SubmitAsync(Claim(familyId, memberId, $"INV-{i:D4}", Line("RC.HOSP.LU", 40m, 30m)));
        }

        // One claim per append (sent one after the other): the 1,000th writes what the 10th did, give or take the
        // digits of the head's counters (claim count, total paid, version, push number: 2 more each) and of the claim's
        // times (a time's trailing zero digits of a second are not written: up to 7 fewer for each of its 4 times). A
        // history written along would add about 1.7 KB a claim.
        var appends = fixture.Journal.AppendsOf(memberId).TakeLast(claims).ToArray();
        Assert.Equal(claims, appends.Length);
        Assert.InRange(appends[^1] - appends[9], 8 - (4 * 7), 8 + (4 * 7));
        Assert.InRange(appends.Max(), 500, 4096);
        output.WriteLine($"Bytes written by the 10th claim's append: {appends[9]}; by the 1,000th: {appends[^1]}.");
        Assert.Equal(claims, (await Grains.Member(memberId).GetAsync()).ClaimCount);
    }

    [Fact]
    public async Task TenFamiliesAddTheSameMemberAtOnce_ExactlyOneRosterHoldsHim()
    {
        var families = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => EnrolledFamilyAsync(Grains)));
        var memberId = NewId("M");

        var results = await Task.WhenAll(families.Select(f => Grains.Family(f.FamilyId).AddCoAffiliateAsync(
            new AddCoAffiliate(memberId, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2), true, Applied, null))));

        var winner = Assert.Single(families.Zip(results), p => p.Second.IsSuccess).First.FamilyId;
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal("member-in-other-family", r.Rejection!.Code));
        var rosters = await Task.WhenAll(families.Select(f => Grains.Family(f.FamilyId).GetAsync()));
        Assert.Equal([winner], rosters.Where(r => r!.Members.Any(m => m.MemberId == memberId)).Select(r => r!.FamilyId));
        Assert.Equal(winner, (await Grains.Member(memberId).GetAsync()).FamilyId);
    }

    [Fact]
    public async Task TenFamiliesEnrolTheSameMainMemberAtOnce_ExactlyOneIsEnrolled()
    {
        var memberId = NewId("M");
        var familyIds = Enumerable.Range(0, 10).Select(_ => NewId("F")).ToArray();

        var results = await Task.WhenAll(familyIds.Select(f => Grains.Family(f).EnrolAsync(
            new EnrolFamily(f, memberId, new DateOnly(1980, 5, 1), Applied, CoverageLevel.RC, EnrolmentReason.FirstTime, Eligible))));

        var winner = Assert.Single(familyIds.Zip(results), p => p.Second.IsSuccess).First;
        var views = await Task.WhenAll(familyIds.Select(f => Grains.Family(f).GetAsync()));
        Assert.Equal([winner], views.Where(v => v is not null).Select(v => v!.FamilyId));
        Assert.Equal(winner, (await Grains.Member(memberId).GetAsync()).FamilyId);
    }

    [Fact]
    public async Task LookupsOfUnknownClaims_LeaveNoMemberActivationBehind()
    {
        var before = await MemberActivationsAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => NewId("GHOST")).Select(m => Grains.Member(m).GetClaimAsync(m + "/INV-1")));
        var after = await MemberActivationsAsync();
        for (var wait = 0; wait < 50 && after > before; wait++)
        {
            await Task.Delay(100);
            after = await MemberActivationsAsync();
        }

        Assert.All(answers, Assert.Null);
        Assert.True(after <= before, $"{after - before} member activations were left behind.");
    }

    private async Task<int> MemberActivationsAsync()
    {
        var statistics = await Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("MemberGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    [Fact]
    public async Task FormerCoAffiliate_EnrolsHisOwnFamily_AndHisCapsFollowHim()
    {
        var (familyA, _) = await EnrolledFamilyAsync(Grains);
        var spouse = await CoAffiliateAsync(Grains, familyA, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2));
        var lenses = await Grains.SubmitAsync(Claim(familyA, spouse, "L-1", Line("DO.OPTIC.LENSES", 120m)));

        var removed = await Grains.Family(familyA).RemoveCoAffiliateAsync(spouse, new DateOnly(2026, 10, 1));
        var (familyB, _) = await EnrolledFamilyAsync(Grains, memberId: spouse);
        var caps = await Grains.Member(spouse).GetCapsAsync(2026);

        Assert.True(removed.IsSuccess, removed.Rejection?.Message);
        Assert.Equal(familyB, (await Grains.Member(spouse).GetAsync()).FamilyId);
        Assert.Equal((Eur(120m), Eur(120m)), (lenses.TotalPaid, caps.Cap("DO.OPTIC.LENSES/year").Used));
    }

    [Fact]
    public async Task ClaimNamingAnotherFamily_RefusedAndChangesNothing()
    {
        var (familyA, memberA) = await EnrolledFamilyAsync(Grains);
        var (familyB, _) = await EnrolledFamilyAsync(Grains);

        var refused = await Grains.Member(memberA).SubmitClaimAsync(Claim(familyB, memberA, "X-1", Line("DO.OPTIC.LENSES", 120m)));

        Assert.Equal((ClaimRefusalKind.NotFound, "unknown-member", "memberId"), (refused.Refusal!.Kind, refused.Refusal.Code, refused.Refusal.Field));
        Assert.Equal((familyA, 0), ((await Grains.Member(memberA).GetAsync()).FamilyId, (await Grains.Member(memberA).GetAsync()).ClaimCount));
    }
}

[Collection(MemoryCluster.Name)]
public sealed class ClaimPathOnMemoryTests(MemoryClusterFixture fixture, ITestOutputHelper output) : ClaimPathTests(fixture, output);

[Collection(PostgresCluster.Name)]
public sealed class ClaimPathOnPostgresTests(PostgresClusterFixture fixture, ITestOutputHelper output) : ClaimPathTests(fixture, output);
