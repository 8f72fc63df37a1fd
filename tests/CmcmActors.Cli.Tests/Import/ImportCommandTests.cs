using CmcmActors.Cli.Tests.Support;

namespace CmcmActors.Cli.Tests.Import;

/// <summary><c>cmcm import-sample</c> and <c>cmcm import --check</c>: the files read with CsvHelper and every bad row reported.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"cmcm-import-{Guid.NewGuid():N}");

    [Fact]
    public void ImportSample_ThenCheck_EveryFamilyReady_ExitsWithZero()
    {
        var written = Cmcm.Run("import-sample", _directory, "--families", "40");
        var check = Cmcm.Run("import", _directory, "--check");

        Assert.Equal((0, true), (written.ExitCode, written.Out.StartsWith("wrote 40 families, 102 members to ", StringComparison.Ordinal)));
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("40 families ready, 0 refused (0 bad rows)", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ANationalNumberMistypedAndABalanceOverItsCap_ReportNamesFileLineAndColumn_ExitsWithThree()
    {
        Cmcm.Run("import-sample", _directory, "--families", "12");
        var members = Path.Combine(_directory, "members.csv");
        var lines = File.ReadAllLines(members);
        var fields = lines[2].Split(',');
        fields[6] = fields[6][..12] + (char)('0' + (fields[6][12] - '0' + 1) % 10);
        lines[2] = string.Join(',', fields);
        File.WriteAllLines(members, lines);
        File.AppendAllText(Path.Combine(_directory, "balances.csv"), "member,F000002-M0,RC.DIET/year,year,2026,,,150.00,\n");

        var check = Cmcm.Run("import", _directory, "--check");

        Assert.Equal(3, check.ExitCode);
        Assert.Contains("checked 12 families, 22 members", check.Out, StringComparison.Ordinal);
        Assert.Contains("10 families ready, 2 refused (2 bad rows)", check.Out, StringComparison.Ordinal);
        var report = File.ReadAllLines(Path.Combine(_directory, "import-report.txt"));
        Assert.Equal(
        [
            "# cmcm import: 2 bad rows, 0 families refused by the cluster",
            $"balances.csv:{File.ReadAllLines(Path.Combine(_directory, "balances.csv")).Length}: paid: The balance €150.00 is over the cap of €100.00.",
            "members.csv:3: national_number: The check digits do not match: a digit was mistyped.",
        ], report);
    }

    [Fact]
    public void Import_WithoutUrlOrCheck_ExitsWithTwo_SayingWhatItNeeds()
    {
        Directory.CreateDirectory(_directory);

        var run = Cmcm.Run("import", _directory);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("cmcm: import needs --url URL (a running host) or --check.", run.ErrorLines[0]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
