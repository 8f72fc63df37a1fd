using System.Collections.Concurrent;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Grains.Payments;

namespace CmcmActors.Grains.Journal;

/// <summary>
/// The embedded default: the journal in this process's memory, one per Orleans service id, so that every silo of an
/// in-process cluster (the tests') sees the same journal, as they would the same database. Rows are kept as JSON,
/// so tests on memory exercise the serialization production uses.
/// </summary>
public sealed class MemoryMemberJournal : IMemberJournal, IStoredClaims, IClaimLists
{
    private static readonly ConcurrentDictionary<string, MemoryMemberJournal> Services = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredMember> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredClaim> _claims = new(StringComparer.Ordinal);
    private readonly MemoryPaymentLedger _ledger;

    private MemoryMemberJournal(MemoryPaymentLedger ledger) => _ledger = ledger;

    /// <summary>The journal of the service: the same object for every silo of the process.</summary>
    public static MemoryMemberJournal For(string serviceId) => Services.GetOrAdd(serviceId, id => new MemoryMemberJournal(MemoryPaymentLedger.For(id)));

    public Task<MemberSnapshot?> LoadAsync(string memberId)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(memberId, out var member))
            {
                return Task.FromResult<MemberSnapshot?>(null);
            }

            return Task.FromResult<MemberSnapshot?>(new MemberSnapshot(
                JournalJson.Read<MemberHead>(member.Head),
                member.Totals.Values.Select(JournalJson.Read<AccumulatorChange>).ToArray(),
                [.. member.ClaimIds]));
        }
    }

    public Task AppendAsync(MemberAppend append)
    {
        var head = JournalJson.Write(append.Head);
        var totals = append.Totals.Select(t => (Key: t.Key.ToString(), Zero: t.Paid.Cents == 0 && t.Units == 0, Json: JournalJson.Write(t))).ToArray();
        var claims = append.Claims.Select(c => (c.Record, Json: JournalJson.Write(c))).ToArray();
        lock (_lock)
        {
            _members.TryGetValue(append.MemberId, out var member);
            if ((member?.Version ?? 0) != append.ExpectedVersion)
            {
                throw new JournalConflictException($"Member {append.MemberId} is at version {member?.Version ?? 0}, not {append.ExpectedVersion}.");
            }

            member ??= _members[append.MemberId] = new StoredMember();
            member.Version = append.Head.Version;
            member.Head = head;
            foreach (var (key, zero, json) in totals)
            {
                if (zero)
                {
                    member.Totals.Remove(key);
                }
                else
                {
                    member.Totals[key] = json;
                }
            }

            foreach (var (record, json) in claims)
            {
                _claims[record.ClaimId] = new StoredClaim(append.MemberId, record.Status, json);
                member.ClaimIds.Add(record.ClaimId);
            }

            // In the same step as the claims: what they make owed is there exactly when they are.
            _ledger.Add(append.Payables);
        }

        return Task.CompletedTask;
    }

    public Task<JournaledClaim?> ReadClaimAsync(string memberId, string claimId)
    {
        lock (_lock)
        {
            return Task.FromResult(_claims.TryGetValue(claimId, out var claim) && claim.MemberId == memberId
                ? JournalJson.Read<JournaledClaim>(claim.Json)
                : null);
        }
    }

    public Task<IReadOnlyList<JournaledClaim>> ReadClaimsAsync(string memberId, ClaimCursor? after = null, int limit = int.MaxValue, bool newestFirst = false)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(memberId, out var member))
            {
                return Task.FromResult<IReadOnlyList<JournaledClaim>>([]);
            }

            var claims = member.ClaimIds.Select(id => JournalJson.Read<JournaledClaim>(_claims[id].Json))
                .Where(c => after is null || (newestFirst ? after.IsAfter(c.Record.History[0].At, c.Record.ClaimId) : after.IsBefore(c.Record.History[0].At, c.Record.ClaimId)));
            var ordered = newestFirst
                ? claims.OrderByDescending(c => ClaimCursor.Truncate(c.Record.History[0].At)).ThenByDescending(c => c.Record.ClaimId, StringComparer.Ordinal)
                : claims.OrderBy(c => ClaimCursor.Truncate(c.Record.History[0].At)).ThenBy(c => c.Record.ClaimId, StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyList<JournaledClaim>>(ordered.Take(limit).ToArray());
        }
    }

    public Task<IReadOnlyList<ClaimRecord>> ReadPendedAsync(ClaimCursor? after = null, int limit = int.MaxValue)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ClaimRecord>>(_claims.Values.Where(c => c.Status == ClaimStatus.Pended)
                .Select(c => JournalJson.Read<JournaledClaim>(c.Json).Record)
                .Where(r => after is null || after.IsBefore(r.History[^1].At, r.ClaimId))
                .OrderBy(r => ClaimCursor.Truncate(r.History[^1].At)).ThenBy(r => r.ClaimId, StringComparer.Ordinal)
                .Take(limit).ToArray());
        }
    }

    public async IAsyncEnumerable<FamilyClaims> ReadFamiliesAsync(DateOnly from, DateOnly to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string[] bodies;
        lock (_lock)
        {
            bodies = [.. _claims.Values.Select(c => c.Json)];
        }

        var families = bodies.Select(b => JournalJson.Read<JournaledClaim>(b).Record)
            .Where(r => ClaimPeriod.ReceivedOn(r) <= to)
            .GroupBy(r => r.Submission.FamilyId, StringComparer.Ordinal)
            .Where(g => g.Any(r => ClaimPeriod.In(r, from, to)))
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var family in families)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new FamilyClaims(family.Key, [.. ClaimPeriod.Order(family)]);
        }
    }

    public Task<int> CountAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_claims.Values.Select(c => JournalJson.Read<JournaledClaim>(c.Json).Record).Count(r => ClaimPeriod.In(r, from, to)));
        }
    }

    public Task<IReadOnlyList<ClaimRecord>> ReadAsync(ClaimListQuery query, ClaimCursor? after, int limit, bool newestFirst)
    {
        lock (_lock)
        {
            var claims = query.MemberIds.Distinct(StringComparer.Ordinal)
                .SelectMany(m => _members.TryGetValue(m, out var member) ? member.ClaimIds : [])
                .Select(id => JournalJson.Read<JournaledClaim>(_claims[id].Json).Record)
                .Where(r => query.Matches(r) && (after is null || (newestFirst ? after.IsAfter(r.History[0].At, r.ClaimId) : after.IsBefore(r.History[0].At, r.ClaimId))));
            var ordered = newestFirst
                ? claims.OrderByDescending(r => ClaimCursor.Truncate(r.History[0].At)).ThenByDescending(r => r.ClaimId, StringComparer.Ordinal)
                : claims.OrderBy(r => ClaimCursor.Truncate(r.History[0].At)).ThenBy(r => r.ClaimId, StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyList<ClaimRecord>>([.. ordered.Take(limit)]);
        }
    }

    public Task<IReadOnlyDictionary<string, long>> ReadPushSequencesAsync(IReadOnlyList<string> memberIds)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, long>>(memberIds.Distinct(StringComparer.Ordinal).ToDictionary(
                m => m, m => _members.TryGetValue(m, out var member) ? JournalJson.Read<MemberHead>(member.Head).PushSequence : 0L, StringComparer.Ordinal));
        }
    }

    private sealed class StoredMember
    {
        public long Version { get; set; }

        public string Head { get; set; } = "";

        public Dictionary<string, string> Totals { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ClaimIds { get; } = new(StringComparer.Ordinal);
    }

    private sealed record StoredClaim(string MemberId, ClaimStatus Status, string Json);
}
