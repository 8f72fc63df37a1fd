using System.Globalization;
using CmcmActors.Cli.Tests.Support;
using FsCheck;
using FsCheck.Xunit;

namespace CmcmActors.Cli.Tests.Scenarios;

public sealed class AmountPropertyTests
{
    private static string Euros(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Any amounts in euros and cents go through the file, the rules and the report without a cent lost.</summary>
    [Property(MaxTest = 40)]
    public void LensesLine_PaysTheUncoveredAmountUpToTheYearlyCap(NonNegativeInt a, NonNegativeInt b)
    {
        long x = a.Get % 500_000, y = b.Get % 500_000;
        long invoiced = Math.Max(x, y), statutory = Math.Min(x, y);
        var json = ScenarioJson.ValidWith("\"invoiced\": 200.00, \"statutoryReimbursement\": 50.00",
            $"\"invoiced\": {Euros(invoiced)}, \"statutoryReimbursement\": {Euros(statutory)}");
        using var file = new TempFile(json);

        var run = Cmcm.Run("replay", file.Path, "--json");

        var line = run.Json.GetProperty("decisions")[0].GetProperty("lines")[0];
        Assert.Equal(Euros(invoiced - statutory), line.GetProperty("uncovered").GetRawText());
        Assert.Equal(Euros(Math.Min(invoiced - statutory, 150_00)), line.GetProperty("totalPaid").GetRawText());
    }
}
