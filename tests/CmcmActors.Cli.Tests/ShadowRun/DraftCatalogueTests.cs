using CmcmActors.Cli.Tests.Support;
using CmcmActors.Domain.Catalogue;

namespace CmcmActors.Cli.Tests.ShadowRun;

public sealed class DraftCatalogueTests
{
    private static string BuiltInText()
    {
        using var stream = typeof(CatalogueSet).Assembly.GetManifestResourceStream("catalogue/cmcm-2026-07-01.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The shadow-run example must isolate one change. When the 2026 edition changes, copy it again to
    /// catalogue/drafts/cmcm-2026-07-01-draft-altmed150.json and change only its edition, description and the
    /// amount of RC.ALTMED.YEAR.
    /// </summary>
    [Fact]
    public void AltMedDraft_IsThe2026EditionWithOnlyItsNameAndTheRcAltMedGroupCapChanged()
    {
        var builtIn = BuiltInText().Split('\n');
        var draft = File.ReadAllText(Cmcm.Draft("cmcm-2026-07-01-draft-altmed150.json")).Split('\n');

        Assert.Equal(builtIn.Length, draft.Length);
        var changed = builtIn.Zip(draft).Where(pair => pair.First != pair.Second).Select(pair => pair.Second.Trim()).ToArray();
        Assert.Equal(3, changed.Length);
        Assert.StartsWith("\"edition\": \"2026-07-draft-altmed150\",", changed[0], StringComparison.Ordinal);
        Assert.StartsWith("\"description\": \"DRAFT for a shadow run", changed[1], StringComparison.Ordinal);
        Assert.StartsWith("{ \"id\": \"RC.ALTMED.YEAR\", \"period\": \"year\", \"amount\": 150.00,", changed[2], StringComparison.Ordinal);
    }

    [Fact]
    public void AltMedDraft_LoadsWithTheSameEffectiveDateAndAGroupCapOf150()
    {
        var draft = CatalogueLoader.LoadFile(Cmcm.Draft("cmcm-2026-07-01-draft-altmed150.json"));

        Assert.Equal(new DateOnly(2026, 7, 1), draft.EffectiveFrom);
        var groupCap = draft["RC.ALTMED"].Caps.Single(c => c.Id == "RC.ALTMED.YEAR");
        Assert.Equal(Domain.Money.Money.FromEuros(150.00m), groupCap.Amount);
    }
}
