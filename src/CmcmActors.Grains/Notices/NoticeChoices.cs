using Npgsql;

namespace CmcmActors.Grains.Notices;

/// <summary>A member's choice of e-mail notices: where to write and in which language (fr, de, en). Personal data: never logged.</summary>
public sealed record NoticeChoice(string MemberId, string FamilyId, string Email, string Language);

/// <summary>The members who asked for e-mail notices, one choice per member.</summary>
public interface INoticeChoices
{
    Task<NoticeChoice?> GetAsync(string memberId, CancellationToken cancellationToken = default);

    Task SetAsync(NoticeChoice choice, CancellationToken cancellationToken = default);

    /// <summary>Stops the member's notices; false when there were none.</summary>
    Task<bool> RemoveAsync(string memberId, CancellationToken cancellationToken = default);
}

/// <summary>The embedded default: one store per Orleans service id in this process.</summary>
public sealed class MemoryNoticeChoices : INoticeChoices
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MemoryNoticeChoices> Services = new(StringComparer.Ordinal);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NoticeChoice> _choices = new(StringComparer.Ordinal);

    public static MemoryNoticeChoices For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryNoticeChoices());

    public Task<NoticeChoice?> GetAsync(string memberId, CancellationToken cancellationToken = default) => Task.FromResult(_choices.GetValueOrDefault(memberId));

    public Task SetAsync(NoticeChoice choice, CancellationToken cancellationToken = default)
    {
        _choices[choice.MemberId] = choice;
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(string memberId, CancellationToken cancellationToken = default) => Task.FromResult(_choices.TryRemove(memberId, out _));
}

/// <summary>The store as the table cmcm_notice_choice (deploy/sql/015-member-space.sql).</summary>
public sealed class PostgresNoticeChoices(string connectionString, string serviceId) : INoticeChoices, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<NoticeChoice?> GetAsync(string memberId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT family_id, email, language FROM cmcm_notice_choice WHERE service_id = $1 AND member_id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = memberId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new NoticeChoice(memberId, reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public async Task SetAsync(NoticeChoice choice, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO cmcm_notice_choice (service_id, member_id, family_id, email, language, updated_at) VALUES ($1, $2, $3, $4, $5, now())
            ON CONFLICT (service_id, member_id) DO UPDATE SET family_id = EXCLUDED.family_id, email = EXCLUDED.email, language = EXCLUDED.language, updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = choice.MemberId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = choice.FamilyId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = choice.Email });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = choice.Language });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RemoveAsync(string memberId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM cmcm_notice_choice WHERE service_id = $1 AND member_id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = memberId });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
