using CmcmActors.Contracts.Catalogue;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Routing;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Catalogue;

/// <summary>
/// Editions published at run time and processing times: durable in the catalogue store, in every silo's copy when the
/// registry's call returns, and claims judged by the edition in force on each line's date of care.
/// </summary>
public abstract class CatalogueRegistryTests(CmcmClusterFixture fixture)
{
    /// <summary>The July 2026 edition with the RC yearly alternative-medicine cap raised from 100.00 to 150.00.</summary>
    public static string AltMed150Draft(string edition)
    {
        var json = File.ReadAllText(Path.Combine(RepositoryRoot(), "catalogue", "drafts", "cmcm-2026-07-01-draft-altmed150.json"));
        return json.Replace("\"edition\": \"2026-07-draft-altmed150\"", $"\"edition\": \"{edition}\"", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_EverySiloDecidesWithTheNewEditionFromItsDate_AndClaimsBeforeKeepTheOldOne()
    {
        var store = StoreOf(fixture.Cluster.Primary!);
        var edition = NewId("ed");
        var draftId = NewId("d");
        var json = AltMed150Draft(edition);
        await store.AddDraftAsync(new StoredDraft(draftId, edition, new DateOnly(2026, 7, 1), 40, json, DateTimeOffset.UtcNow, "admin", null));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var known = SiloCopies().Max(c => c.Catalogues.Editions[^1].EffectiveFrom);
        var effective = (known > today ? known : today).AddDays(30);

        // A claim decided before the publication, for care before the new edition's date.
        var (familyBefore, before) = await PaidThroughAsync(effective.Year);
        var earlier = effective.AddDays(-1);
        var decidedBefore = await fixture.Grains.SubmitAsync(Claim(familyBefore, before, "ALT-B", Osteopathy(60m, earlier), Osteopathy(60m, earlier), Osteopathy(60m, earlier)));

        var result = await fixture.Grains.GetGrain<ICatalogueRegistryGrain>(CatalogueRegistry.Key).PublishAsync(new PublishEdition(draftId, json, effective, "admin"));

        Assert.False(result.IsRefused, result.Error);
        foreach (var copy in SiloCopies())
        {
            Assert.Equal(edition, copy.Catalogues.InForceOn(effective)!.Edition);
            Assert.Equal("2026-07", copy.Catalogues.InForceOn(effective.AddDays(-1))!.Edition);
        }

        // Three sessions of 60: RC pays 50 each within its yearly cap, 100 under 2026-07 and 150 under the new edition.
        var (familyAfter, after) = await PaidThroughAsync(effective.Year);
        var decidedAfter = await fixture.Grains.SubmitAsync(Claim(familyAfter, after, "ALT-A", Osteopathy(60m, effective), Osteopathy(60m, effective), Osteopathy(60m, effective)));
        var (familyLate, late) = await PaidThroughAsync(effective.Year);
        var lateOldCare = await fixture.Grains.SubmitAsync(Claim(familyLate, late, "ALT-L", Osteopathy(60m, earlier), Osteopathy(60m, earlier), Osteopathy(60m, earlier)));

        Assert.Equal(100.00m, decidedBefore.Decision!.TotalPaid.Euros);
        Assert.Equal(["2026-07"], decidedBefore.Decision.Lines.Select(l => l.Edition).Distinct());
        Assert.Equal(150.00m, decidedAfter.Decision!.TotalPaid.Euros);
        Assert.Equal([edition], decidedAfter.Decision.Lines.Select(l => l.Edition).Distinct());
        Assert.Equal(100.00m, lateOldCare.Decision!.TotalPaid.Euros);
        Assert.Equal(["2026-07"], lateOldCare.Decision.Lines.Select(l => l.Edition).Distinct());
        var stored = await fixture.Grains.Member(before).GetClaimAsync(decidedBefore.ClaimId);
        Assert.Equal(100.00m, stored!.Decision!.TotalPaid.Euros);
    }

    [Fact]
    public async Task Publish_NotAfterTheLatestEdition_RefusedNamingTheDate_AndNothingChanges()
    {
        var registry = fixture.Grains.GetGrain<ICatalogueRegistryGrain>(CatalogueRegistry.Key);
        var before = await registry.GetAsync();
        var edition = NewId("ed");
        var draftId = NewId("d");
        var json = AltMed150Draft(edition);
        await StoreOf(fixture.Cluster.Primary!).AddDraftAsync(new StoredDraft(draftId, edition, new DateOnly(2026, 7, 1), 40, json, DateTimeOffset.UtcNow, "admin", null));

        var today = await registry.PublishAsync(new PublishEdition(draftId, json, DateOnly.FromDateTime(DateTime.UtcNow), "admin"));
        var inForce = await registry.PublishAsync(new PublishEdition(draftId, json, SiloCopies().First().Catalogues.Editions[^1].EffectiveFrom, "admin"));

        Assert.Equal("effectiveFrom", today.Field);
        Assert.StartsWith("An edition is published with a future date", today.Error, StringComparison.Ordinal);
        Assert.Equal("effectiveFrom", inForce.Field);
        var after = await registry.GetAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Editions, after.Editions);
        Assert.All(SiloCopies(), c => Assert.DoesNotContain(c.Catalogues.Editions, e => e.Edition == edition));
        Assert.Null((await StoreOf(fixture.Cluster.Primary!).GetDraftAsync(draftId))!.PublishedFrom);
    }

    [Fact]
    public async Task ProcessingTimes_SetOnce_EverySiloHasThem_AndTheStoreKeepsThem()
    {
        var registry = fixture.Grains.GetGrain<ICatalogueRegistryGrain>(CatalogueRegistry.Key);
        var weeks = Random.Shared.Next(10, 50);

        var snapshot = await registry.SetProcessingTimesAsync([new ProcessingTimeRow(Department.DentalAbroad, Channel.Post, weeks)], "admin");

        Assert.All(SiloCopies(), c => Assert.Equal(weeks, c.ProcessingTimes.WeeksFor(Department.DentalAbroad, Channel.Post)));
        Assert.All(SiloCopies(), c => Assert.Equal(2, c.ProcessingTimes.WeeksFor(Department.DentalAbroad, Channel.App)));
        Assert.All(SiloCopies(), c => Assert.Equal(snapshot.Version, c.Snapshot.Version));
        var durable = await StoreOf(fixture.Cluster.Primary!).LoadAsync();
        Assert.Equal(snapshot.Version, durable.Version);
        Assert.Contains(new ProcessingTimeRow(Department.DentalAbroad, Channel.Post, weeks), durable.ProcessingTimes);
    }

    /// <summary>An RC family whose contributions are paid up to <paramref name="year"/>.</summary>
    private async Task<(string FamilyId, string MemberId)> PaidThroughAsync(int year)
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(fixture.Grains, CoverageLevel.RC);
        for (var y = Applied.Year + 2; y <= year; y++)
        {
            var paid = await fixture.Grains.Family(familyId).RecordPaymentAsync(y, Eur(300m), new DateOnly(y - 1, 12, 1));
            Assert.True(paid.IsSuccess, paid.Rejection?.Message);
        }

        return (familyId, memberId);
    }

    private IEnumerable<CmcmReferenceData> SiloCopies()
    {
        var silos = fixture.Cluster.GetActiveSilos().ToList();
        Assert.Equal(2, silos.Count);
        return silos.Select(s => fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<CmcmReferenceData>());
    }

    private ICatalogueStore StoreOf(Orleans.TestingHost.SiloHandle silo) => fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<ICatalogueStore>();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "catalogue")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("No catalogue/ folder above the test binaries.");
    }
}

[Collection(TwoSiloMemoryCluster.Name)]
public sealed class MemoryCatalogueRegistryTests(TwoSiloMemoryClusterFixture fixture) : CatalogueRegistryTests(fixture);

[Collection(TwoSiloPostgresCluster.Name)]
public sealed class PostgresCatalogueRegistryTests(TwoSiloPostgresClusterFixture fixture) : CatalogueRegistryTests(fixture)
{
    [Fact]
    public async Task PublishedEdition_CannotBeChangedNorDeleted_InTheDatabase()
    {
        var edition = NewId("ed");
        var draftId = NewId("d");
        await using var store = new PostgresCatalogueStore(CmcmClusterFixture.PostgresConnectionString, fixture.ServiceId + "-immutable");
        await store.AddDraftAsync(new StoredDraft(draftId, edition, new DateOnly(2026, 7, 1), 56, "{}", DateTimeOffset.UtcNow, "admin", null));
        Assert.True(await store.PublishAsync(new PublishedEdition(edition, new DateOnly(2099, 1, 1), "{}", DateTimeOffset.UtcNow, "admin", draftId)));

        await using var connection = new Npgsql.NpgsqlConnection(CmcmClusterFixture.PostgresConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE cmcm_catalogue_edition SET body = '[]' WHERE edition = $1", "DELETE FROM cmcm_catalogue_edition WHERE edition = $1" })
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue(edition);
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("never changed, only superseded", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.False(await store.PublishAsync(new PublishedEdition(edition, new DateOnly(2099, 2, 1), "{}", DateTimeOffset.UtcNow, "admin", draftId)));
        Assert.Equal(["{}"], (await store.LoadAsync()).Editions.Select(e => e.Json));
    }
}
