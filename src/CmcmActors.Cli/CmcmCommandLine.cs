using CmcmActors.Cli.Replay;
using CmcmActors.Cli.Reports;
using CmcmActors.Cli.Scenarios;
using CmcmActors.Cli.ShadowRun;
using CmcmActors.Domain.Catalogue;

namespace CmcmActors.Cli;

/// <summary>The <c>cmcm</c> command: parses the arguments, runs the command and returns the exit code.</summary>
internal static class CmcmCommandLine
{
    public const int Success = 0;

    /// <summary>Bad input or bad usage: the message on stderr says what and where.</summary>
    public const int BadInput = 2;

    public const string Usage = """
        cmcm: replays CMCM claim scenarios through the claims engine.

        Usage:
          cmcm replay SCENARIO.json [--json] [--table] [--catalogue DRAFT.json]
          cmcm replay SCENARIO.json --catalogue DRAFT.json --compare [--json] [--table]
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

        Exit codes: 0 done; 2 bad input (the message names the place in the file) or bad usage.
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
