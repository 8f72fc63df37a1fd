using System.Text.Json;

namespace CmcmActors.Cli.Tests.Support;

/// <summary>What one run of the command printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Err)
{
    public string[] ErrorLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>stdout as JSON (for runs with <c>--json</c> only).</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Out);
            return document.RootElement.Clone();
        }
    }
}

/// <summary>Runs the <c>cmcm</c> entry point in-process, on the scenarios and drafts shipped with the repository.</summary>
public static class Cmcm
{
    public static CliRun Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CmcmCommandLine.Run(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A file of the repository's <c>scenarios/</c> folder (copied next to the tests).</summary>
    public static string Scenario(string name) => Path.Combine(AppContext.BaseDirectory, "scenarios", name);

    /// <summary>A file of the repository's <c>catalogue/drafts/</c> folder (copied next to the tests).</summary>
    public static string Draft(string name) => Path.Combine(AppContext.BaseDirectory, "catalogue", "drafts", name);

    public static decimal Euros(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            current = current.GetProperty(name);
        }

        return current.GetDecimal();
    }
}

/// <summary>A scenario written to a file of its own for one test, deleted afterwards.</summary>
public sealed class TempFile : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cmcm-cli-tests-" + Guid.NewGuid().ToString("N"));

    public TempFile(string contents, string name = "scenario.json")
    {
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, name);
        File.WriteAllText(Path, contents);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

/// <summary>A short valid scenario: one member with RC+PP+DO, out of every waiting period, and one claim for lenses.</summary>
public static class ScenarioJson
{
    public const string Valid = """
        {
          "title": "test",
          "steps": [
            { "type": "enrolment", "date": "2026-01-05", "family": "F1", "member": "M1", "birthDate": "1980-01-01", "level": "RC+PP+DO", "reason": "firstTime",
              "eligibility": { "memberOfRecognisedMutual": true, "statutoryInsurance": "luxembourgFund", "domicileCountry": "LU" } },
            { "type": "statutoryPeriod", "date": "2026-01-05", "member": "M1", "from": "2000-01-01" },
            { "type": "contributionPayment", "date": "2026-01-10", "family": "F1", "year": 2026, "amount": 50.00 },
            { "type": "claim", "date": "2026-09-20", "claimId": "C1", "member": "M1",
              "lines": [ { "benefitCode": "DO.OPTIC.LENSES", "dateOfCare": "2026-09-10", "invoiced": 200.00, "statutoryReimbursement": 50.00 } ] }
          ]
        }
        """;

    /// <summary><see cref="Valid"/> with one fragment replaced; fails if the fragment is not there.</summary>
    public static string ValidWith(string fragment, string replacement)
    {
        Assert.Contains(fragment, Valid, StringComparison.Ordinal);
        return Valid.Replace(fragment, replacement, StringComparison.Ordinal);
    }

    /// <summary><see cref="Valid"/> with more steps after the claim C1.</summary>
    public static string ValidThen(string moreSteps) =>
        ValidWith("\"statutoryReimbursement\": 50.00 } ] }", "\"statutoryReimbursement\": 50.00 } ] },\n    " + moreSteps);
}
