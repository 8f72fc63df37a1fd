using CmcmActors.Domain.Catalogue;

namespace CmcmActors.Cli.ShadowRun;

/// <summary>The built-in editions with a draft edition put in: it replaces the edition with the same effective date, or is added.</summary>
internal sealed record DraftCatalogue(CatalogueSet Catalogues, CatalogueEdition Draft, string? ReplacedEdition)
{
    public static DraftCatalogue Over(CatalogueSet builtIn, CatalogueEdition draft)
    {
        var replaced = builtIn.Editions.FirstOrDefault(e => e.EffectiveFrom == draft.EffectiveFrom);
        var editions = builtIn.Editions.Where(e => e.EffectiveFrom != draft.EffectiveFrom).Append(draft);
        return new DraftCatalogue(new CatalogueSet(editions), draft, replaced?.Edition);
    }
}
