using System.Collections.Concurrent;

namespace CmcmActors.Grains.People;

/// <summary>The embedded default: one index per Orleans service id in this process (every silo of a test cluster shares it).</summary>
public sealed class MemoryPeopleIndex : IPeopleIndex
{
    private static readonly ConcurrentDictionary<string, MemoryPeopleIndex> Services = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, PersonEntry> _entries = new(StringComparer.Ordinal);

    public static MemoryPeopleIndex For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryPeopleIndex());

    public Task UpsertAsync(IReadOnlyList<PersonEntry> entries)
    {
        foreach (var entry in entries)
        {
            _entries[entry.MemberId] = entry;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PersonEntry>> SearchAsync(PeopleQuery query, PeopleCursor? after, int limit)
    {
        IReadOnlyList<PersonEntry> page = _entries.Values
            .Where(query.Matches)
            .Select(e => (Entry: e, Sort: e.SortName))
            .Where(e => after is null || Compare(e.Sort, e.Entry.MemberId, after) > 0)
            .OrderBy(e => e.Sort, StringComparer.Ordinal).ThenBy(e => e.Entry.MemberId, StringComparer.Ordinal)
            .Take(limit)
            .Select(e => e.Entry)
            .ToArray();
        return Task.FromResult(page);
    }

    private static int Compare(string sort, string memberId, PeopleCursor after)
    {
        var bySort = string.CompareOrdinal(sort, after.SortName);
        return bySort != 0 ? bySort : string.CompareOrdinal(memberId, after.MemberId);
    }
}
