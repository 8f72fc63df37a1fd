using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace CmcmActors.Host.Documents;

/// <summary>
/// The store as the tables of deploy/sql/012-documents.sql, shared by every host of the cluster. An upload is one
/// transaction under an advisory lock on its owner (member and claim): the count of files held and the inserts see
/// the same rows, so concurrent uploads cannot pass the limit together. Contents stream from the checked temporary
/// file into the parameter and back out of the row (sequential access): a file is never held whole in memory here.
/// </summary>
public sealed class PostgresDocumentStore(string connectionString, string serviceId) : IDocumentStore, IAsyncDisposable
{
    private const string Columns = "document_id, sha256, family_id, member_id, claim_id, type, file_name, content_type, size, sent_by, sent_by_staff, sent_at, confirmed_as, confirmed_by, confirmed_at";

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<DocumentAddResult> AddAsync(DocumentOwner owner, IReadOnlyList<NewDocument> documents, string sentBy, bool sentByStaff, DateTimeOffset at,
        int maxFiles, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockOwner = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockOwner.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"cmcm-document:{serviceId}:{owner.MemberId}:{owner.ClaimId}" });
            await lockOwner.ExecuteNonQueryAsync(cancellationToken);
        }

        var held = await HeldAsync(connection, transaction, owner, cancellationToken);
        var fresh = documents.Select(d => d.Sha256).Distinct(StringComparer.Ordinal).Count(sha => !held.ContainsKey(sha));
        if (held.Count + fresh > maxFiles)
        {
            return new DocumentAddResult(null, held.Count);
        }

        var added = new List<StoredDocument>(documents.Count);
        foreach (var document in documents)
        {
            if (held.TryGetValue(document.Sha256, out var existing))
            {
                added.Add(existing);
                continue;
            }

            await StoreContentAsync(connection, transaction, document, cancellationToken);
            var stored = new StoredDocument(DocumentIds.New(), document.Sha256, owner.FamilyId, owner.MemberId, owner.ClaimId, document.Type, document.FileName,
                document.ContentType, document.Size, sentBy, sentByStaff, at);
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO cmcm_document (service_id, {Columns})
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, NULL, NULL)
                """, connection, transaction);
            AddText(insert, serviceId);
            AddText(insert, stored.DocumentId);
            AddText(insert, stored.Sha256);
            AddText(insert, stored.FamilyId);
            AddText(insert, stored.MemberId);
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)stored.ClaimId ?? DBNull.Value });
            AddText(insert, stored.Type);
            AddText(insert, stored.FileName);
            AddText(insert, stored.ContentType);
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stored.Size });
            AddText(insert, stored.SentBy);
            insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = stored.SentByStaff });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = stored.SentAt });
            await insert.ExecuteNonQueryAsync(cancellationToken);
            held[stored.Sha256] = stored;
            added.Add(stored);
        }

        await transaction.CommitAsync(cancellationToken);
        return new DocumentAddResult(added.DistinctBy(d => d.DocumentId).ToList(), held.Count);
    }

    public Task<IReadOnlyList<StoredDocument>> ListForClaimAsync(string claimId, CancellationToken cancellationToken) =>
        ListAsync("claim_id = $2", claimId, cancellationToken);

    public Task<IReadOnlyList<StoredDocument>> ListWithoutClaimAsync(string memberId, CancellationToken cancellationToken) =>
        ListAsync("claim_id IS NULL AND member_id = $2", memberId, cancellationToken);

    public async Task<StoredDocument?> GetAsync(string documentId, CancellationToken cancellationToken) =>
        (await ListAsync("document_id = $2", documentId, cancellationToken)) is [var document, ..] ? document : null;

    public async Task<bool> CopyContentAsync(string sha256, Stream destination, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT content FROM cmcm_document_content WHERE service_id = $1 AND sha256 = $2");
        AddText(command, serviceId);
        AddText(command, sha256);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        await using var content = await reader.GetStreamAsync(0, cancellationToken);
        await content.CopyToAsync(destination, 81920, cancellationToken);
        return true;
    }

    public async Task<StoredDocument?> ConfirmAsync(string documentId, string requiredDocument, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"""
            UPDATE cmcm_document SET confirmed_as = $3, confirmed_by = $4, confirmed_at = $5
            WHERE service_id = $1 AND document_id = $2
            RETURNING {Columns}
            """);
        AddText(command, serviceId);
        AddText(command, documentId);
        AddText(command, requiredDocument);
        AddText(command, by);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<Dictionary<string, StoredDocument>> HeldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DocumentOwner owner, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {Columns} FROM cmcm_document
            WHERE service_id = $1 AND member_id = $2 AND coalesce(claim_id, '') = $3
            """, connection, transaction);
        AddText(command, serviceId);
        AddText(command, owner.MemberId);
        AddText(command, owner.ClaimId ?? "");
        var held = new Dictionary<string, StoredDocument>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var document = Read(reader);
            held[document.Sha256] = document;
        }

        return held;
    }

    /// <summary>The content once per service: bytes already stored (another member's same file) are not sent again.</summary>
    private async Task StoreContentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewDocument document, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM cmcm_document_content WHERE service_id = $1 AND sha256 = $2", connection, transaction))
        {
            AddText(exists, serviceId);
            AddText(exists, document.Sha256);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        await using var file = new FileStream(document.ContentPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO cmcm_document_content (service_id, sha256, content, size) VALUES ($1, $2, $3, $4)
            ON CONFLICT (service_id, sha256) DO NOTHING
            """, connection, transaction);
        AddText(insert, serviceId);
        AddText(insert, document.Sha256);
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = file, Size = (int)file.Length });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = document.Size });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<StoredDocument>> ListAsync(string condition, string value, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM cmcm_document WHERE service_id = $1 AND {condition} ORDER BY seq");
        AddText(command, serviceId);
        AddText(command, value);
        var documents = new List<StoredDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            documents.Add(Read(reader));
        }

        return documents;
    }

    private static StoredDocument Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetInt64(8), reader.GetString(9), reader.GetBoolean(10),
        reader.GetFieldValue<DateTimeOffset>(11), reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13),
        reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14));

    private static void AddText(NpgsqlCommand command, string value) => command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
}
