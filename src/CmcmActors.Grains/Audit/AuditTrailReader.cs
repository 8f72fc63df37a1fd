using CmcmActors.Contracts.Audit;
using CmcmActors.Grains.Journal;

namespace CmcmActors.Grains.Audit;

/// <summary>
/// A member's or a family's whole trail, newest first, page by page: the audit table's entries merged with the acts
/// kept in the claims' journal rows (<see cref="ClaimAuditEntries"/>). A member's trail reads his or her claims'
/// rows (tens a year); a family's, those of every member on its roster.
/// </summary>
public sealed class AuditTrailReader(IAuditTrail trail, IMemberJournal journal)
{
    public const int MaxPage = 200;

    /// <summary>The member's trail (his or her claims and the family commands naming him or her).</summary>
    public async Task<AuditPage> MemberAsync(string memberId, AuditCursor? before, int limit)
    {
        var table = await trail.ReadAsync(null, memberId, before, limit + 1);
        var claims = await ClaimEntriesAsync([memberId], null, before);
        return Page(table.Concat(claims), limit);
    }

    /// <summary>The family's trail: its commands and the claims of <paramref name="memberIds"/> (its roster) made in it.</summary>
    public async Task<AuditPage> FamilyAsync(string familyId, IReadOnlyList<string> memberIds, AuditCursor? before, int limit)
    {
        var table = await trail.ReadAsync(familyId, null, before, limit + 1);
        var claims = await ClaimEntriesAsync(memberIds, familyId, before);
        return Page(table.Concat(claims), limit);
    }

    private async Task<IEnumerable<AuditEntry>> ClaimEntriesAsync(IReadOnlyList<string> memberIds, string? familyId, AuditCursor? before)
    {
        var claims = await Task.WhenAll(memberIds.Select(m => journal.ReadClaimsAsync(m)));
        return claims.SelectMany(c => c)
            .Where(c => familyId is null || c.Record.Submission.FamilyId == familyId)
            .SelectMany(ClaimAuditEntries.Of)
            .Where(e => before is null || before.Precedes(e.At, e.Id));
    }

    private static AuditPage Page(IEnumerable<AuditEntry> entries, int limit)
    {
        var ordered = entries
            .OrderByDescending(e => Contracts.Claims.ClaimCursor.Truncate(e.At)).ThenByDescending(e => e.Id, StringComparer.Ordinal)
            .Take(limit + 1).ToList();
        var more = ordered.Count > limit;
        var page = ordered.Take(limit).ToList();
        return new AuditPage(page, more ? AuditCursor.Of(page[^1]) : null);
    }
}

/// <summary>A page of a trail, newest first, and where the next one starts (null: this was the last).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, AuditCursor? Next);
