using CmcmActors.Contracts.Claims;

namespace CmcmActors.Grains.Audit;

/// <summary>
/// A read of a member's health data by staff: who (token subject and role), when, whose (member, and the family when the
/// route names one), through which route (its pattern, e.g. "GET /api/claims/{memberId}/{invoiceReference}") and the
/// request's trace id. <see cref="Id"/> is a version-7 GUID (time-ordered), unique per read.
/// </summary>
public sealed record HealthDataRead(string Id, DateTimeOffset At, string Subject, string Role, string? MemberId, string? FamilyId, string Route, string? TraceId);

/// <summary>What the admin asks of the read log: any of member, staff user, and a period [from, to).</summary>
public sealed record ReadLogQuery(string? MemberId, string? Subject, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>Where a newest-first page of reads ended.</summary>
public sealed record ReadLogCursor(DateTimeOffset At, string Id)
{
    public bool Precedes(HealthDataRead read)
    {
        var time = ClaimCursor.Truncate(read.At).CompareTo(At);
        return time < 0 || (time == 0 && string.CompareOrdinal(read.Id, Id) < 0);
    }
}

/// <summary>The log of staff reads of health data (memory, or the table cmcm_read_log of deploy/sql/011-audit.sql).</summary>
public interface IReadLog
{
    Task AddAsync(IReadOnlyList<HealthDataRead> reads);

    /// <summary>The reads that match, newest first, before <paramref name="before"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<HealthDataRead>> ReadAsync(ReadLogQuery query, ReadLogCursor? before, int limit);
}

public sealed class MemoryReadLog : IReadLog
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MemoryReadLog> Services = new(StringComparer.Ordinal);

    private readonly Dictionary<string, HealthDataRead> _reads = new(StringComparer.Ordinal);

    public static MemoryReadLog For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryReadLog());

    public Task AddAsync(IReadOnlyList<HealthDataRead> reads)
    {
        lock (_reads)
        {
            foreach (var read in reads)
            {
                _reads.TryAdd(read.Id, read with { At = ClaimCursor.Truncate(read.At) });
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HealthDataRead>> ReadAsync(ReadLogQuery query, ReadLogCursor? before, int limit)
    {
        lock (_reads)
        {
            IReadOnlyList<HealthDataRead> page = [.. _reads.Values
                .Where(r => (query.MemberId is null || r.MemberId == query.MemberId) && (query.Subject is null || r.Subject == query.Subject)
                    && (query.From is null || r.At >= query.From) && (query.To is null || r.At < query.To))
                .Where(r => before is null || before.Precedes(r))
                .OrderByDescending(r => r.At).ThenByDescending(r => r.Id, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(page);
        }
    }
}
