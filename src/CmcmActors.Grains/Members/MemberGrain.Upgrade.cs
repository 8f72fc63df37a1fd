using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Grains.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace CmcmActors.Grains.Members;

/// <summary>The upgrade of a member stored by the version before the journal.</summary>
public sealed partial class MemberGrain
{
    /// <summary>
    /// A member stored by the previous version (one state row rewritten whole, older claims on archive pages) is moved
    /// into the journal on its first activation: one append of everything, then the old row is cleared. A crash in
    /// between leaves the old row, and the journal, which wins from then on.
    /// </summary>
    private async Task<MemberSnapshot?> MigrateLegacyStateAsync()
    {
        var storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(CmcmStorage.ProviderName);
        var legacy = new GrainState<LegacyMemberState>(new LegacyMemberState());
        await storage.ReadStateAsync("member", this.GetGrainId(), legacy);
        if (!legacy.RecordExists || legacy.State is not { } old)
        {
            return null;
        }

        var claims = new Dictionary<string, ClaimRecord>(old.Claims, StringComparer.Ordinal);
        var movements = new List<CapMovement>(old.Audit);
        for (var page = 0; page < old.ArchivePages; page++)
        {
            var archived = await GrainFactory.GetGrain<IMemberArchiveGrain>(GrainKeys.MemberArchive(MemberId, page)).GetAsync();
            foreach (var claim in archived.Claims.Where(c => old.Archived.TryGetValue(c.ClaimId, out var at) && at == page))
            {
                claims[claim.ClaimId] = claim;
                movements.AddRange(archived.Movements.Where(m => m.ClaimId == claim.ClaimId));
            }
        }

        var byClaim = movements.GroupBy(m => m.ClaimId).ToDictionary(g => g.Key, g => g.OrderBy(m => m.At).ToArray(), StringComparer.Ordinal);
        var journaled = claims.Values.Select(c => new JournaledClaim(c, byClaim.TryGetValue(c.ClaimId, out var m) ? m : [])).ToArray();
        var head = new MemberHead(1, old.FamilyId, old.StatutoryPeriods, journaled.Length, journaled.Sum(c => c.Record.TotalPaid.Cents));
        await journal.AppendAsync(new MemberAppend(MemberId, 0, head, old.Usage, journaled));
        await storage.ClearStateAsync("member", this.GetGrainId(), legacy);
        LogMigrated(logger, MemberId, journaled.Length);
        foreach (var claim in journaled)
        {
            _claims.Remember(claim);
        }

        return new MemberSnapshot(head, old.Usage, [.. claims.Keys]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId}: moved {Count} claim(s) from the previous storage layout into the journal")]
    private static partial void LogMigrated(ILogger logger, string memberId, int count);
}
