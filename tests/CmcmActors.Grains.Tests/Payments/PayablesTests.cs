using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Payments;
using CmcmActors.Grains.Journal;
using CmcmActors.Grains.Payments;
using CmcmActors.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Payments;

/// <summary>What is owed is written in the same append as the decision that owes it; on in-memory storage and on PostgreSQL.</summary>
public abstract class PayablesTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Primary!.SiloAddress);

    private IPaymentLedger Ledger => Silo.GetRequiredService<IPaymentLedger>();

    [Fact]
    public async Task Payables_DecisionThenCorrectionThenReversal_OneSignedRowPerChangeSummingToZero()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "PAY-1", Line("DO.OPTIC.FRAMES", 100m)));
        await Grains.Member(memberId).CorrectClaimAsync(record.ClaimId, [Line("DO.OPTIC.FRAMES", 20.49m)], "frames were cheaper", "clerk-1");
        await Grains.Member(memberId).ReverseClaimAsync(record.ClaimId, "sent twice", "clerk-1");

        var rows = (await Ledger.ReadMemberStandingsAsync(memberId)).Select(s => s.Payable).OrderBy(p => p.ClaimVersion).ToArray();

        Assert.Equal([(1L, 3_000L), (2L, -951L), (3L, -2_049L)], rows.Select(p => (p.ClaimVersion, p.Amount.Cents)));
        Assert.All(rows, p => Assert.Equal((record.ClaimId, memberId, familyId, "member/" + memberId), (p.ClaimId, p.MemberId, p.FamilyId, p.Payee)));
    }

    [Fact]
    public async Task Payables_ClaimThatPaysNothing_NoRow()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, paid: false);

        await Grains.Member(memberId).SubmitClaimAsync(Claim(familyId, memberId, "NOPAY-1", Line("DO.OPTIC.FRAMES", 100m)));

        Assert.Empty(await Ledger.ReadMemberStandingsAsync(memberId));
    }

    [Fact]
    public async Task Payables_FailedAppend_WritesNoPayable()
    {
        // A version conflict fails the append inside the journal (after the probe), as a second activation would.
        var journal = Silo.GetRequiredService<JournalProbe>().Inner;
        var memberId = NewId("M");
        var payable = new Payable(memberId + "/X-1", 1, memberId, "F-X", "member/" + memberId, new Domain.Money.Money(1_234), DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<JournalConflictException>(() =>
            journal.AppendAsync(new MemberAppend(memberId, 5, MemberHead.New with { Version = 6 }, [], []) { Payables = [payable] }));

        Assert.Empty(await Ledger.ReadMemberStandingsAsync(memberId));
    }

    [Fact]
    public async Task Payables_TwentiethClaimOfAMember_AddsOneRowLikeTheFirst()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        for (var i = 1; i <= 20; i++)
        {
            await Grains.SubmitAsync(Claim(familyId, memberId, $"ROW-{i:00}", Line("RC.HOSP.LU", 40m, 30m)));
        }

        var rows = await Ledger.ReadMemberStandingsAsync(memberId);

        Assert.Equal(20, rows.Count);
        Assert.All(rows, r => Assert.Equal(1, r.Payable.ClaimVersion));
        if (fixture.UsesPostgres)
        {
            // What the payable adds to one claim's append on PostgreSQL: one row of this size (reported in docs/payments.md).
            await using var connection = new NpgsqlConnection(CmcmClusterFixture.PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT max(pg_column_size(p.*)) FROM cmcm_payable p WHERE service_id = $1 AND member_id = $2", connection);
            command.Parameters.AddWithValue(fixture.ServiceId);
            command.Parameters.AddWithValue(memberId);
            var bytes = (int)(await command.ExecuteScalarAsync())!;
            Assert.InRange(bytes, 100, 250);
        }
    }
}

[Collection(MemoryCluster.Name)]
public sealed class PayablesOnMemoryTests(MemoryClusterFixture fixture) : PayablesTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PayablesOnPostgresTests(PostgresClusterFixture fixture) : PayablesTests(fixture);
