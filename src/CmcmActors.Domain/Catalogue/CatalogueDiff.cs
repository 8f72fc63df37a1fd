using CmcmActors.Domain.Affiliation;

namespace CmcmActors.Domain.Catalogue;

/// <summary>What a draft edition changes against another (the edition in force): benefits added, removed and changed.</summary>
public sealed record CatalogueDiff(
    string From,
    string To,
    IReadOnlyList<BenefitSummary> Added,
    IReadOnlyList<BenefitSummary> Removed,
    IReadOnlyList<BenefitChange> Changed)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;

    public static CatalogueDiff Between(CatalogueEdition current, CatalogueEdition draft)
    {
        var added = draft.Benefits.Where(b => !current.TryGet(b.Code, out _)).Select(BenefitSummary.Of);
        var removed = current.Benefits.Where(b => !draft.TryGet(b.Code, out _)).Select(BenefitSummary.Of);
        var changed = draft.Benefits
            .Where(b => current.TryGet(b.Code, out _))
            .Select(b => new BenefitChange(b.Code, b.Tier, Changes(current[b.Code], b)))
            .Where(c => c.Changes.Count > 0);
        return new CatalogueDiff(current.Edition, draft.Edition, Sorted(added), Sorted(removed),
            [.. changed.OrderBy(c => c.Tier).ThenBy(c => c.Code, StringComparer.Ordinal)]);
    }

    private static BenefitSummary[] Sorted(IEnumerable<BenefitSummary> benefits) =>
        [.. benefits.OrderBy(b => b.Tier).ThenBy(b => b.Code, StringComparer.Ordinal)];

    private static List<FieldChange> Changes(Benefit before, Benefit after)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, a, b));
            }
        }

        Compare("title", before.Title, after.Title);
        Compare("tier", before.Tier.ToString(), after.Tier.ToString());
        Compare("category", before.Category.ToString(), after.Category.ToString());
        Compare("topUpOf", before.TopUpOf, after.TopUpOf);
        Compare("elements", string.Join(", ", before.Elements), string.Join(", ", after.Elements));
        Compare("rule", before.Rule.Description, after.Rule.Description);
        foreach (var id in before.Caps.Select(c => c.Id).Union(after.Caps.Select(c => c.Id)).Order(StringComparer.Ordinal))
        {
            Compare($"caps[{id}]", before.Caps.FirstOrDefault(c => c.Id == id)?.Description, after.Caps.FirstOrDefault(c => c.Id == id)?.Description);
        }

        Compare("conditions", string.Join("; ", before.Conditions.Select(c => c.Describe())), string.Join("; ", after.Conditions.Select(c => c.Describe())));
        return changes;
    }
}

public sealed record BenefitSummary(string Code, Tier Tier, string Title)
{
    public static BenefitSummary Of(Benefit benefit) => new(benefit.Code, benefit.Tier, benefit.Title);
}

/// <summary>One benefit present in both editions, and every field that differs (null: absent on that side).</summary>
public sealed record BenefitChange(string Code, Tier Tier, IReadOnlyList<FieldChange> Changes);

public sealed record FieldChange(string Field, string? Before, string? After);
