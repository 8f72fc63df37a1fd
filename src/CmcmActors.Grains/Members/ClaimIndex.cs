using CmcmActors.Grains.Journal;

namespace CmcmActors.Grains.Members;

/// <summary>
/// Which claims a member has, without holding them: a 64-bit hash of every claim id (8 bytes a claim, however long the
/// member's history) and the last few claims written, to answer a read right after a decision without a journal read.
/// A miss in the hashes proves the claim is new; a hit (or the rare collision) is settled by reading the journal.
/// </summary>
internal sealed class ClaimIndex(IMemberJournal journal, string memberId)
{
    /// <summary>Claims kept in memory after they were written.</summary>
    public const int RecentClaimsKept = 8;

    private readonly Dictionary<string, JournaledClaim> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private HashSet<long> _ids = [];

    public void Load(IEnumerable<string> claimIds) => _ids = [.. claimIds.Select(IdHash)];

    /// <summary>The claim is durable: known from now on, and kept among the recent ones.</summary>
    public void Written(JournaledClaim claim)
    {
        _ids.Add(IdHash(claim.Record.ClaimId));
        Remember(claim);
    }

    /// <summary>The claim as last written: from memory when recent, else from the journal; null when the member has no such claim.</summary>
    public async Task<JournaledClaim?> FindAsync(string claimId)
    {
        if (_recent.TryGetValue(claimId, out var recent))
        {
            return recent;
        }

        return _ids.Contains(IdHash(claimId)) ? await journal.ReadClaimAsync(memberId, claimId) : null;
    }

    public void Remember(JournaledClaim claim)
    {
        if (_recent.TryAdd(claim.Record.ClaimId, claim))
        {
            _recentOrder.Enqueue(claim.Record.ClaimId);
            while (_recentOrder.Count > RecentClaimsKept && _recentOrder.TryDequeue(out var oldest))
            {
                _recent.Remove(oldest);
            }
        }
        else
        {
            _recent[claim.Record.ClaimId] = claim;
        }
    }

    /// <summary>FNV-1a, 64 bits: stable, cheap, and well spread over ids that differ in their last characters.</summary>
    private static long IdHash(string claimId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in claimId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
