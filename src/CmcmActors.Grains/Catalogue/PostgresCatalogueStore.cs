using System.Text.Json;
using CmcmActors.Contracts.Catalogue;
using Npgsql;

namespace CmcmActors.Grains.Catalogue;

/// <summary>The catalogue store on PostgreSQL (tables of deploy/sql/006-catalogue.sql).</summary>
public sealed class PostgresCatalogueStore(string connectionString, string serviceId) : ICatalogueStore, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<ReferenceSnapshot> LoadAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        var editions = new List<PublishedEdition>();
        var withdrawn = new List<WithdrawnEdition>();
        await using (var command = new NpgsqlCommand(
            "SELECT edition, effective_from, body, published_at, published_by, draft_id, withdrawn_at, withdrawn_by, withdrawal_reason " +
            "FROM cmcm_catalogue_edition WHERE service_id = $1 ORDER BY effective_from, published_at", connection))
        {
            command.Parameters.AddWithValue(serviceId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var edition = new PublishedEdition(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), reader.GetString(5));
                if (reader.IsDBNull(6))
                {
                    editions.Add(edition);
                }
                else
                {
                    withdrawn.Add(new WithdrawnEdition(edition, reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), reader.GetString(8)));
                }
            }
        }

        IReadOnlyList<ProcessingTimeRow> times = [];
        long revision = 0;
        await using (var command = new NpgsqlCommand("SELECT revision, body FROM cmcm_processing_time WHERE service_id = $1", connection))
        {
            command.Parameters.AddWithValue(serviceId);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                revision = reader.GetInt64(0);
                times = JsonSerializer.Deserialize<ProcessingTimeRow[]>(reader.GetString(1), Json) ?? [];
            }
        }

        return new ReferenceSnapshot(editions.Count + 2 * withdrawn.Count + revision, editions, times) { Withdrawn = withdrawn };
    }

    public async Task<bool> PublishAsync(PublishedEdition edition)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var mark = new NpgsqlCommand(
            "UPDATE cmcm_catalogue_draft SET published_from = $3 WHERE service_id = $1 AND draft_id = $2 AND published_from IS NULL", connection, transaction))
        {
            mark.Parameters.AddWithValue(serviceId);
            mark.Parameters.AddWithValue(edition.DraftId);
            mark.Parameters.AddWithValue(edition.EffectiveFrom);
            if (await mark.ExecuteNonQueryAsync() != 1)
            {
                return false;
            }
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO cmcm_catalogue_edition (service_id, edition, effective_from, body, published_at, published_by, draft_id) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING", connection, transaction))
        {
            insert.Parameters.AddWithValue(serviceId);
            insert.Parameters.AddWithValue(edition.Edition);
            insert.Parameters.AddWithValue(edition.EffectiveFrom);
            insert.Parameters.AddWithValue(edition.Json);
            insert.Parameters.AddWithValue(edition.PublishedAt);
            insert.Parameters.AddWithValue(edition.PublishedBy);
            insert.Parameters.AddWithValue(edition.DraftId);
            if (await insert.ExecuteNonQueryAsync() != 1)
            {
                return false;
            }
        }

        await transaction.CommitAsync();
        return true;
    }

    public async Task SaveProcessingTimesAsync(IReadOnlyList<ProcessingTimeRow> rows, long revision, string by)
    {
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO cmcm_processing_time (service_id, revision, body, updated_at, updated_by) VALUES ($1, $2, $3, now(), $4) " +
            "ON CONFLICT (service_id) DO UPDATE SET revision = EXCLUDED.revision, body = EXCLUDED.body, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by " +
            "WHERE cmcm_processing_time.revision < EXCLUDED.revision");
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(revision);
        command.Parameters.AddWithValue(JsonSerializer.Serialize(rows, Json));
        command.Parameters.AddWithValue(by);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<bool> WithdrawAsync(WithdrawnEdition withdrawal)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        string draftId;
        await using (var mark = new NpgsqlCommand(
            "UPDATE cmcm_catalogue_edition SET withdrawn_at = $3, withdrawn_by = $4, withdrawal_reason = $5 " +
            "WHERE service_id = $1 AND lower(edition) = lower($2) AND withdrawn_at IS NULL RETURNING draft_id", connection, transaction))
        {
            mark.Parameters.AddWithValue(serviceId);
            mark.Parameters.AddWithValue(withdrawal.Edition.Edition);
            mark.Parameters.AddWithValue(withdrawal.WithdrawnAt);
            mark.Parameters.AddWithValue(withdrawal.WithdrawnBy);
            mark.Parameters.AddWithValue(withdrawal.Reason);
            if (await mark.ExecuteScalarAsync() is not string id)
            {
                return false;
            }

            draftId = id;
        }

        await using (var draft = new NpgsqlCommand("UPDATE cmcm_catalogue_draft SET published_from = NULL WHERE service_id = $1 AND draft_id = $2", connection, transaction))
        {
            draft.Parameters.AddWithValue(serviceId);
            draft.Parameters.AddWithValue(draftId);
            await draft.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return true;
    }

    public async Task<DraftDeletion> DeleteDraftAsync(string draftId)
    {
        await using var command = _dataSource.CreateCommand(
            "WITH gone AS (DELETE FROM cmcm_catalogue_draft WHERE service_id = $1 AND draft_id = $2 AND published_from IS NULL RETURNING 1) " +
            "SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM cmcm_catalogue_draft WHERE service_id = $1 AND draft_id = $2)");
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(draftId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0) == 1 ? DraftDeletion.Deleted : reader.GetInt64(1) == 1 ? DraftDeletion.Published : DraftDeletion.NotFound;
    }

    public async Task AddDraftAsync(StoredDraft draft)
    {
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO cmcm_catalogue_draft (service_id, draft_id, edition, effective_from, benefit_count, body, uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(draft.DraftId);
        command.Parameters.AddWithValue(draft.Edition);
        command.Parameters.AddWithValue(draft.EffectiveFrom);
        command.Parameters.AddWithValue(draft.BenefitCount);
        command.Parameters.AddWithValue(draft.Json);
        command.Parameters.AddWithValue(draft.UploadedAt);
        command.Parameters.AddWithValue(draft.UploadedBy);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<StoredDraft?> GetDraftAsync(string draftId)
    {
        var drafts = await ReadDraftsAsync(
            "SELECT draft_id, edition, effective_from, benefit_count, body, uploaded_at, uploaded_by, published_from FROM cmcm_catalogue_draft WHERE service_id = $1 AND draft_id = $2",
            draftId);
        return drafts.Count == 0 ? null : drafts[0];
    }

    public Task<IReadOnlyList<StoredDraft>> ListDraftsAsync(StoredDraft? after = null, int limit = int.MaxValue) => after is null
        ? ReadDraftsAsync(
            "SELECT draft_id, edition, effective_from, benefit_count, '', uploaded_at, uploaded_by, published_from FROM cmcm_catalogue_draft WHERE service_id = $1 " +
            "ORDER BY uploaded_at DESC, draft_id LIMIT $2", (long)limit)
        : ReadDraftsAsync(
            "SELECT draft_id, edition, effective_from, benefit_count, '', uploaded_at, uploaded_by, published_from FROM cmcm_catalogue_draft WHERE service_id = $1 " +
            "AND (uploaded_at < $3 OR (uploaded_at = $3 AND draft_id > $4)) ORDER BY uploaded_at DESC, draft_id LIMIT $2", (long)limit, after.UploadedAt, after.DraftId);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<IReadOnlyList<StoredDraft>> ReadDraftsAsync(string sql, params object[] arguments)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(serviceId);
        foreach (var argument in arguments)
        {
            command.Parameters.AddWithValue(argument);
        }

        var drafts = new List<StoredDraft>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            drafts.Add(new StoredDraft(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7)));
        }

        return drafts;
    }
}
