using CmcmActors.Cli.Tests.Support;

namespace CmcmActors.Cli.Tests.Scenarios;

public sealed class PendedClaimTests
{
    /// <summary>
    /// A claim with one payable line and one line missing documents: the whole claim waits for a person, pays nothing
    /// and uses no cap; what its payable line would pay is shown as provisional.
    /// </summary>
    [Fact]
    public void ClaimWithOnePendedLine_PaysNothingOnAnyLine_AndShowsTheOtherLineAsProvisional()
    {
        var json = ScenarioJson.ValidThen("""
            { "type": "claim", "date": "2026-09-21", "claimId": "C2", "member": "M1",
              "lines": [
                { "benefitCode": "DO.OPTIC.FRAMES", "dateOfCare": "2026-09-10", "invoiced": 25.00, "statutoryReimbursement": 0.00 },
                { "benefitCode": "ASSIST.TRIP.CANCEL", "dateOfCare": "2026-09-10", "invoiced": 800.00, "statutoryReimbursement": 0.00,
                  "circumstances": [ "illness" ], "tripId": "T1" } ] },
            { "type": "claim", "date": "2026-09-22", "claimId": "C3", "member": "M1",
              "lines": [ { "benefitCode": "DO.OPTIC.FRAMES", "dateOfCare": "2026-09-10", "invoiced": 30.00, "statutoryReimbursement": 0.00 } ] }
            """);
        using var file = new TempFile(json);

        var run = Cmcm.Run("replay", file.Path, "--json");

        var pended = run.Json.GetProperty("decisions")[1];
        Assert.Equal("Pended", pended.GetProperty("outcome").GetString());
        Assert.Equal((0.00m, 0.00m), (pended.Euros("totalPaid"), pended.Euros("paidByTier", "DO")));
        var frames = pended.GetProperty("lines")[0];
        Assert.Equal(0.00m, frames.Euros("paidByTier", "DO"));
        Assert.False(frames.TryGetProperty("payments", out _));
        Assert.Equal(25.00m, frames.GetProperty("provisionalPayments")[0].Euros("paid"));
        Assert.Equal(30.00m, run.Json.GetProperty("decisions")[2].Euros("paidByTier", "DO"));
    }
}
