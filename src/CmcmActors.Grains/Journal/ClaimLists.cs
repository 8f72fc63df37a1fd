using System.Text;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Claims;
using Npgsql;
using NpgsqlTypes;

namespace CmcmActors.Grains.Journal;

/// <summary>
/// The desk's claim lists, filtered and paged where the claims are stored (never in the browser, never over a part of
/// them): the claims a family's members submitted under the family, narrowed by member, status and
/// <see cref="ClaimListFilter"/>, in the order received (or newest first), a page at a time. Exact for any history
/// length. Reads committed claims only: a claim is listed once its append committed.
/// </summary>
public interface IClaimLists
{
    /// <summary>At most <paramref name="limit"/> claims past <paramref name="after"/>, in the order of <see cref="ClaimCursor"/> (or newest first).</summary>
    Task<IReadOnlyList<ClaimRecord>> ReadAsync(ClaimListQuery query, ClaimCursor? after, int limit, bool newestFirst);

    /// <summary>
    /// The members' push sequences as last written (0 for a member never written): read before the claims, a page shows
    /// at least every change they announce.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> ReadPushSequencesAsync(IReadOnlyList<string> memberIds);
}

/// <param name="MemberIds">The members whose claims are listed (the family's roster, or one member).</param>
/// <param name="Statuses">The statuses listed; empty for all.</param>
public sealed record ClaimListQuery(string FamilyId, IReadOnlyList<string> MemberIds, IReadOnlyList<ClaimStatus> Statuses, ClaimListFilter Filter)
{
    public bool Matches(ClaimRecord record) =>
        record.Submission.FamilyId == FamilyId
        && MemberIds.Contains(record.Submission.MemberId, StringComparer.Ordinal)
        && (Statuses.Count == 0 || Statuses.Contains(record.Status))
        && Filter.Matches(record.Submission.InvoiceReference, record.TrustedLines);
}

/// <summary>Claim lists on PostgreSQL: one query over cmcm_claim along a family's or a member's index, the filters on its columns.</summary>
public sealed class PostgresClaimLists(string connectionString, string serviceId) : IClaimLists, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<IReadOnlyList<ClaimRecord>> ReadAsync(ClaimListQuery query, ClaimCursor? after, int limit, bool newestFirst)
    {
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder("SELECT body FROM cmcm_claim WHERE service_id = $1 AND family_id = $2");
        Add(command, serviceId);
        Add(command, query.FamilyId);
        if (query.MemberIds.Count == 1)
        {
            sql.Append(" AND member_id = $").Append(Add(command, query.MemberIds[0]));
        }
        else
        {
            sql.Append(" AND member_id = ANY($").Append(Add(command, query.MemberIds.ToArray())).Append(')');
        }

        if (query.Statuses.Count > 0)
        {
            sql.Append(" AND status = ANY($").Append(Add(command, query.Statuses.Select(s => (short)s).ToArray())).Append(')');
        }

        var filter = query.Filter;
        if (filter.CareYear is { } year)
        {
            sql.Append(" AND $").Append(Add(command, (short)year)).Append("::smallint = ANY(care_years)");
        }

        if (filter.Benefit is { } benefit)
        {
            sql.Append(" AND $").Append(Add(command, benefit)).Append("::text = ANY(benefits)");
        }

        if (filter.ReferenceText is { } text)
        {
            // The invoice reference is the claim id after "member/"; ids are ASCII, so lower() folds as the domain does.
            sql.Append(" AND strpos(lower(substr(claim_id, length(member_id) + 2)), lower($").Append(Add(command, text)).Append(")) > 0");
        }

        if (after is not null)
        {
            sql.Append(" AND (received_at, claim_id) ").Append(newestFirst ? '<' : '>').Append(" ($").Append(Add(command, after.At)).Append(", $").Append(Add(command, after.ClaimId)).Append(')');
        }

        sql.Append(newestFirst ? " ORDER BY received_at DESC, claim_id DESC" : " ORDER BY received_at, claim_id").Append(" LIMIT $").Append(Add(command, (long)limit));
        command.CommandText = sql.ToString();
        var claims = new List<ClaimRecord>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            claims.Add(JournalJson.Read<JournaledClaim>(reader.GetString(0)).Record);
        }

        return claims;
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadPushSequencesAsync(IReadOnlyList<string> memberIds)
    {
        await using var command = _dataSource.CreateCommand("SELECT member_id, head FROM cmcm_member WHERE service_id = $1 AND member_id = ANY($2)");
        Add(command, serviceId);
        Add(command, memberIds.ToArray());
        var sequences = memberIds.Distinct(StringComparer.Ordinal).ToDictionary(m => m, _ => 0L, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sequences[reader.GetString(0)] = JournalJson.Read<MemberHead>(reader.GetString(1)).PushSequence;
        }

        return sequences;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Adds a positional parameter and returns its number.</summary>
    private static int Add(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(value is string text ? new NpgsqlParameter { Value = text, NpgsqlDbType = NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        return command.Parameters.Count;
    }
}
