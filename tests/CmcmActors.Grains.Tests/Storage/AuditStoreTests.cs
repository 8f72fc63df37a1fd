using CmcmActors.Contracts.Audit;
using CmcmActors.Grains.Audit;
using CmcmActors.Grains.Tests.Support;

namespace CmcmActors.Grains.Tests.Storage;

/// <summary>The audit table and the read log, in memory and on PostgreSQL: kept once by id, newest first, filtered, paged.</summary>
public abstract class AuditStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 11, 0, 0, TimeSpan.Zero);

    protected abstract IAuditTrail Trail { get; }

    protected abstract IReadLog Reads { get; }

    private static AuditEntry Entry(string id, int minute, string familyId, string? memberId) =>
        new(id, Noon.AddMinutes(minute), familyId, memberId, null, new Actor("clerk-a", "frontdesk", "0af7651916cd43dd8448eb211c80319c"), AuditActions.PaymentRecorded, $"entry {id}");

    [Fact]
    public async Task AuditEntryCopiedTwice_KeptOnce_FamilyAndMemberTrailsNewestFirst_PagedByCursor()
    {
        var family = "F-" + Guid.NewGuid().ToString("N")[..8];
        AuditEntry[] entries = [Entry($"family/{family}/v1", 0, family, "M-1"), Entry($"family/{family}/v2", 1, family, null), Entry($"family/{family}/v3", 1, family, "M-1")];

        await Trail.AddAsync(entries);
        await Trail.AddAsync([entries[1] with { Detail = "a second copy changes nothing" }]);
        var firstPage = await Trail.ReadAsync(family, null, null, 2);
        var secondPage = await Trail.ReadAsync(family, null, AuditCursor.Of(firstPage[^1]), 2);
        var member = await Trail.ReadAsync(null, "M-1", null, 10);

        Assert.Equal([$"family/{family}/v3", $"family/{family}/v2"], firstPage.Select(e => e.Id));
        Assert.Equal([$"family/{family}/v1"], secondPage.Select(e => e.Id));
        Assert.Equal($"entry family/{family}/v2", firstPage[1].Detail);
        Assert.Equal(entries[2], firstPage[0]);
        Assert.Superset(new[] { $"family/{family}/v3", $"family/{family}/v1" }.ToHashSet(), member.Select(e => e.Id).Where(i => i.Contains(family, StringComparison.Ordinal)).ToHashSet());
    }

    [Fact]
    public async Task HealthDataReads_FilteredByMemberStaffAndPeriod_NewestFirst()
    {
        var member = "M-" + Guid.NewGuid().ToString("N")[..8];
        HealthDataRead Read(int day, string staff) => new(Guid.CreateVersion7().ToString("N"), Noon.AddDays(day), staff, "frontdesk", member, "F-1",
            "GET /api/claims/{memberId}/{invoiceReference}", null);
        var reads = new[] { Read(-2, "clerk-a"), Read(-1, "clerk-b"), Read(0, "clerk-a") };

        await Reads.AddAsync(reads);
        await Reads.AddAsync([reads[0]]);
        var all = await Reads.ReadAsync(new ReadLogQuery(member, null, null, null), null, 10);
        var byClerkA = await Reads.ReadAsync(new ReadLogQuery(member, "clerk-a", null, null), null, 10);
        var period = await Reads.ReadAsync(new ReadLogQuery(member, null, Noon.AddDays(-1), Noon), null, 10);
        var after = await Reads.ReadAsync(new ReadLogQuery(member, null, null, null), new ReadLogCursor(all[0].At, all[0].Id), 10);

        Assert.Equal([reads[2].Id, reads[1].Id, reads[0].Id], all.Select(r => r.Id));
        Assert.Equal([reads[2].Id, reads[0].Id], byClerkA.Select(r => r.Id));
        Assert.Equal([reads[1].Id], period.Select(r => r.Id));
        Assert.Equal([reads[1].Id, reads[0].Id], after.Select(r => r.Id));
    }
}

public sealed class AuditStoreInMemoryTests : AuditStoreTests
{
    private readonly string _service = "audit-" + Guid.NewGuid().ToString("N")[..8];

    protected override IAuditTrail Trail => MemoryAuditTrail.For(_service);

    protected override IReadLog Reads => MemoryReadLog.For(_service);
}

[Collection(PostgresCluster.Name)]
public sealed class AuditStoreOnPostgresTests(PostgresClusterFixture fixture) : AuditStoreTests
{
    protected override IAuditTrail Trail { get; } = new PostgresAuditTrail(CmcmClusterFixture.PostgresConnectionString, fixture.ServiceId);

    protected override IReadLog Reads { get; } = new PostgresReadLog(CmcmClusterFixture.PostgresConnectionString, fixture.ServiceId);
}
