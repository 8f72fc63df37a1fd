using System.Text.Json;
using CmcmActors.Contracts;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Grains.Families;
using CmcmActors.Grains.Journal;
using Npgsql;

namespace CmcmActors.Grains.Catalogue;

/// <summary>
/// Members' profiles read straight from the database, for a shadow run without a running cluster (<c>cmcm shadow
/// --postgres</c>): the family grain's stored state (as the family grain would answer) and the member's journal head
/// (statutory cover). Reads only, and only when no silo is needed to decide anything.
/// </summary>
public sealed class PostgresMemberProfiles(string connectionString, string serviceId) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions StateJson = new();
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<MemberProfile?> ProfileAsync(string familyId, string memberId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        FamilyState? state = null;
        await using (var command = new NpgsqlCommand(
            "SELECT payload_binary FROM orleans_grain_state WHERE service_id = $1 AND grain_type = 'family' AND grain_id_extension = $2 AND payload_binary IS NOT NULL", connection))
        {
            command.Parameters.AddWithValue(serviceId);
            command.Parameters.AddWithValue(GrainKeys.Family(familyId));
            if (await command.ExecuteScalarAsync() is byte[] payload)
            {
                state = JsonSerializer.Deserialize<FamilyState>(payload, StateJson);
            }
        }

        if (state?.Family is not { } family || family.FindMember(memberId) is null)
        {
            return null;
        }

        await using (var command = new NpgsqlCommand("SELECT head FROM cmcm_member WHERE service_id = $1 AND member_id = $2", connection))
        {
            command.Parameters.AddWithValue(serviceId);
            command.Parameters.AddWithValue(memberId);
            var head = await command.ExecuteScalarAsync() is string json ? JournalJson.Read<MemberHead>(json) : MemberHead.New;
            return family.ProfileOf(memberId, head.StatutoryPeriods);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
