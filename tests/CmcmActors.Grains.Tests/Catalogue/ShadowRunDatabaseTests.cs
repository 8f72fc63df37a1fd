using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Journal;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Catalogue;

/// <summary>
/// The shadow run straight from the database (what <c>cmcm shadow --postgres</c> runs): claims from cmcm_claim, members'
/// facts from the families' stored state and the journal heads, no silo asked.
/// </summary>
[Collection(PostgresShadowCluster.Name)]
public sealed class ShadowRunDatabaseTests(PostgresShadowClusterFixture fixture)
{
    [Fact]
    public async Task ShadowRun_FromTheDatabase_JudgesEveryClaimOfThePeriod_AndConsumesNothing()
    {
        // Five RC families, three osteopathy sessions of 60.00: RC pays 50, 50, then 0 (its 100.00 a year spent).
        var claims = new List<string>();
        for (var f = 0; f < 5; f++)
        {
            var (familyId, memberId) = await EnrolledFamilyAsync(fixture.Grains, CoverageLevel.RC);
            for (var session = 1; session <= 3; session++)
            {
                claims.Add((await fixture.Grains.SubmitAsync(Claim(familyId, memberId, $"OSTEO-{session}", Osteopathy(60m)))).ClaimId);
            }
        }

        var draft = CatalogueLoader.Parse(CatalogueRegistryTests.AltMed150Draft("shadow-db"), "draft");
        // The period is the claims' own date of receipt (Scenario.Received), not the day they were entered.
        var received = Received;
        await using var stored = new PostgresStoredClaims(CmcmClusterFixture.PostgresConnectionString, fixture.ServiceId);
        await using var profiles = new PostgresMemberProfiles(CmcmClusterFixture.PostgresConnectionString, fixture.ServiceId);

        var report = await ShadowRun.RunAsync(stored, profiles.ProfileAsync, CatalogueSet.BuiltIn, draft, received, received, PlausibilityLimits.Default);
        var nothing = await ShadowRun.RunAsync(stored, profiles.ProfileAsync, CatalogueSet.BuiltIn, draft, received.AddDays(1), received.AddDays(2), PlausibilityLimits.Default);

        Assert.Equal((15, 15, 0, 5), (report.Claims, report.Judged.Count, report.Skipped, report.ClaimsChanged));
        Assert.Equal((500.00m, 750.00m, 250.00m), (report.PaidBefore, report.PaidAfter, report.Difference));
        Assert.Equal([new ShadowTotal("RC.ALTMED", Tier.RC, 500.00m, 750.00m)], report.Totals);
        Assert.Equal(claims.Order(StringComparer.Ordinal), report.Judged.Select(c => c.ClaimId).Order(StringComparer.Ordinal));
        Assert.All(report.Judged.Where(c => c.ClaimId.EndsWith("OSTEO-3", StringComparison.Ordinal)), c => Assert.Equal((0.00m, 50.00m), (c.PaidBefore, c.PaidAfter)));
        Assert.Equal((0, 0), (nothing.Claims, nothing.Judged.Count));
        Assert.Equal(2, (await fixture.Grains.Member(report.Judged[0].MemberId).GetClaimsAsync()).Count(c => c.TotalPaid.Euros == 50.00m));
    }
}
