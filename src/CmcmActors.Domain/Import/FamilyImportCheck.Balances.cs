using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;

namespace CmcmActors.Domain.Import;

/// <summary>Opening balances: what each member and family had used of every cap when the CMCM's old system stopped.</summary>
public static partial class FamilyImportCheck
{
    private static readonly Dictionary<string, CapScope> Scopes = new(StringComparer.Ordinal)
    {
        ["member"] = CapScope.Member,
        ["family"] = CapScope.Family,
    };

    private static readonly Dictionary<string, CapPeriod> Periods = new(StringComparer.Ordinal)
    {
        ["year"] = CapPeriod.Year,
        ["lifetime"] = CapPeriod.Lifetime,
        ["incident"] = CapPeriod.Incident,
        ["trip"] = CapPeriod.Trip,
    };

    private static void ReadBalances(IReadOnlyList<ImportRow> rows, CatalogueSet catalogue, Dictionary<string, Draft> drafts, Dictionary<string, string> memberFamily,
        List<ImportError> errors, HashSet<string> bad)
    {
        var seen = new Dictionary<AccumulatorKey, int>();
        foreach (var row in rows)
        {
            var f = new ImportFields(row, errors);
            var scope = f.Choice("scope", Scopes);
            var ownerId = f.Id("owner_id");
            var capId = f.Text("cap_id");
            var period = f.Choice("period", Periods);
            var paid = f.Euros("paid");
            var units = f.Int("units", 0, 10_000, required: false) ?? 0;
            Draft? draft = null;
            if (scope is { } s && ownerId is not null)
            {
                var familyId = s == CapScope.Family ? ownerId : memberFamily.GetValueOrDefault(ownerId);
                if (familyId is null || !drafts.TryGetValue(familyId, out draft))
                {
                    f.Error("owner_id", s == CapScope.Family ? $"Family {ownerId} is not in {ImportFiles.Families}." : $"Member {ownerId} is not in {ImportFiles.Members}.");
                }
            }

            var key = scope is { } sc && ownerId is not null && capId is not null && period is { } p ? KeyOf(f, catalogue, sc, ownerId, capId, p, paid, units) : null;
            if (key is { } k)
            {
                if (seen.TryGetValue(k, out var line))
                {
                    f.Error("cap_id", $"The opening balance of this cap and period is already on line {line}.");
                }
                else
                {
                    seen[k] = row.Line;
                }
            }

            if (draft is null)
            {
                continue;
            }

            draft.Rows.Add(row);
            if (f.ErrorCount > 0 || key is null)
            {
                bad.Add(draft.Family.FamilyId);
                continue;
            }

            var change = new AccumulatorChange(key.Value, paid!.Value, units);
            if (scope == CapScope.Family)
            {
                draft.FamilyOpening.Add(change);
            }
            else
            {
                var opening = draft.Opening.TryGetValue(ownerId!, out var list) ? list : draft.Opening[ownerId!] = [];
                opening.Add(change);
            }
        }
    }

    /// <summary>The accumulator the row opens, checked against the cap's definition in the catalogue; null (errors recorded) when it is wrong.</summary>
    private static AccumulatorKey? KeyOf(ImportFields f, CatalogueSet catalogue, CapScope scope, string ownerId, string capId, CapPeriod period, Money.Money? paid, int units)
    {
        var year = period == CapPeriod.Year ? f.Int("year", 2000, 2200) : null;
        if (period == CapPeriod.Year && year is null)
        {
            return null;
        }

        var cap = CapOf(catalogue, capId, year);
        if (cap is null)
        {
            var benefit = capId.Split('/')[0];
            f.Error("cap_id", catalogue.IsKnownCode(benefit)
                ? $"Benefit {benefit} has no cap {capId} in the catalogue."
                : $"Unknown benefit or cap: {capId} is in no edition of the catalogue.");
            return null;
        }

        var before = f.ErrorCount;
        if (cap.Scope != scope)
        {
            f.Error("scope", $"Cap {capId} is counted per {(cap.Scope == CapScope.Family ? "family" : "member")}.");
        }

        if (cap.Period != period)
        {
            f.Error("period", $"Cap {capId} runs per {cap.Period.ToString().ToLowerInvariant()}.");
        }

        var periodId = period is CapPeriod.Incident or CapPeriod.Trip ? f.Id("period_id") : null;
        var element = cap.PerElement ? f.Id("element") : null;
        if (!cap.PerElement && f.Row["element"] is not null)
        {
            f.Error("element", $"Cap {capId} is not counted per element.");
        }

        if (paid is { } amount && cap.Amount is { } limit && amount > limit)
        {
            f.Error("paid", $"The balance {amount.ToDisplayString()} is over the cap of {limit.ToDisplayString()}.");
        }

        if (cap.MaxCount is { } count && units > count)
        {
            f.Error("units", $"The balance of {units} unit(s) is over the cap of {count}.");
        }

        return f.ErrorCount > before || (period is CapPeriod.Incident or CapPeriod.Trip && periodId is null) || (cap.PerElement && element is null)
            ? null
            : new AccumulatorKey(scope, ownerId, capId, period, year ?? 0, periodId, element);
    }

    /// <summary>The cap as the edition in force at the end of the year defines it (for lifetime caps: the latest edition), or null.</summary>
    private static CapDefinition? CapOf(CatalogueSet catalogue, string capId, int? year)
    {
        var edition = year is { } y ? catalogue.InForceOn(new DateOnly(y, 12, 31)) ?? catalogue.Editions[0] : catalogue.Editions[^1];
        return Find(edition) ?? catalogue.Editions.Select(Find).FirstOrDefault(c => c is not null);

        CapDefinition? Find(CatalogueEdition e) => e.Benefits.SelectMany(b => b.Caps).FirstOrDefault(c => c.Id == capId && c.Accumulates);
    }
}
