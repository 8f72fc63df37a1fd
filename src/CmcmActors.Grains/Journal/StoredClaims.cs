using System.Runtime.CompilerServices;
using CmcmActors.Contracts.Claims;
using Npgsql;

namespace CmcmActors.Grains.Journal;

/// <summary>
/// The journal's claims read family by family, for shadow runs: never used by the claim path. A period is a range of
/// dates on which claims were received, both ends included: each claim's own date of receipt
/// (<see cref="ClaimSubmission.ReceivedOn"/>; a postal claim entered today may have been received last month), not the
/// day it was entered.
/// </summary>
public interface IStoredClaims
{
    /// <summary>
    /// Every family that received a claim in the period, with all its claims received until the period's end (those
    /// before the period too: they used the caps first), in the order received (<see cref="ClaimPeriod.Order"/>).
    /// </summary>
    IAsyncEnumerable<FamilyClaims> ReadFamiliesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>How many claims were received in the period.</summary>
    Task<int> CountAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);
}

/// <summary>A family's claims in the order received.</summary>
public sealed record FamilyClaims(string FamilyId, IReadOnlyList<ClaimRecord> Claims);

public static class ClaimPeriod
{
    /// <summary>The day the claim was received: its own date of receipt, which shadow runs select and report by.</summary>
    public static DateOnly ReceivedOn(ClaimRecord record) => record.Submission.ReceivedOn;

    /// <summary>When the journal received the claim (its first status change).</summary>
    public static DateTimeOffset EnteredAt(ClaimRecord record) => record.History[0].At;

    public static bool In(ClaimRecord record, DateOnly from, DateOnly to) => ReceivedOn(record) >= from && ReceivedOn(record) <= to;

    /// <summary>A family's claims in the order received: by date of receipt, then as entered (to the microsecond), then by id.</summary>
    public static IEnumerable<ClaimRecord> Order(IEnumerable<ClaimRecord> claims) =>
        claims.OrderBy(ReceivedOn).ThenBy(r => ClaimCursor.Truncate(EnteredAt(r))).ThenBy(r => r.ClaimId, StringComparer.Ordinal);
}

/// <summary>The stored claims on PostgreSQL: one streamed query over cmcm_claim by received_on (index cmcm_claim_received_on_ix).</summary>
public sealed class PostgresStoredClaims(string connectionString, string serviceId) : IStoredClaims, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async IAsyncEnumerable<FamilyClaims> ReadFamiliesAsync(DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT family_id, body FROM cmcm_claim WHERE service_id = $1 AND received_on <= $3 AND family_id IN " +
            "(SELECT DISTINCT family_id FROM cmcm_claim WHERE service_id = $1 AND received_on BETWEEN $2 AND $3) " +
            "ORDER BY family_id, received_on, received_at, claim_id", connection);
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        string? family = null;
        var claims = new List<ClaimRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var familyId = reader.GetString(0);
            if (family is not null && familyId != family)
            {
                yield return new FamilyClaims(family, claims);
                claims = [];
            }

            family = familyId;
            claims.Add(JournalJson.Read<JournaledClaim>(reader.GetString(1)).Record);
        }

        if (family is not null)
        {
            yield return new FamilyClaims(family, claims);
        }
    }

    public async Task<int> CountAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM cmcm_claim WHERE service_id = $1 AND received_on BETWEEN $2 AND $3");
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
