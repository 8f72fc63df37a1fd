using System.Text.Json;
using CmcmActors.Cli.Tests.Support;

namespace CmcmActors.Cli.Tests.Scenarios;

/// <summary>Every scenario shipped in <c>scenarios/</c>, replayed through the command, to the cent.</summary>
public sealed class ShippedScenarioTests
{
    private static JsonElement Replay(string scenario)
    {
        var run = Cmcm.Run("replay", Cmcm.Scenario(scenario), "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Err);
        return run.Json;
    }

    private static JsonElement Decision(JsonElement document, string claimId) =>
        document.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("claimId").GetString() == claimId);

    private static JsonElement Line(JsonElement document, string claimId, int line) =>
        Decision(document, claimId).GetProperty("lines")[line - 1];

    [Theory]
    [InlineData("brochure-orthodontics.json", "3117.08")]
    [InlineData("brochure-implants.json", "1300.00")]
    [InlineData("waiting-period.json", "169.00")]
    [InlineData("altmed-year-caps.json", "260.00")]
    [InlineData("trip-cancellation-pended.json", "2420.00")]
    [InlineData("reversal-gives-cap-room-back.json", "130.00")]
    [InlineData("family-life.json", "260.00")]
    public void Replay_ShippedScenario_NetPaidIsExact(string scenario, string netPaid)
    {
        var totals = Replay(scenario).GetProperty("totals");

        Assert.Equal(netPaid, totals.GetProperty("netPaid").GetRawText());
    }

    [Fact]
    public void Orthodontics_FiveActs_Rc617_08PlusDo2500_00Is3117_08()
    {
        var document = Replay("brochure-orthodontics.json");
        var claim = Decision(document, "C-ORTHO-1");

        Assert.Equal("617.08", claim.GetProperty("paidByTier").GetProperty("RC").GetRawText());
        Assert.Equal("2500.00", claim.GetProperty("paidByTier").GetProperty("DO").GetRawText());
        Assert.Equal("3117.08", claim.GetProperty("totalPaid").GetRawText());
        Assert.Equal(new[] { 111.78m, 111.72m, 140.46m, 126.60m, 126.52m },
            claim.GetProperty("lines").EnumerateArray().Select(l => l.Euros("paidByTier", "RC")));
        Assert.All(claim.GetProperty("lines").EnumerateArray(), l => Assert.Equal(500.00m, l.Euros("paidByTier", "DO")));
    }

    [Fact]
    public void Orthodontics_Table_ShowsTheBrochureTotalsOnTheClaimRow()
    {
        var run = Cmcm.Run("replay", Cmcm.Scenario("brochure-orthodontics.json"), "--table");

        var claimRow = run.Out.Split('\n').Single(l => l.StartsWith("C-ORTHO-1  claim", StringComparison.Ordinal));
        Assert.Equal(
            ["C-ORTHO-1", "claim", "7050.00", "3085.40", "3964.60", "617.08", "-", "-", "2500.00", "3117.08", "PARTIALLY", "APPROVED"],
            claimRow.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("net paid by the CMCM", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Implants_TwoImplants_Rc300PlusDo1000()
    {
        var claim = Decision(Replay("brochure-implants.json"), "C-IMPLANT-1");

        Assert.Equal("300.00", claim.GetProperty("paidByTier").GetProperty("RC").GetRawText());
        Assert.Equal("1000.00", claim.GetProperty("paidByTier").GetProperty("DO").GetRawText());
        Assert.Equal("1300.00", claim.GetProperty("totalPaid").GetRawText());
        Assert.Equal("Approved", claim.GetProperty("outcome").GetString());
    }

    [Fact]
    public void WaitingPeriod_AssistPaysAtOnce_RcRefusedUntilOctoberThenPaid()
    {
        var document = Replay("waiting-period.json");

        Assert.Equal(85.00m, Decision(document, "C-HOF-1").Euros("paidByTier", "ASSIST"));
        var refused = Line(document, "C-HOF-2", 1);
        Assert.Equal("Refused", refused.GetProperty("outcome").GetString());
        Assert.Equal("WaitingPeriod", refused.GetProperty("reason").GetString());
        Assert.Equal("2026-10-01", refused.GetProperty("notPaying")[0].GetProperty("firstCoveredDate").GetString());
        Assert.Equal(84.00m, Decision(document, "C-HOF-3").Euros("paidByTier", "RC"));
    }

    [Fact]
    public void AltMed_SessionOf30December_CountsAgainst2026_SessionOf2January_StartsAfresh()
    {
        var document = Replay("altmed-year-caps.json");

        var third = Line(document, "C-ALT-3", 1);
        Assert.Equal((0.00m, 50.00m), (third.Euros("paidByTier", "RC"), third.Euros("paidByTier", "PP")));
        var december = Line(document, "C-ALT-4", 1);
        Assert.Equal((0.00m, 30.00m), (december.Euros("paidByTier", "RC"), december.Euros("paidByTier", "PP")));
        var january = Line(document, "C-ALT-4", 2);
        Assert.Equal((50.00m, 10.00m), (january.Euros("paidByTier", "RC"), january.Euros("paidByTier", "PP")));
        var pp = december.GetProperty("payments")[0].GetProperty("caps")[1];
        Assert.Equal("member:M-THILL-CLAIRE|PP.ALTMED.YEAR|2026", pp.GetProperty("key").GetString());
        Assert.Equal((30.00m, 0.00m), (pp.Euros("roomBefore"), pp.Euros("roomAfter")));
    }

    [Fact]
    public void TripCancellation_WithoutRefundDecision_IsPendedToForeignDepartment_ThenPaidWithinCapPerPerson()
    {
        var document = Replay("trip-cancellation-pended.json");

        var pended = Decision(document, "C-TRIP-1");
        Assert.Equal("Pended", pended.GetProperty("outcome").GetString());
        Assert.Equal("Foreign", pended.GetProperty("department").GetString());
        Assert.Equal(0.00m, pended.Euros("totalPaid"));
        var pending = pended.GetProperty("lines")[0].GetProperty("pending");
        Assert.Equal("MissingDocuments", pending.GetProperty("reason").GetString());
        Assert.Equal(["provider-refund-decision"], pending.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(1500.00m, Decision(document, "C-TRIP-2").Euros("paidByTier", "ASSIST"));
        Assert.Equal(920.00m, Decision(document, "C-TRIP-3").Euros("paidByTier", "ASSIST"));
    }

    [Fact]
    public void Reversal_GivesCapRoomBack_SoTheRefusedPairIsPaidWhenSentAgain()
    {
        var document = Replay("reversal-gives-cap-room-back.json");

        Assert.Equal("CapReached", Line(document, "C-OPT-2", 1).GetProperty("reason").GetString());
        var reversal = document.GetProperty("reversals").EnumerateArray().Single();
        Assert.Equal("C-OPT-1", reversal.GetProperty("claimId").GetString());
        Assert.Equal("150.00", reversal.GetProperty("amountReversed").GetRawText());
        var room = reversal.GetProperty("capRoomGivenBack").EnumerateArray().Single();
        Assert.Equal(("member:M-REUTER-NINA|DO.OPTIC.LENSES/year|2026", 150.00m), (room.GetProperty("key").GetString(), room.Euros("amount")));
        Assert.Equal(5, Decision(document, "C-OPT-1").GetProperty("reversedByStep").GetInt32());
        Assert.Equal(130.00m, Decision(document, "C-OPT-3").Euros("totalPaid"));
        Assert.Equal((280.00m, 150.00m), (document.Euros("totals", "paid"), document.Euros("totals", "reversed")));
    }

    [Fact]
    public void FamilyLife_UpgradeNewbornDivorceResignationReadmission_DecidedAsTheRulesSay()
    {
        var document = Replay("family-life.json");

        Assert.Equal("2026-09-01", Line(document, "C-MUL-1", 1).GetProperty("notPaying")[0].GetProperty("firstCoveredDate").GetString());
        Assert.Equal(60.00m, Decision(document, "C-MUL-2").Euros("paidByTier", "RC"));
        Assert.Equal(100.00m, Decision(document, "C-MUL-3").Euros("paidByTier", "DO"));
        Assert.Equal("NotOnRoster", Line(document, "C-MUL-4", 1).GetProperty("reason").GetString());
        Assert.Equal("2028-03-01", Line(document, "C-MUL-5", 1).GetProperty("notPaying")[0].GetProperty("firstCoveredDate").GetString());
        Assert.Equal(100.00m, Decision(document, "C-MUL-6").Euros("paidByTier", "RC"));
    }

    [Fact]
    public void Replay_WithoutFormatOption_PrintsTheJsonDocumentThenTheTable()
    {
        var run = Cmcm.Run("replay", Cmcm.Scenario("brochure-implants.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("{", run.Out, StringComparison.Ordinal);
        Assert.Contains("\n\nScenario: ", run.Out, StringComparison.Ordinal);
        Assert.Contains("C-IMPLANT-1      1  2026-09-15  RC.DENTAL.FLAT", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_TableOnly_PrintsNoJson()
    {
        var run = Cmcm.Run("replay", Cmcm.Scenario("brochure-implants.json"), "--table");

        Assert.StartsWith("Scenario: ", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\"claimId\"", run.Out, StringComparison.Ordinal);
    }
}
