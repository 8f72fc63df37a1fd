using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Members;
using CmcmActors.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Storage;

/// <summary>
/// A member stored by the previous version (state "member" in orleans_grain_state, rewritten whole, older claims on
/// member-archive pages) reads back after the upgrade: the member moves itself into the journal on activation.
/// </summary>
[Collection(PostgresCluster.Name)]
public sealed class UpgradeTests(PostgresClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task MemberWrittenByThePreviousVersion_ReadsBackExactly_AndKeepsItsClaimsExactlyOnce()
    {
        // Real records, movements and totals, made by today's path, then rewritten in the previous layout.
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var member = Grains.Member(memberId);
        var recent = await Grains.SubmitAsync(Claim(familyId, memberId, "OLD-1", Line("RC.DIET", 90m, 30m) with { Authorised = true }));
        var archived = await Grains.SubmitAsync(Claim(familyId, memberId, "OLD-2", Line("DO.OPTIC.LENSES", 120m)));
        var claimsBefore = await member.GetClaimsAsync();
        var auditBefore = await member.GetAuditAsync();
        var capsBefore = await member.GetCapsAsync(2026);
        var viewBefore = await member.GetAsync();
        var snapshot = await fixture.Journal.Inner.LoadAsync(memberId);

        await fixture.Cluster.DeactivateAsync(member);
        await DeleteFromJournalAsync(memberId);
        await Grains.GetGrain<IMemberArchiveGrain>(GrainKeys.MemberArchive(memberId, 0))
            .StoreAsync([WithoutActors(archived)], [.. auditBefore.Where(m => m.ClaimId == archived.ClaimId).Select(WithoutActors)]);
        var legacy = new LegacyMemberState
        {
            FamilyId = familyId,
            StatutoryPeriods = [.. viewBefore.StatutoryPeriods],
            Usage = [.. snapshot!.Totals],
            Claims = new Dictionary<string, ClaimRecord> { [recent.ClaimId] = WithoutActors(recent) },
            Audit = [.. auditBefore.Where(m => m.ClaimId == recent.ClaimId).Select(WithoutActors)],
            Version = 3,
            Archived = new Dictionary<string, int> { [archived.ClaimId] = 0 },
            ArchivePages = 1,
            ArchivedPaidCents = archived.TotalPaid.Cents,
        };
        var storage = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Primary!.SiloAddress).GetRequiredKeyedService<IGrainStorage>(CmcmStorage.ProviderName);
        await storage.WriteStateAsync("member", member.GetGrainId(), new GrainState<LegacyMemberState>(legacy));

        var view = await member.GetAsync();
        var claims = await member.GetClaimsAsync();
        var audit = await member.GetAuditAsync();
        var caps = await member.GetCapsAsync(2026);
        var again = await Grains.SubmitAsync(Claim(familyId, memberId, "OLD-2", Line("DO.OPTIC.LENSES", 120m)));
        var next = await Grains.SubmitAsync(Claim(familyId, memberId, "NEW-1", Line("RC.DIET", 90m, 30m) with { Authorised = true }));

        Assert.Equal((viewBefore.FamilyId, 2, viewBefore.TotalPaid), (view.FamilyId, view.ClaimCount, view.TotalPaid));
        Assert.Equal(Json(claimsBefore.Select(WithoutActors)), Json(claims));
        Assert.Equal(Json(auditBefore.OrderBy(m => m.At).Select(WithoutActors)), Json(audit));
        Assert.Equal(Json(capsBefore), Json(caps));
        Assert.Equal(Json(WithoutActors(archived)), Json(again));
        Assert.Equal(capsBefore.Cap("RC.DIET/year").Limit! - capsBefore.Cap("RC.DIET/year").Used, next.TotalPaid);
        Assert.Equal(0, await LegacyRowsWithPayloadAsync(memberId));
    }

    /// <summary>What the previous version wrote of a claim: no actors (they came with the audit trail).</summary>
    private static ClaimRecord WithoutActors(ClaimRecord record) => record with { History = [.. record.History.Select(h => h with { By = null })] };

    private static CapMovement WithoutActors(CapMovement movement) => movement with { By = null };

    private async Task DeleteFromJournalAsync(string memberId)
    {
        await using var connection = new NpgsqlConnection(CmcmClusterFixture.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "DELETE FROM cmcm_member WHERE service_id = @s AND member_id = @m; DELETE FROM cmcm_accumulator WHERE service_id = @s AND member_id = @m; DELETE FROM cmcm_claim WHERE service_id = @s AND member_id = @m;",
            connection);
        command.Parameters.AddWithValue("s", fixture.ServiceId);
        command.Parameters.AddWithValue("m", memberId);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> LegacyRowsWithPayloadAsync(string memberId)
    {
        await using var connection = new NpgsqlConnection(CmcmClusterFixture.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_grain_state WHERE service_id = @s AND grain_type = 'member' AND grain_id_extension = @k AND payload_binary IS NOT NULL", connection);
        command.Parameters.AddWithValue("s", fixture.ServiceId);
        command.Parameters.AddWithValue("k", "member/" + memberId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
