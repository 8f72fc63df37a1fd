using CmcmActors.Domain.Feedback;
using Npgsql;

namespace CmcmActors.Grains.Feedback;

/// <summary>The store as the table cmcm_feedback (deploy/sql/015-member-space.sql), one row per claim.</summary>
public sealed class PostgresFeedbackStore(string connectionString, string serviceId) : IFeedbackStore, IAsyncDisposable
{
    private const string Columns = "claim_id, family_id, member_id, score, text, benefit_codes, given_at";

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<bool> AddAsync(CareFeedback feedback, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO cmcm_feedback (service_id, {Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (service_id, claim_id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feedback.ClaimId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feedback.FamilyId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feedback.MemberId });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)feedback.Score });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)feedback.Text ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. feedback.BenefitCodes] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = feedback.GivenAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<CareFeedback?> GetAsync(string claimId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM cmcm_feedback WHERE service_id = $1 AND claim_id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claimId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<CareFeedback>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM cmcm_feedback WHERE service_id = $1 AND given_at >= $2 AND given_at < $3 ORDER BY given_at");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var given = new List<CareFeedback>();
        while (await reader.ReadAsync(cancellationToken))
        {
            given.Add(Read(reader));
        }

        return given;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static CareFeedback Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt16(3), reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetFieldValue<string[]>(5), reader.GetFieldValue<DateTimeOffset>(6));
}
