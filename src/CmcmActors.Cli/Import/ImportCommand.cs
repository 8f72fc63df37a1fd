using System.Globalization;

namespace CmcmActors.Cli.Import;

/// <summary>The arguments of <c>cmcm import</c> and <c>cmcm import-sample</c>.</summary>
internal static class ImportCommand
{
    public const string Usage = """
          cmcm import DIR (--url URL [--token TOKEN] | --check) [--batch N] [--parallel P] [--progress FILE] [--report FILE]
          cmcm import-sample DIR [--families N]

        import         Reads the import files of DIR (families.csv, members.csv, tiers.csv, contributions.csv,
                       statutory-periods.csv, balances.csv: docs/import.md), checks every row and imports the good
                       families whole through a running host (an admin's token, or CMCM_TOKEN). Every bad row is named
                       in the report (file:line: column: why); a family with one is not imported. A run cut off half
                       way continues after the families of the progress file; a family sent again changes nothing.
          --check      Only check the files and write the report.
          --batch      Families per request (default 200, at most 500); --parallel requests at once (default 2).
          --progress   The families done (default DIR/import-progress.txt); --report (default DIR/import-report.txt).
          Exit codes: 0 every family imported; 3 some refused (see the report); 1 the host failed; 2 bad usage.

        import-sample  Writes import files for N families (default 110,000: 280,500 members) with opening balances.
        """;

    public static ImportRun.Options? Parse(string[] args, out string? problem)
    {
        string? directory = null, url = null, token = Environment.GetEnvironmentVariable("CMCM_TOKEN"), progress = null, report = null;
        int batch = 200, parallel = 2;
        var check = false;
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            switch (args[i])
            {
                case "--check": check = true; break;
                case "--url": url = Value(); if (url is null) { problem = "--url needs the host's address."; return null; } break;
                case "--token": token = Value(); break;
                case "--progress": progress = Value(); break;
                case "--report": report = Value(); break;
                case "--batch" when int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b is >= 1 and <= 500: batch = b; break;
                case "--batch": problem = "--batch is a number of families from 1 to 500."; return null;
                case "--parallel" when int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 64: parallel = p; break;
                case "--parallel": problem = "--parallel is a number of requests from 1 to 64."; return null;
                case var option when option.StartsWith('-'): problem = $"unknown option '{option}'."; return null;
                case var path when directory is null: directory = path; break;
                default: problem = $"import takes one directory; '{args[i]}' is one too many."; return null;
            }
        }

        if (directory is null || !Directory.Exists(directory))
        {
            problem = directory is null ? "import needs the directory of the import files." : $"{directory} is not a directory.";
            return null;
        }

        if (url is null && !check)
        {
            problem = "import needs --url URL (a running host) or --check.";
            return null;
        }

        if (url is not null && string.IsNullOrEmpty(token))
        {
            problem = "import --url needs an admin's token: --token TOKEN or the environment variable CMCM_TOKEN.";
            return null;
        }

        problem = null;
        return new ImportRun.Options(directory, url, token, batch, parallel, progress ?? Path.Combine(directory, "import-progress.txt"),
            report ?? Path.Combine(directory, "import-report.txt"), check);
    }

    public static int Sample(ReadOnlySpan<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? directory = null;
        var families = 110_000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--families" when i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 2_000_000:
                    families = n;
                    break;
                case "--families":
                    stderr.WriteLine("cmcm: --families is a number from 1 to 2,000,000.");
                    return CmcmCommandLine.BadInput;
                case var path when directory is null && !path.StartsWith('-'):
                    directory = path;
                    break;
                default:
                    stderr.WriteLine($"cmcm: import-sample: unexpected '{args[i]}'.");
                    return CmcmCommandLine.BadInput;
            }
        }

        if (directory is null)
        {
            stderr.WriteLine("cmcm: import-sample needs the directory to write the files to.");
            return CmcmCommandLine.BadInput;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (written, members) = ImportSample.Write(directory, families);
        stdout.WriteLine($"wrote {written:N0} families, {members:N0} members to {directory} in {watch.Elapsed.TotalSeconds:0.0} s");
        return CmcmCommandLine.Success;
    }
}
