using CmcmActors.Contracts.Claims;
using CmcmActors.Grains.Tests.Support;
using Npgsql;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Storage;

/// <summary>
/// The traps of the ADO.NET grain storage (architecture notes): the row key is (service, state name, grain key), and
/// string keys that look like numbers are parsed as integers. Each test reads back after deactivation, so the state
/// comes from PostgreSQL, not from the activation.
/// </summary>
[Collection(PostgresCluster.Name)]
public sealed class StorageKeyTests(PostgresClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task FamilyAndMember_SameId_EachKeepsItsOwnState()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, familyId: "X1", memberId: "X1");
        await Grains.SubmitAsync(Claim(familyId, memberId, "INV-X1", Line("DO.OPTIC.LENSES", 120m)));

        await DeactivateAsync("X1");

        var family = (await Grains.Family("X1").GetAsync())!;
        var member = await Grains.Member("X1").GetAsync();
        Assert.Equal(("X1", "X1", 2L), (family.FamilyId, Assert.Single(family.Members).MemberId, family.Version));
        Assert.Equal(("X1", 1, Eur(120m)), (member.FamilyId, member.ClaimCount, member.TotalPaid));
        Assert.Equal([("family", "family/X1"), ("member", "member/X1")], await StoredRowsAsync("family/X1", "member/X1"));
    }

    [Fact]
    public async Task Families_20235And020235_EachReadsItsOwnMembers()
    {
        await EnrolledFamilyAsync(Grains, familyId: "20235", memberId: "20235");
        await EnrolledFamilyAsync(Grains, familyId: "020235", memberId: "020235");

        await DeactivateAsync("20235", "020235");

        Assert.Equal("20235", Assert.Single((await Grains.Family("20235").GetAsync())!.Members).MemberId);
        Assert.Equal("020235", Assert.Single((await Grains.Family("020235").GetAsync())!.Members).MemberId);
        Assert.Equal(("20235", "020235"), ((await Grains.Member("20235").GetAsync()).FamilyId, (await Grains.Member("020235").GetAsync()).FamilyId));
        Assert.Equal(
            [("family", "family/020235"), ("family", "family/20235"), ("member", "member/020235"), ("member", "member/20235")],
            await StoredRowsAsync("family/20235", "family/020235", "member/20235", "member/020235"));
    }

    [Fact]
    public async Task Families_CAFEAndcafe_EachReadsItsOwnMembers()
    {
        // Family ids are case-sensitive; member ids are compared without case (a case variant is refused), so the two
        // families' members differ by more than case.
        await EnrolledFamilyAsync(Grains, familyId: "CAFE", memberId: "CAFE-main");
        await EnrolledFamilyAsync(Grains, familyId: "cafe", memberId: "cafe-other");

        await DeactivateAsync("CAFE", "cafe");

        Assert.Equal("CAFE-main", Assert.Single((await Grains.Family("CAFE").GetAsync())!.Members).MemberId);
        Assert.Equal("cafe-other", Assert.Single((await Grains.Family("cafe").GetAsync())!.Members).MemberId);
    }

    [Fact]
    public async Task Claims_SameInvoiceReferenceForTwoMembers_AreTwoClaims()
    {
        var (familyId, mainId) = await EnrolledFamilyAsync(Grains);
        var spouseId = await CoAffiliateAsync(Grains, familyId, Domain.Families.MemberKind.SpouseOrPartner, new DateOnly(1981, 1, 1));
        await Grains.SubmitAsync(Claim(familyId, mainId, "2026-001", Line("DO.OPTIC.LENSES", 120m)));
        await Grains.SubmitAsync(Claim(familyId, spouseId, "2026-001", Line("DO.OPTIC.LENSES", 90m)));

        await fixture.Cluster.DeactivateAsync(Grains.Member(mainId));
        await fixture.Cluster.DeactivateAsync(Grains.Member(spouseId));

        Assert.Equal(Eur(120m), (await Grains.Member(mainId).GetClaimAsync(mainId + "/2026-001"))!.TotalPaid);
        Assert.Equal(Eur(90m), (await Grains.Member(spouseId).GetClaimAsync(spouseId + "/2026-001"))!.TotalPaid);
        Assert.Equal(ClaimStatus.Approved, (await Grains.Member(spouseId).GetClaimAsync(spouseId + "/2026-001"))!.Status);
    }

    private async Task DeactivateAsync(params string[] ids)
    {
        foreach (var id in ids)
        {
            await fixture.Cluster.DeactivateAsync(Grains.Family(id));
            await fixture.Cluster.DeactivateAsync(Grains.Member(id));
        }
    }

    /// <summary>The (state name, key) of the stored rows of this cluster with one of these grain keys, sorted.</summary>
    private async Task<IReadOnlyList<(string StateName, string Key)>> StoredRowsAsync(params string[] keys)
    {
        await using var connection = new NpgsqlConnection(CmcmClusterFixture.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            // Members live in the journal (cmcm_member), the other grains in the Orleans grain state table.
            "SELECT grain_type, grain_id_extension FROM orleans_grain_state WHERE service_id = @service AND grain_id_extension = ANY(@keys) " +
            "UNION ALL SELECT 'member', 'member/' || member_id FROM cmcm_member WHERE service_id = @service AND 'member/' || member_id = ANY(@keys) ORDER BY 1, 2",
            connection);
        command.Parameters.AddWithValue("service", fixture.ServiceId);
        command.Parameters.AddWithValue("keys", keys);
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
