using Npgsql;

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

    /// <summary>
    /// Only the branches the query has are in the SQL, each one a plain condition an index serves (the primary key, the
    /// family index, the national number index, one LIKE per word for the trigram index), so that PostgreSQL combines
    /// them as a bitmap instead of walking the table in name order.
    /// </summary>
    public async Task<IReadOnlyList<PersonEntry>> SearchAsync(PeopleQuery query, PeopleCursor? after, int limit)
    {
        await using var command = _dataSource.CreateCommand();
        var parameters = command.Parameters;
        string Add<T>(T value)
        {
            parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
            return "$" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var service = Add(serviceId);
        var branches = new List<string>();
        if (query.NationalNumber is not null)
        {
            branches.Add($"national_number = {Add(query.NationalNumber)}");
        }

        if (query.Id is not null)
        {
            var id = Add(query.Id);
            branches.Add($"member_id = {id}");
            branches.Add($"family_id = {id}");
        }

        if (query.Words.Length > 0)
        {
            branches.Add("(surname IS NOT NULL AND " + string.Join(" AND ", query.Words.Take(PeopleQuery.MaxWords).Select(w => $"search_name LIKE {Add("%" + EscapeLike(w) + "%")}")) + ")");
        }

        if (branches.Count == 0)
        {
            return [];
        }

        var cursor = after is null ? "" : $" AND (search_name, member_id) > ({Add(after.SortName)}, {Add(after.MemberId)})";
        command.CommandText = $"""
            SELECT member_id, family_id, surname, given_names, national_number, birth_date, on_roster
            FROM cmcm_person
            WHERE service_id = {service} AND ({string.Join(" OR ", branches)}){cursor}
            ORDER BY search_name, member_id
            LIMIT {Add(limit)}
            """;
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
