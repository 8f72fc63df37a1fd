using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Families;
using CmcmActors.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit.Abstractions;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Cluster;

/// <summary>
/// The silo of the member who drives a family cascade dies in the middle of it (two silos, PostgreSQL): the reversal is
/// durable, the cascade is due in its head, and the member's next activation, on the surviving silo, drives it to its
/// end: every limited claim of the family is topped up in date-of-care order, the family cap is paid exactly once.
/// </summary>
[Collection(TwoSiloFamilyCapCluster.Name)]
public sealed class FamilyCascadeFailoverTests(TwoSiloFamilyCapClusterFixture fixture, ITestOutputHelper output)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task DrivingSiloKilledMidCascade_CascadeFinishesOnTheOtherSilo_FamilyCapExact()
    {
        var secondary = Assert.Single(fixture.Cluster.SecondarySilos);
        var (familyId, mainId) = await FamilyDrivenFromAsync(secondary);
        var spouseId = await CoAffiliateAsync(Grains, familyId, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2));
        var childId = await CoAffiliateAsync(Grains, familyId, MemberKind.Child, new DateOnly(2012, 4, 4));
        var first = Claim(familyId, mainId, "C-1", Contacts(100m, 1));
        await Grains.SubmitAsync(first);

        // Ten claims of €30 on 2 to 11 September, alternately the spouse's and the child's: all refused, the cap is full.
        var limited = new List<ClaimRecord>();
        for (var day = 2; day <= 11; day++)
        {
            limited.Add(await Grains.SubmitAsync(Claim(familyId, day % 2 == 0 ? spouseId : childId, $"L-{day}", Contacts(30m, day))));
        }

        // The spouse's first top-up write waits; the driving silo dies meanwhile.
        var probes = fixture.Cluster.GetActiveSilos().Select(s => fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<JournalProbe>()).ToArray();
        var releases = probes.Select(p => p.HoldAppends(spouseId)).ToArray();
        var reversal = Grains.Member(mainId).ReverseClaimAsync(first.ClaimId, "Invoice cancelled", "agent-1");
        await Task.WhenAny(probes.Select(p => p.Held.Task)).WaitAsync(TimeSpan.FromSeconds(30));
        await fixture.Cluster.KillSiloAsync(secondary);
        foreach (var release in releases)
        {
            release.SetResult();
        }

        var answered = await Task.WhenAny(reversal, Task.Delay(TimeSpan.FromSeconds(20))) == reversal && reversal.IsCompletedSuccessfully;
        output.WriteLine($"the reversal call {(answered ? "was answered" : "died with its silo")}");
        await RetryOnFailoverAsync(() => Grains.Member(mainId).GetAsync());

        // The dead run's reservations end when the family asks their members what was written, and the cascade is driven
        // again (their reminders do so within minutes; here at once: asked, then the reversal sent again).
        var after = await EventuallyAsync(async () =>
        {
            await RetryOnFailoverAsync(() => Grains.Family(familyId).ReconcileFamilySharesAsync(TimeSpan.Zero));
            await RetryOnFailoverAsync(() => Grains.Member(mainId).ReverseClaimAsync(first.ClaimId, "Invoice cancelled", "agent-1"));
            return await Task.WhenAll(limited.Select(c => Grains.Member(c.Submission.MemberId).GetClaimAsync(c.ClaimId)));
        }, claims => claims.Sum(c => c!.TotalPaid.Euros) == 100m);

        Assert.All(limited, c => Assert.Equal(ClaimStatus.Refused, c.Status));
        Assert.Equal(ClaimStatus.Reversed, (await Grains.Member(mainId).GetClaimAsync(first.ClaimId))!.Status);
        Assert.Equal([30m, 30m, 30m, 10m, 0m, 0m, 0m, 0m, 0m, 0m], after.Select(c => c!.TotalPaid.Euros));
        var facts = await Grains.Family(familyId).GetFactsAsync(mainId, null);
        Assert.Equal(100m, facts!.FamilyUsage.Where(u => u.Key.CapId == FamilyCapCatalogue.CapId && u.Key.Year == 2026).Sum(u => u.Paid.Euros));
        Assert.All(after.Where(c => c!.TotalPaid.Euros > 0), c => Assert.Single(c!.History, h => h.Note.StartsWith("Re-decided after claim " + first.ClaimId, StringComparison.Ordinal)));
    }

    /// <summary>A family whose main member (the one who will drive the cascade) lives on <paramref name="silo"/>.</summary>
    private async Task<(string FamilyId, string MemberId)> FamilyDrivenFromAsync(SiloHandle silo)
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
            if (Equals(await management.GetActivationAddress(Grains.Member(memberId)), silo.SiloAddress))
            {
                return (familyId, memberId);
            }
        }

        throw new InvalidOperationException("No member was placed on the silo to kill in 40 tries.");
    }

    private static async Task<T> RetryOnFailoverAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (attempt < 60)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await RetryOnFailoverAsync(read);
        for (var attempt = 0; attempt < 120 && !done(value); attempt++)
        {
            await Task.Delay(250);
            value = await RetryOnFailoverAsync(read);
        }

        return value;
    }

    private static Domain.Adjudication.ClaimLine Contacts(decimal invoiced, int septemberDay) =>
        Line(FamilyCapCatalogue.Benefit, invoiced, on: new DateOnly(2026, 9, septemberDay));
}
