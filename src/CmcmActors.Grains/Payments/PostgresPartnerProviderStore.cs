using CmcmActors.Domain.Payments.Accounts;
using Npgsql;
using static CmcmActors.Grains.Payments.PostgresBankAccountStore;

namespace CmcmActors.Grains.Payments;

/// <summary>
/// Partner providers as the table cmcm_partner_provider (deploy/sql/009-accounts.sql). A save is conditional on the row
/// read before it (its account revision and time of update), so two admins editing at once cannot lose a change.
/// </summary>
public sealed class PostgresPartnerProviderStore(string connectionString, string serviceId) : IPartnerProviderStore, IAsyncDisposable
{
    private const string Columns = "provider_id, name, country, iban, bic, account_revision, updated_by, updated_at, flag_code, flag_reason, flagged_at";

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<IReadOnlyList<PartnerProvider>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM cmcm_partner_provider WHERE service_id = $1 ORDER BY provider_id");
        command.Parameters.Add(Text(serviceId));
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<PartnerProvider?> GetAsync(string providerId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM cmcm_partner_provider WHERE service_id = $1 AND provider_id = $2");
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(providerId));
        return await ReadAllAsync(command, cancellationToken) is [var first, ..] ? first : null;
    }

    public async Task<bool> SaveAsync(PartnerProvider provider, PartnerProvider? expected, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(expected is null
            ? $"""
              INSERT INTO cmcm_partner_provider (service_id, {Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
              ON CONFLICT (service_id, provider_id) DO NOTHING
              """
            : """
              UPDATE cmcm_partner_provider SET name = $3, country = $4, iban = $5, bic = $6, account_revision = $7, updated_by = $8,
                  updated_at = $9, flag_code = $10, flag_reason = $11, flagged_at = $12
              WHERE service_id = $1 AND provider_id = $2 AND account_revision = $13 AND updated_at = $14
              """);
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(provider.ProviderId));
        command.Parameters.Add(Text(provider.Name));
        command.Parameters.Add(Text(provider.Country));
        command.Parameters.Add(Text(provider.Iban));
        command.Parameters.Add(Text(provider.Bic));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = provider.AccountRevision });
        command.Parameters.Add(Text(provider.UpdatedBy));
        command.Parameters.Add(Time(provider.UpdatedAt));
        command.Parameters.Add(Text(provider.FlagCode));
        command.Parameters.Add(Text(provider.FlagReason));
        command.Parameters.Add(Time(provider.FlaggedAt));
        if (expected is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = expected.AccountRevision });
            command.Parameters.Add(Time(expected.UpdatedAt));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> FlagAsync(string accountId, string reasonCode, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE cmcm_partner_provider SET flag_code = $2, flag_reason = $3, flagged_at = $4
            WHERE service_id = $1 AND 'PA-' || provider_id || '-' || account_revision = $5
            """);
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(reasonCode));
        command.Parameters.Add(Text(reason));
        command.Parameters.Add(Time(at));
        command.Parameters.Add(Text(accountId));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task<IReadOnlyList<PartnerProvider>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var providers = new List<PartnerProvider>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            providers.Add(new PartnerProvider(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), TextOrNull(reader, 8), TextOrNull(reader, 9),
                TimeOrNull(reader, 10)));
        }

        return providers;
    }
}
