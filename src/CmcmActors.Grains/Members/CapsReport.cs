using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;

namespace CmcmActors.Grains.Members;

/// <summary>
/// Caps used and remaining for a member and a calendar year of care, per cap of the edition in force that year: the
/// member's own caps, then (when the family's totals are given) the family-scoped caps as the family's total, used by
/// every member of it together (<see cref="CapUsage.Family"/>).
/// </summary>
internal static class CapsReport
{
    /// <param name="opening">The member's opening balances (what was used before the import), shown as the rows' <see cref="CapUsage.Opening"/>.</param>
    public static IReadOnlyList<CapUsage> For(string memberId, int year, AccumulatorBook book, CatalogueSet catalogues,
        IReadOnlyList<AccumulatorChange>? opening = null, string? familyId = null, AccumulatorBook? familyBook = null)
    {
        var rows = For(CapScope.Member, memberId, year, book, catalogues, opening);
        return familyId is null || familyBook is null ? rows : [.. rows, .. For(CapScope.Family, familyId, year, familyBook, catalogues, null)];
    }

    private static List<CapUsage> For(CapScope scope, string ownerId, int year, AccumulatorBook book, CatalogueSet catalogues,
        IReadOnlyList<AccumulatorChange>? opening)
    {
        var memberId = ownerId;
        var edition = catalogues.InForceOn(new DateOnly(year, 12, 31)) ?? catalogues.Editions[0];
        var caps = edition.Benefits
            .SelectMany(b => b.Caps.Where(c => c.Accumulates && c.Scope == scope).Select(c => (Cap: c, b.Code)))
            .GroupBy(x => x.Cap.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var result = new List<CapUsage>();
        foreach (var group in caps)
        {
            var cap = group.First().Cap;
            var codes = group.Select(x => x.Code).Distinct().ToArray();
            var used = book.Entries
                .Where(e => e.Key.OwnerId == memberId && e.Key.CapId == cap.Id && (cap.Period != CapPeriod.Year || e.Key.Year == year))
                .ToArray();
            if (used.Length == 0 && cap.Period is CapPeriod.Year or CapPeriod.Lifetime && !cap.PerElement)
            {
                var key = new AccumulatorKey(scope, memberId, cap.Id, cap.Period, cap.Period == CapPeriod.Year ? year : 0, null, null);
                result.Add(Row(cap, codes, key, Usage.None, opening) with { Family = scope == CapScope.Family });
            }

            result.AddRange(used.Select(e => Row(cap, codes, e.Key, e.Value, opening) with { Family = scope == CapScope.Family }));
        }

        return result;
    }

    private static CapUsage Row(CapDefinition cap, string[] codes, AccumulatorKey key, Usage usage, IReadOnlyList<AccumulatorChange>? opening) => new(
        cap.Id, codes, cap.Description, key.ToString(), cap.Amount, usage.Paid,
        cap.Amount is { } limit ? Domain.Money.Money.Max(Domain.Money.Money.Zero, limit - usage.Paid) : null,
        cap.MaxCount, usage.Units)
    {
        Opening = opening?.FirstOrDefault(o => o.Key == key)?.Paid,
    };
}
