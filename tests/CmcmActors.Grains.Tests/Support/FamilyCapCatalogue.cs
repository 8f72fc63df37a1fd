using System.Text.Json.Nodes;
using CmcmActors.Domain.Catalogue;

namespace CmcmActors.Grains.Tests.Support;

/// <summary>
/// The built-in catalogue plus one family-scoped cap: contact lenses, at most €100 a year for the whole family. The
/// built-in catalogue has no family-scoped cap, so this is how the member → family path of caps gets exercised.
/// </summary>
public static class FamilyCapCatalogue
{
    public const string CapId = "DO.OPTIC.CONTACTS.FAMILY";
    public const string Benefit = "DO.OPTIC.CONTACTS";
    public const decimal Amount = 100m;

    public static CatalogueSet Create()
    {
        var assembly = typeof(CatalogueLoader).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.StartsWith("catalogue/", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        var catalogue = JsonNode.Parse(stream)!.AsObject();
        catalogue["groups"]!.AsArray().Add(new JsonObject
        {
            ["id"] = CapId,
            ["period"] = "year",
            ["amount"] = Amount,
            ["scope"] = "family",
        });
        var contacts = catalogue["benefits"]!.AsArray().Single(b => (string?)b!["code"] == Benefit)!;
        contacts["caps"]!.AsArray().Add(new JsonObject { ["group"] = CapId });
        return new CatalogueSet([CatalogueLoader.Parse(catalogue.ToJsonString(), "family-cap-test")]);
    }
}
