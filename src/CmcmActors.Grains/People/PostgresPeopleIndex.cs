using Npgsql;
using NpgsqlTypes;

namespace CmcmActors.Grains.People;

/// <summary>
/// The index as the table cmcm_person (deploy/sql/007-people.sql), shared by every host of the cluster. Names are
/// matched in search_name (folded in the host, so PostgreSQL needs no collation or extension to ignore accents) with
/// LIKE, which the trigram index serves when pg_trgm is installed; the national number and ids by equality.
/// </summary>
public sealed class PostgresPeopleIndex(string connectionString, string serviceId) : IPeopleIndex, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task UpsertAsync(IReadOnlyList<PersonEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand("""
            INSERT INTO cmcm_person (service_id, member_id, family_id, surname, given_names, national_number, birth_date, on_roster, search_name)
            SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::boolean[], $9::text[])
            ON CONFLICT (service_id, member_id) DO UPDATE SET
                family_id = EXCLUDED.family_id, surname = EXCLUDED.surname, given_names = EXCLUDED.given_names,
                national_number = EXCLUDED.national_number, birth_date = EXCLUDED.birth_date, on_roster = EXCLUDED.on_roster,
                search_name = EXCLUDED.search_name, updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.MemberId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.FamilyId)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.Surname)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.GivenNames)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.NationalNumber)] });
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. entries.Select(e => e.BirthDate)] });
        command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. entries.Select(e => e.OnRoster)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.SortName)] });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<PersonEntry>> SearchAsync(PeopleQuery query, PeopleCursor? after, int limit)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT member_id, family_id, surname, given_names, national_number, birth_date, on_roster
            FROM cmcm_person
            WHERE service_id = $1
              AND (($2::text IS NOT NULL AND national_number = $2)
                OR ($3::text IS NOT NULL AND (member_id = $3 OR family_id = $3))
                OR (cardinality($4::text[]) > 0 AND surname IS NOT NULL AND search_name LIKE ALL ($4::text[])))
              AND ($5::text IS NULL OR (search_name, member_id) > ($5, $6))
            ORDER BY search_name, member_id
            LIMIT $7
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.NationalNumber ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. query.Words.Select(w => "%" + EscapeLike(w) + "%")] });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.SortName ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.MemberId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var page = new List<PersonEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            page.Add(new PersonEntry(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<DateOnly>(5), reader.GetBoolean(6)));
        }

        return page;
    }

    private static string EscapeLike(string word) =>
        word.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
