using CmcmActors.Contracts.Audit;

namespace CmcmActors.Grains.Audit;

/// <summary>
/// The audit table: the acts that are not claims (family commands, people, statutory cover, catalogue publications),
/// copied from the writer's own durable outbox (<see cref="Families.FamilyState.AuditOutbox"/>) or written by the store
/// that made the change. A claim's acts stay in the claim's journal row, written in the same append as the claim
/// (<see cref="ClaimAuditEntries"/>); <see cref="AuditTrailReader"/> reads both as one trail.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Keeps each entry once by its id: adding an entry that is there already changes nothing.</summary>
    Task AddAsync(IReadOnlyList<AuditEntry> entries);

    /// <summary>
    /// The entries of a family (<paramref name="memberId"/> null) or of a member (any family), newest first, before
    /// <paramref name="before"/>, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(string? familyId, string? memberId, AuditCursor? before, int limit);
}

/// <summary>The embedded default: one table per Orleans service id in this process.</summary>
public sealed class MemoryAuditTrail : IAuditTrail
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MemoryAuditTrail> Services = new(StringComparer.Ordinal);

    private readonly Dictionary<string, AuditEntry> _entries = new(StringComparer.Ordinal);

    public static MemoryAuditTrail For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryAuditTrail());

    public Task AddAsync(IReadOnlyList<AuditEntry> entries)
    {
        lock (_entries)
        {
            foreach (var entry in entries)
            {
                _entries.TryAdd(entry.Id, entry with { At = Contracts.Claims.ClaimCursor.Truncate(entry.At) });
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(string? familyId, string? memberId, AuditCursor? before, int limit)
    {
        lock (_entries)
        {
            IReadOnlyList<AuditEntry> page = [.. _entries.Values
                .Where(e => memberId is not null ? e.MemberId == memberId : e.FamilyId == familyId)
                .Where(e => before is null || before.Precedes(e.At, e.Id))
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(page);
        }
    }
}
