using CmcmActors.Cli.Import;
using CmcmActors.Cli.Replay;
using CmcmActors.Cli.Reports;
using CmcmActors.Cli.Scenarios;
using CmcmActors.Cli.ShadowRun;
using System.Globalization;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Catalogue;

namespace CmcmActors.Cli;

/// <summary>The <c>cmcm</c> command: parses the arguments, runs the command and returns the exit code.</summary>
internal static class CmcmCommandLine
{
    public const int Success = 0;

    /// <summary>Bad input or bad usage: the message on stderr says what and where.</summary>
    public const int BadInput = 2;

    public static readonly string Usage = $"""
        cmcm: replays CMCM claim scenarios through the claims engine.

        Usage:
          cmcm replay SCENARIO.json [--json] [--table] [--catalogue DRAFT.json]
          cmcm replay SCENARIO.json --catalogue DRAFT.json --compare [--json] [--table]
          cmcm shadow --from DATE --to DATE --draft DRAFT.json (--url URL --token TOKEN | --postgres CONNECTION [--service-id ID]) [--json | --csv]
          cmcm import DIR (--url URL [--token TOKEN] | --check) [--batch N] [--parallel P] [--progress FILE] [--report FILE]
          cmcm import-sample DIR [--families N]
          cmcm --help

        replay         Plays the scenario's steps in order (families, events, claims, reversals) and prints
                       every claim decision.
          --json       Print only the JSON document of the decisions.
          --table      Print only the table for people.
                       Without either, both are printed: the JSON document, then the table.
          --catalogue  Replay under a draft catalogue edition file: it replaces the built-in edition with the
                       same effectiveFrom date, or is added as a new edition.
          --compare    Shadow run: replay under the built-in catalogue and under the --catalogue draft, and
                       print what the draft changes, claim by claim and line by line, with the total difference.

        shadow         Shadow run of a draft edition over the claims stored in a period (received from --from to
                       --to, Luxembourg dates, both included): every decided claim judged again as if the draft
                       were the catalogue, claim by claim and in totals per benefit and tier, paid vs would pay.
                       Consumes nothing.
          --url        A running host: the draft is uploaded and the run done by its admin API (--token: an admin's
                       token, or the environment variable CMCM_TOKEN).
          --postgres   Or the database itself (Npgsql connection string; --service-id, default cmcm): the run is
                       done here, reading the journal and the families' stored state.
          --json       Print the report as JSON; --csv as CSV (what the admin API offers for download).

        {ImportCommand.Usage}
        Exit codes: 0 done; 1 the run failed (host or database); 2 bad input (the message names the place in the file) or bad usage.
        The scenario format is described in docs/scenario-format.md.
        """;

    private sealed record ReplayOptions(string Scenario, bool Json, bool Table, string? Catalogue, bool Compare);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            return UsageError(stderr, "no command given.");
        }

        if (args is ["--help" or "-h" or "help", ..])
        {
            stdout.WriteLine(Usage);
            return Success;
        }

        if (args[0] is "import" or "import-sample")
        {
            if (args.Contains("--help") || args.Contains("-h"))
            {
                stdout.WriteLine(Usage);
                return Success;
            }

            if (args[0] == "import-sample")
            {
                return ImportCommand.Sample(args.AsSpan(1), stdout, stderr);
            }

            var import = ImportCommand.Parse(args[1..], out var importProblem);
            if (import is null)
            {
                return UsageError(stderr, importProblem!);
            }

            try
            {
                return ImportRun.RunAsync(import, stdout, stderr).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                stderr.WriteLine("cmcm import: " + e.Message + " (families answered so far are in the progress file; run again to continue)");
                return Failed;
            }
        }

        if (args[0] == "shadow")
        {
            if (args.Contains("--help") || args.Contains("-h"))
            {
                stdout.WriteLine(Usage);
                return Success;
            }

            var shadow = ParseShadow(args.AsSpan(1), out var shadowProblem);
            return shadow is null ? UsageError(stderr, shadowProblem!) : Shadow(shadow, stdout, stderr);
        }

        if (args[0] != "replay")
        {
            return UsageError(stderr, $"unknown command '{args[0]}'.");
        }

        if (args.Contains("--help") || args.Contains("-h"))
        {
            stdout.WriteLine(Usage);
            return Success;
        }

        var options = ParseReplay(args.AsSpan(1), out var problem);
        if (options is null)
        {
            return UsageError(stderr, problem!);
        }

        return Replay(options, stdout, stderr);
    }

    private static ReplayOptions? ParseReplay(ReadOnlySpan<string> args, out string? problem)
    {
        string? scenario = null, catalogue = null;
        bool json = false, table = false, compare = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": json = true; break;
                case "--table": table = true; break;
                case "--compare": compare = true; break;
                case "--catalogue" when i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal):
                    catalogue = args[++i];
                    break;
                case "--catalogue":
                    problem = "--catalogue needs the path of a catalogue edition file.";
                    return null;
                case var option when option.StartsWith('-'):
                    problem = $"unknown option '{option}'.";
                    return null;
                case var path when scenario is null:
                    scenario = path;
                    break;
                default:
                    problem = $"replay takes one scenario file; '{args[i]}' is one too many.";
                    return null;
            }
        }

        if (scenario is null)
        {
            problem = "replay needs a scenario file.";
            return null;
        }

        if (compare && catalogue is null)
        {
            problem = "--compare needs --catalogue DRAFT.json to compare with.";
            return null;
        }

        problem = null;
        var both = !json && !table;
        return new ReplayOptions(scenario, json || both, table || both, catalogue, compare);
    }

    private static int Replay(ReplayOptions options, TextWriter stdout, TextWriter stderr)
    {
        var scenario = ScenarioReader.ReadFile(options.Scenario);
        if (!scenario.IsValid)
        {
            return Errors(stderr, options.Scenario, scenario.Errors, "");
        }

        DraftCatalogue? draft = null;
        if (options.Catalogue is { } draftPath)
        {
            try
            {
                draft = DraftCatalogue.Over(CatalogueSet.BuiltIn, CatalogueLoader.LoadFile(draftPath));
            }
            catch (CatalogueException e)
            {
                stderr.WriteLine(NamingTheFile(e.Message, draftPath));
                return BadInput;
            }
        }

        if (options.Compare)
        {
            return Compare(options, scenario.Value!, draft!, stdout, stderr);
        }

        var replay = ScenarioReplay.Run(scenario.Value!, draft?.Catalogues ?? CatalogueSet.BuiltIn);
        if (!replay.IsValid)
        {
            return Errors(stderr, options.Scenario, replay.Errors, draft is null ? "" : $" (under the draft catalogue {options.Catalogue})");
        }

        if (options.Json)
        {
            ReportJson.Write(stdout, DecisionDocument.Of(replay.Value!));
        }

        if (options.Json && options.Table)
        {
            stdout.WriteLine();
        }

        if (options.Table)
        {
            DecisionTable.Write(stdout, replay.Value!);
        }

        return Success;
    }

    private static int Compare(ReplayOptions options, Scenario scenario, DraftCatalogue draft, TextWriter stdout, TextWriter stderr)
    {
        var before = ScenarioReplay.Run(scenario, CatalogueSet.BuiltIn);
        if (!before.IsValid)
        {
            return Errors(stderr, options.Scenario, before.Errors, " (under the built-in catalogue)");
        }

        var after = ScenarioReplay.Run(scenario, draft.Catalogues);
        if (!after.IsValid)
        {
            return Errors(stderr, options.Scenario, after.Errors, $" (under the draft catalogue {options.Catalogue})");
        }

        var comparison = CatalogueComparison.Of(before.Value!, after.Value!, options.Catalogue!, draft.ReplacedEdition);
        if (options.Json)
        {
            ReportJson.Write(stdout, comparison);
        }

        if (options.Json && options.Table)
        {
            stdout.WriteLine();
        }

        if (options.Table)
        {
            ComparisonTable.Write(stdout, comparison);
        }

        return Success;
    }

    public const int Failed = 1;

    private static StoredClaimsShadow.Options? ParseShadow(ReadOnlySpan<string> args, out string? problem)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string format = "table";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": format = "json"; break;
                case "--csv": format = "csv"; break;
                case "--from" or "--to" or "--draft" or "--url" or "--token" or "--postgres" or "--service-id" when i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal):
                    values[args[i]] = args[++i];
                    break;
                case "--from" or "--to" or "--draft" or "--url" or "--token" or "--postgres" or "--service-id":
                    problem = $"{args[i]} needs a value.";
                    return null;
                default:
                    problem = $"unknown option '{args[i]}'.";
                    return null;
            }
        }

        DateOnly Date(string option, out string? error)
        {
            error = null;
            if (!values.TryGetValue(option, out var text))
            {
                error = $"shadow needs {option} yyyy-MM-dd.";
                return default;
            }

            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                error = $"{option} '{text}' is not a date (yyyy-MM-dd).";
            }

            return date;
        }

        var from = Date("--from", out problem);
        if (problem is not null)
        {
            return null;
        }

        var to = Date("--to", out problem);
        if (problem is not null)
        {
            return null;
        }

        if (to < from)
        {
            problem = "--to comes before --from.";
            return null;
        }

        if (!values.TryGetValue("--draft", out var draft))
        {
            problem = "shadow needs --draft DRAFT.json.";
            return null;
        }

        values.TryGetValue("--url", out var url);
        values.TryGetValue("--postgres", out var postgres);
        if ((url is null) == (postgres is null))
        {
            problem = "shadow needs either --url of a running host or --postgres CONNECTION, not both.";
            return null;
        }

        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            problem = $"--url '{url}' is not an http(s) URL.";
            return null;
        }

        var token = values.GetValueOrDefault("--token") ?? Environment.GetEnvironmentVariable("CMCM_TOKEN");
        if (url is not null && string.IsNullOrWhiteSpace(token))
        {
            problem = "--url needs --token (an admin's token) or CMCM_TOKEN.";
            return null;
        }

        problem = null;
        return new StoredClaimsShadow.Options(from, to, draft, url, token, postgres, values.GetValueOrDefault("--service-id") ?? "cmcm", format);
    }

    private static int Shadow(StoredClaimsShadow.Options options, TextWriter stdout, TextWriter stderr)
    {
        string json;
        CatalogueEdition draft;
        try
        {
            json = File.ReadAllText(options.Draft);
            draft = CatalogueLoader.Parse(json, Path.GetFileName(options.Draft));
        }
        catch (IOException e)
        {
            stderr.WriteLine($"{options.Draft}: {e.Message}");
            return BadInput;
        }
        catch (CatalogueException e)
        {
            stderr.WriteLine(NamingTheFile(e.Message, options.Draft));
            return BadInput;
        }

        ShadowReport report;
        try
        {
            report = options.Url is not null
                ? StoredClaimsShadow.ViaHostAsync(options, json, stderr).GetAwaiter().GetResult()
                : StoredClaimsShadow.ViaDatabaseAsync(options, draft).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is ShadowFailedException or HttpRequestException or Npgsql.NpgsqlException or TaskCanceledException)
        {
            stderr.WriteLine("cmcm shadow: " + e.Message);
            return Failed;
        }

        switch (options.Format)
        {
            case "json": stdout.WriteLine(System.Text.Json.JsonSerializer.Serialize(report, StoredClaimsShadow.ReportJson)); break;
            case "csv": stdout.Write(report.ToCsv()); break;
            default: StoredClaimsShadow.Write(stdout, report, options.Url is not null ? $"host {options.Url}" : "database"); break;
        }

        return Success;
    }

    /// <summary>The catalogue loader names a file by its bare name; the user knows it by the path given.</summary>
    private static string NamingTheFile(string message, string path)
    {
        var name = Path.GetFileName(path);
        if (message.StartsWith(path, StringComparison.Ordinal))
        {
            return message;
        }

        return message.StartsWith(name + ":", StringComparison.Ordinal) ? path + message[name.Length..] : $"{path}: {message}";
    }

    private static int Errors(TextWriter stderr, string source, IReadOnlyList<InputError> errors, string context)
    {
        foreach (var error in errors)
        {
            stderr.WriteLine(error.Describe(source) + context);
        }

        return BadInput;
    }

    private static int UsageError(TextWriter stderr, string problem)
    {
        stderr.WriteLine("cmcm: " + problem);
        stderr.WriteLine();
        stderr.WriteLine(Usage);
        return BadInput;
    }
}
