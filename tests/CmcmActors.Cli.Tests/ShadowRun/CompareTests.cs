using CmcmActors.Cli.Tests.Support;

namespace CmcmActors.Cli.Tests.ShadowRun;

/// <summary>The actuary's shadow run: the scenario under the built-in catalogue and under a draft edition.</summary>
public sealed class CompareTests
{
    private const string AltMedDraft = "cmcm-2026-07-01-draft-altmed150.json";

    [Fact]
    public void AltMedGroupCap150_PaysThirtyMore_RcPlusFiftyPpMinusTwenty()
    {
        var run = Cmcm.Run("replay", Cmcm.Scenario("altmed-year-caps.json"), "--catalogue", Cmcm.Draft(AltMedDraft), "--compare", "--json");

        Assert.Equal((0, ""), (run.ExitCode, run.Err));
        var summary = run.Json.GetProperty("summary");
        Assert.Equal(("260.00", "290.00", "30.00"),
            (summary.GetProperty("netBefore").GetRawText(), summary.GetProperty("netAfter").GetRawText(), summary.GetProperty("netDifference").GetRawText()));
        Assert.Equal((50.00m, -20.00m), (summary.Euros("netDifferenceByTier", "RC"), summary.Euros("netDifferenceByTier", "PP")));
        Assert.Equal((2, 5), (summary.GetProperty("linesChanged").GetInt32(), summary.GetProperty("lines").GetInt32()));
        Assert.Equal("2026-07", run.Json.GetProperty("replacedEdition").GetString());
    }

    [Fact]
    public void AltMedGroupCap150_Table_ShowsEachChangedLineAndTheTotalDifference()
    {
        var run = Cmcm.Run("replay", Cmcm.Scenario("altmed-year-caps.json"), "--catalogue", Cmcm.Draft(AltMedDraft), "--compare");
        var rows = run.Out.Split('\n');

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("C-ALT-3      1  2026-11-20  RC.ALTMED             acupuncture    50.00   60.00      +10.00  RC 0.00 → 50.00; PP 50.00 → 10.00; paid, limited by a cap → paid", rows);
        Assert.Contains("C-ALT-4      1  2026-12-30  RC.ALTMED             osteopathy     30.00   50.00      +20.00  PP 30.00 → 50.00", rows);
        Assert.Contains("C-ALT-4      2  2027-01-02  RC.ALTMED             osteopathy     60.00   60.00", rows);
        Assert.Contains(
            "Summary: 2 of 5 line(s) change, 1 line outcome(s) and 1 claim outcome(s) change; net paid 260.00 → 290.00 (difference +30.00: RC +50.00, PP -20.00).",
            rows);
    }

    [Fact]
    public void DraftWithANewEffectiveDate_IsAddedAsAnEdition_AndChangesOnlyCareFromThatDate()
    {
        var text = File.ReadAllText(Cmcm.Draft(AltMedDraft))
            .Replace("\"effectiveFrom\": \"2026-07-01\"", "\"effectiveFrom\": \"2027-01-01\"", StringComparison.Ordinal)
            .Replace("\"caps\": [ { \"period\": \"unit\", \"amount\": 50.00 }, { \"group\": \"RC.ALTMED.YEAR\" } ]",
                "\"caps\": [ { \"period\": \"unit\", \"amount\": 60.00 }, { \"group\": \"RC.ALTMED.YEAR\" } ]", StringComparison.Ordinal);
        using var draft = new TempFile(text, "draft-2027.json");

        var run = Cmcm.Run("replay", Cmcm.Scenario("altmed-year-caps.json"), "--catalogue", draft.Path, "--compare", "--json");

        Assert.Equal((0, ""), (run.ExitCode, run.Err));
        Assert.False(run.Json.TryGetProperty("replacedEdition", out _));
        Assert.Equal(2, run.Json.GetProperty("catalogueAfter").GetArrayLength());
        var changed = run.Json.GetProperty("claims").EnumerateArray().SelectMany(c => c.GetProperty("lines").EnumerateArray())
            .Where(l => l.GetProperty("changes").GetBoolean()).ToArray();
        var line = Assert.Single(changed);
        Assert.Equal("2027-01-02", line.GetProperty("dateOfCare").GetString());
        Assert.Equal((50.00m, 10.00m, 60.00m, 0.00m),
            (line.Euros("paidBefore", "RC"), line.Euros("paidBefore", "PP"), line.Euros("paidAfter", "RC"), line.Euros("paidAfter", "PP")));
        Assert.Equal("0.00", run.Json.GetProperty("summary").GetProperty("netDifference").GetRawText());
    }

    [Fact]
    public void DraftThatChangesNothingTheScenarioUses_ReportsNoDifference()
    {
        var run = Cmcm.Run("replay", Cmcm.Scenario("brochure-implants.json"), "--catalogue", Cmcm.Draft(AltMedDraft), "--compare", "--table");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(
            "Summary: 0 of 1 line(s) change, 0 line outcome(s) and 0 claim outcome(s) change; net paid 1300.00 → 1300.00 (difference 0.00).",
            run.Out.Split('\n'));
    }

    [Fact]
    public void CatalogueWithoutCompare_ReplaysUnderTheDraft()
    {
        var run = Cmcm.Run("replay", Cmcm.Scenario("altmed-year-caps.json"), "--catalogue", Cmcm.Draft(AltMedDraft), "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("2026-07-draft-altmed150", run.Json.GetProperty("catalogue")[0].GetProperty("edition").GetString());
        Assert.Equal(290.00m, run.Json.Euros("totals", "netPaid"));
    }
}
