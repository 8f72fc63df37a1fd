using System.Data.Common;
using CmcmActors.Domain.Payments.Accounts;
using Npgsql;
using NpgsqlTypes;

namespace CmcmActors.Grains.Payments;

/// <summary>
/// Members' bank accounts as the table cmcm_bank_account (deploy/sql/009-accounts.sql), shared by every host. A request
/// is one INSERT that the partial unique index <c>cmcm_bank_account_one_pending</c> lets through once per member; a
/// decision locks the request row (FOR UPDATE), so of any number of concurrent confirmations on any host one finds it
/// pending and the others find it decided; confirming replaces the account in force in the same transaction.
/// </summary>
public sealed class PostgresBankAccountStore(string connectionString, string serviceId) : IBankAccountStore, IAsyncDisposable
{
    private const string Columns = """
        account_id, family_id, member_id, iban, bic, holder_name, state, requested_by, requested_role, requested_at, decided_by,
        decided_at, refusal_reason, valid_from, valid_to, flag_code, flag_reason, flagged_at
        """;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<IReadOnlyList<BankAccount>> ForMemberAsync(string memberId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {Columns} FROM cmcm_bank_account WHERE service_id = $1 AND member_id = $2 ORDER BY requested_at, account_id");
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(memberId));
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<BankAccount?> GetAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM cmcm_bank_account WHERE service_id = $1 AND account_id = $2");
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(accountId));
        return await ReadAllAsync(command, cancellationToken) is [var first, ..] ? first : null;
    }

    public async Task<IReadOnlyList<BankAccount>> PendingAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {Columns} FROM cmcm_bank_account WHERE service_id = $1 AND state = 0 ORDER BY requested_at, account_id LIMIT $2");
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<BankAccount?> AddRequestAsync(BankAccount request, CancellationToken cancellationToken = default)
    {
        // The partial unique index on pending requests decides between concurrent requests of one member; the loser
        // reads the winner. A conflict on the primary key (an id used twice) is a bug and is thrown.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using (var insert = _dataSource.CreateCommand($"""
                INSERT INTO cmcm_bank_account (service_id, {Columns})
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
                ON CONFLICT (service_id, member_id) WHERE state = 0 DO NOTHING
                """))
            {
                insert.Parameters.Add(Text(serviceId));
                AddValues(insert, request);
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    return null;
                }
            }

            if ((await ForMemberAsync(request.MemberId, cancellationToken)).FirstOrDefault(a => a.State == BankAccountState.Pending) is { } waiting)
            {
                return waiting;
            }
        }

        throw new InvalidOperationException($"The request of member {request.MemberId} kept crossing decisions of another one; try again.");
    }

    public async Task<bool> DecideAsync(BankAccount decided, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockRow = new NpgsqlCommand(
            "SELECT state FROM cmcm_bank_account WHERE service_id = $1 AND account_id = $2 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.Add(Text(serviceId));
            lockRow.Parameters.Add(Text(decided.AccountId));
            if (await lockRow.ExecuteScalarAsync(cancellationToken) is not short state || state != (short)BankAccountState.Pending)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        if (decided.State == BankAccountState.Confirmed)
        {
            await using var replace = new NpgsqlCommand(
                "UPDATE cmcm_bank_account SET state = 2, valid_to = $3 WHERE service_id = $1 AND member_id = $2 AND state = 1", connection, transaction);
            replace.Parameters.Add(Text(serviceId));
            replace.Parameters.Add(Text(decided.MemberId));
            replace.Parameters.Add(Time(decided.ValidFrom));
            await replace.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var update = new NpgsqlCommand("""
            UPDATE cmcm_bank_account SET state = $3, decided_by = $4, decided_at = $5, refusal_reason = $6, valid_from = $7
            WHERE service_id = $1 AND account_id = $2
            """, connection, transaction))
        {
            update.Parameters.Add(Text(serviceId));
            update.Parameters.Add(Text(decided.AccountId));
            update.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)decided.State });
            update.Parameters.Add(Text(decided.DecidedBy));
            update.Parameters.Add(Time(decided.DecidedAt));
            update.Parameters.Add(Text(decided.RefusalReason));
            update.Parameters.Add(Time(decided.ValidFrom));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> FlagAsync(string accountId, string reasonCode, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE cmcm_bank_account SET flag_code = $3, flag_reason = $4, flagged_at = $5 WHERE service_id = $1 AND account_id = $2");
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(accountId));
        command.Parameters.Add(Text(reasonCode));
        command.Parameters.Add(Text(reason));
        command.Parameters.Add(Time(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    internal static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    internal static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    internal static DateTimeOffset? TimeOrNull(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    internal static string? TextOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void AddValues(NpgsqlCommand command, BankAccount a)
    {
        command.Parameters.Add(Text(a.AccountId));
        command.Parameters.Add(Text(a.FamilyId));
        command.Parameters.Add(Text(a.MemberId));
        command.Parameters.Add(Text(a.Iban));
        command.Parameters.Add(Text(a.Bic));
        command.Parameters.Add(Text(a.HolderName));
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)a.State });
        command.Parameters.Add(Text(a.RequestedBy));
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)a.RequestedRole });
        command.Parameters.Add(Time(a.RequestedAt));
        command.Parameters.Add(Text(a.DecidedBy));
        command.Parameters.Add(Time(a.DecidedAt));
        command.Parameters.Add(Text(a.RefusalReason));
        command.Parameters.Add(Time(a.ValidFrom));
        command.Parameters.Add(Time(a.ValidTo));
        command.Parameters.Add(Text(a.FlagCode));
        command.Parameters.Add(Text(a.FlagReason));
        command.Parameters.Add(Time(a.FlaggedAt));
    }

    private static async Task<IReadOnlyList<BankAccount>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var accounts = new List<BankAccount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(new BankAccount(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), TextOrNull(reader, 4),
                reader.GetString(5), (BankAccountState)reader.GetInt16(6), reader.GetString(7), (AccountActorRole)reader.GetInt16(8),
                reader.GetFieldValue<DateTimeOffset>(9), TextOrNull(reader, 10), TimeOrNull(reader, 11), TextOrNull(reader, 12),
                TimeOrNull(reader, 13), TimeOrNull(reader, 14), TextOrNull(reader, 15), TextOrNull(reader, 16), TimeOrNull(reader, 17)));
        }

        return accounts;
    }
}
