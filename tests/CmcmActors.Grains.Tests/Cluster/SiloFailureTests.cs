using System.Collections.Concurrent;
using System.Diagnostics;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Grains.Tests.Support;
using Orleans.TestingHost;
using Xunit.Abstractions;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Cluster;

/// <summary>
/// A silo dies while claims are in flight (two silos, PostgreSQL storage). A caller whose call returned has a decided
/// claim; a caller whose call failed resubmits the same invoice and gets a decision; no claim is applied twice and no
/// cap is exceeded.
/// </summary>
[Collection(TwoSiloPostgresCluster.Name)]
public sealed class SiloFailureTests(TwoSiloPostgresClusterFixture fixture, ITestOutputHelper output)
{
    private const int Members = 50;
    private const int ClaimsPerMember = 6;
    private const int KillAfterAnswers = 100;

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task SecondaryKilledWithClaimsInFlight_EveryClaimDecidedOnceAndCapsExact()
    {
        var members = await Task.WhenAll(Enumerable.Range(0, Members).Select(_ => EnrolledFamilyAsync(Grains)));
        var secondary = Assert.Single(fixture.Cluster.SecondarySilos);
        var management = Grains.GetGrain<IManagementGrain>(0);
        var onSecondary = 0;
        foreach (var (_, memberId) in members)
        {
            onSecondary += Equals(await management.GetActivationAddress(Grains.Member(memberId)), secondary.SiloAddress) ? 1 : 0;
        }

        output.WriteLine($"{onSecondary} of {Members} member grains live on the silo that will be killed");
        Assert.InRange(onSecondary, 1, Members - 1);

        // Six osteopathy sessions of €80 per member: RC pays 50 + 50, PP 30 + 30 + 40, the other three are refused.
        var claims = members
            .SelectMany(m => Enumerable.Range(1, ClaimsPerMember).Select(i => Claim(m.FamilyId, m.MemberId, $"KILL-{i}", Osteopathy())))
            .OrderBy(_ => Random.Shared.Next())
            .ToArray();
        var firstAnswers = new ConcurrentDictionary<string, ClaimRecord>();
        var finalAnswers = new ConcurrentDictionary<string, ClaimRecord>();
        var failures = new ConcurrentBag<string>();
        var answered = 0;
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();

        async Task SubmitUntilDecidedAsync(ClaimSubmission claim)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var record = await Grains.SubmitAsync(claim);
                    if (attempt == 1)
                    {
                        firstAnswers[claim.ClaimId] = record;
                    }

                    finalAnswers[claim.ClaimId] = record;
                    if (Interlocked.Increment(ref answered) == KillAfterAnswers)
                    {
                        _ = KillAsync(secondary, killed);
                    }

                    return;
                }
                catch (Exception e) when (clock.Elapsed < TimeSpan.FromSeconds(90))
                {
                    failures.Add($"{claim.ClaimId} attempt {attempt}: {e.GetType().Name}");
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * attempt)));
                }
            }
        }

        await Task.WhenAll(claims.Select(SubmitUntilDecidedAsync));
        await killed.Task;
        output.WriteLine($"{claims.Length} claims over {Members} members: {clock.ElapsedMilliseconds} ms, {firstAnswers.Count} answered at the first attempt, {failures.Count} failed attempt(s)");
        foreach (var kind in failures.GroupBy(f => f[(f.LastIndexOf(':') + 2)..]))
        {
            output.WriteLine($"  {kind.Count()} × {kind.Key}");
        }

        Assert.Equal(claims.Length, finalAnswers.Count);
        foreach (var claim in claims)
        {
            var stored = await Grains.ClaimGrain(claim).GetAsync();
            Assert.NotNull(stored);
            Assert.True(stored.IsFinal, $"{claim.ClaimId} is {stored.Status}");
            Assert.Equal((finalAnswers[claim.ClaimId].Version, finalAnswers[claim.ClaimId].TotalPaid), (stored.Version, stored.TotalPaid));
            if (firstAnswers.TryGetValue(claim.ClaimId, out var first))
            {
                Assert.Equal((first.Version, first.Status, first.TotalPaid), (stored.Version, stored.Status, stored.TotalPaid));
            }
        }

        foreach (var (_, memberId) in members)
        {
            await AssertCapsExactAsync(memberId);
        }
    }

    private async Task KillAsync(SiloHandle silo, TaskCompletionSource killed)
    {
        try
        {
            await fixture.Cluster.KillSiloAsync(silo);
            output.WriteLine($"killed {silo.Name} after {KillAfterAnswers} answers");
            killed.SetResult();
        }
        catch (Exception e)
        {
            killed.SetException(e);
        }
    }

    /// <summary>Per member: the claims paid exactly the accumulators, each claim moved each accumulator once, no cap exceeded.</summary>
    private async Task AssertCapsExactAsync(string memberId)
    {
        var member = Grains.Member(memberId);
        var claims = await member.GetClaimsAsync();
        var caps = await member.GetCapsAsync(2026);
        var audit = await member.GetAuditAsync();

        Assert.Equal(ClaimsPerMember, claims.Count);
        var paid = claims.Where(c => c.Status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved).ToArray();
        Assert.Equal(Sum(paid.Select(c => c.Decision!.PaidBy(Tier.RC))), caps.Cap("RC.ALTMED.YEAR").Used);
        Assert.Equal(Sum(paid.Select(c => c.Decision!.PaidBy(Tier.PP))), caps.Cap("PP.ALTMED.YEAR").Used);
        Assert.Equal((Eur(100m), Eur(100m)), (caps.Cap("RC.ALTMED.YEAR").Used, caps.Cap("PP.ALTMED.YEAR").Used));
        Assert.Equal(Eur(200m), Sum(claims.Select(c => c.TotalPaid)));
        Assert.All(audit.GroupBy(m => (m.ClaimId, m.Key)), g => Assert.Single(g));
        Assert.Equal(Eur(200m), Sum(audit.Select(m => m.After - m.Before)));
    }

    private static Domain.Money.Money Sum(IEnumerable<Domain.Money.Money> amounts) => amounts.Aggregate(Eur(0m), (a, b) => a + b);
}
