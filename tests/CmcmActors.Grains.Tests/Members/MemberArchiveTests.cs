using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Grains.Members;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Grains.Tests.Members;

/// <summary>A member with many claims keeps a bounded memory: older claims are read from the journal when asked for, and stay exact.</summary>
[Collection(MemoryCluster.Name)]
public sealed class MemberArchiveTests(MemoryClusterFixture fixture)
{
    private const int Claims = 2 * MemberGrain.RecentClaimsKept + 20;

    [Fact]
    public async Task ManyClaims_OlderOnesArchived_AllStillReadableCountedAndExactlyOnce()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(fixture.Grains);
        var member = fixture.Grains.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));
        // Hospital stays in Luxembourg: uncapped, 100% of the uncovered 10.00.
        await SubmitManyAsync(familyId, memberId, "INV", Claims);

        var view = await member.GetAsync();
        var claims = await member.GetClaimsAsync();
        var first = await member.GetClaimAsync(GrainKeys.ClaimId(memberId, "INV-0000"));
        var again = await fixture.Grains.SubmitAsync(Claim(familyId, memberId, "INV-0000", Line("RC.HOSP.LU", 40m, 30m)));

        Assert.Equal(Claims, view.ClaimCount);
        Assert.Equal(M.FromEuros(10m * Claims), view.TotalPaid);
        Assert.Equal(Claims, claims.Count);
        Assert.Equal(Claims, claims.Select(c => c.ClaimId).Distinct().Count());
        Assert.Equal(ClaimStatus.Approved, first!.Status);
        Assert.Equal(first.Version, again.Version);
        Assert.Equal(M.FromEuros(10m * Claims), (await member.GetAsync()).TotalPaid);
    }

    [Fact]
    public async Task ArchivedCappedClaim_Reversed_GivesRoomBackAndLeavesOneReversalInTheAudit()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(fixture.Grains);
        var member = fixture.Grains.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));
        var capped = await fixture.Grains.SubmitAsync(Claim(familyId, memberId, "DIET-1", Line("RC.DIET", 90m, 30m) with { Authorised = true }));
        await SubmitManyAsync(familyId, memberId, "HOSP", MemberGrain.RecentClaimsKept + 5);

        var reversed = await fixture.Grains.ClaimGrain(Claim(familyId, memberId, "DIET-1")).ReverseAsync("entered twice", "clerk");
        var caps = await member.GetCapsAsync(2026);
        var audit = await member.GetAuditAsync();

        Assert.Equal(M.FromEuros(60m), capped.TotalPaid);
        Assert.Equal(ClaimStatus.Reversed, reversed.Status);
        Assert.Equal(M.Zero, caps.Single(c => c.CapId == "RC.DIET/year").Used);
        Assert.Equal(1, audit.Count(m => m.ClaimId == capped.ClaimId && !m.Reversal));
        Assert.Equal(1, audit.Count(m => m.ClaimId == capped.ClaimId && m.Reversal));
        Assert.Equal(M.FromEuros(10m * (MemberGrain.RecentClaimsKept + 5)), (await member.GetAsync()).TotalPaid);
    }

    /// <summary>Submits claims 16 at a time (they batch in the member grain), in invoice order.</summary>
    private async Task SubmitManyAsync(string familyId, string memberId, string prefix, int count)
    {
        for (var start = 0; start < count; start += 16)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(16, count - start))
                .Select(i => fixture.Grains.SubmitAsync(Claim(familyId, memberId, $"{prefix}-{i:D4}", Line("RC.HOSP.LU", 40m, 30m)))));
        }
    }
}
