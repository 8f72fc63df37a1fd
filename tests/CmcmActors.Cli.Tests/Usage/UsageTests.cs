using CmcmActors.Cli.Tests.Support;

namespace CmcmActors.Cli.Tests.Usage;

public sealed class UsageTests
{
    [Fact]
    public void Help_PrintsUsage_ExitsWithZero()
    {
        var run = Cmcm.Run("--help");

        Assert.Equal((0, ""), (run.ExitCode, run.Err));
        Assert.Contains("cmcm replay SCENARIO.json [--json] [--table] [--catalogue DRAFT.json]", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Shadow_WithABadDraft_ExitsWithTwo_NamingTheEntry_BeforeAskingAnyone()
    {
        var draft = Path.Combine(Path.GetTempPath(), $"bad-draft-{Guid.NewGuid():N}.json");
        File.WriteAllText(draft, """{ "edition": "x", "effectiveFrom": "2027-01-01", "benefits": [ { "code": "A", "tier": "XX", "title": "t", "category": "medical", "rule": { "kind": "percentOfUncovered", "rate": 1.0 } } ] }""");
        try
        {
            var run = Cmcm.Run("shadow", "--from", "2026-09-01", "--to", "2026-09-30", "--draft", draft, "--url", "http://127.0.0.1:9", "--token", "t");

            Assert.Equal((2, ""), (run.ExitCode, run.Out));
            Assert.Equal($"{draft}: benefits[0] (A): unknown tier 'XX' (expected RC, ASSIST, PP or DO)", run.ErrorLines[0]);
        }
        finally
        {
            File.Delete(draft);
        }
    }

    [Fact]
    public void Shadow_HostUnreachable_ExitsWithOne_SayingWhy()
    {
        var run = Cmcm.Run("shadow", "--from", "2026-09-01", "--to", "2026-09-30", "--draft", Cmcm.Draft("cmcm-2026-07-01-draft-altmed150.json"),
            "--url", "http://127.0.0.1:9", "--token", "t");

        Assert.Equal((1, ""), (run.ExitCode, run.Out));
        Assert.StartsWith("cmcm shadow: ", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ReplayHelp_PrintsUsage_ExitsWithZero() => Assert.Equal(0, Cmcm.Run("replay", "--help").ExitCode);

    [Theory]
    [InlineData(new string[0], "cmcm: no command given.")]
    [InlineData(new[] { "frobnicate" }, "cmcm: unknown command 'frobnicate'.")]
    [InlineData(new[] { "replay" }, "cmcm: replay needs a scenario file.")]
    [InlineData(new[] { "replay", "a.json", "--verbose" }, "cmcm: unknown option '--verbose'.")]
    [InlineData(new[] { "replay", "a.json", "b.json" }, "cmcm: replay takes one scenario file; 'b.json' is one too many.")]
    [InlineData(new[] { "replay", "a.json", "--compare" }, "cmcm: --compare needs --catalogue DRAFT.json to compare with.")]
    [InlineData(new[] { "replay", "a.json", "--catalogue" }, "cmcm: --catalogue needs the path of a catalogue edition file.")]
    [InlineData(new[] { "shadow" }, "cmcm: shadow needs --from yyyy-MM-dd.")]
    [InlineData(new[] { "shadow", "--from", "2026-09-01" }, "cmcm: shadow needs --to yyyy-MM-dd.")]
    [InlineData(new[] { "shadow", "--from", "2026-09-31", "--to", "2026-10-01" }, "cmcm: --from '2026-09-31' is not a date (yyyy-MM-dd).")]
    [InlineData(new[] { "shadow", "--from", "2026-10-01", "--to", "2026-09-01" }, "cmcm: --to comes before --from.")]
    [InlineData(new[] { "shadow", "--from", "2026-09-01", "--to", "2026-09-30" }, "cmcm: shadow needs --draft DRAFT.json.")]
    [InlineData(new[] { "shadow", "--from", "2026-09-01", "--to", "2026-09-30", "--draft", "d.json" }, "cmcm: shadow needs either --url of a running host or --postgres CONNECTION, not both.")]
    [InlineData(new[] { "shadow", "--from", "2026-09-01", "--to", "2026-09-30", "--draft", "d.json", "--url", "ftp://x" }, "cmcm: --url 'ftp://x' is not an http(s) URL.")]
    [InlineData(new[] { "shadow", "--from", "2026-09-01", "--to", "2026-09-30", "--draft", "d.json", "--url", "http://x", "--postgres", "Host=x" }, "cmcm: shadow needs either --url of a running host or --postgres CONNECTION, not both.")]
    [InlineData(new[] { "shadow", "--from", "2026-09-01", "--to", "2026-09-30", "--draft" }, "cmcm: --draft needs a value.")]
    [InlineData(new[] { "shadow", "--from", "2026-09-01", "--verbose" }, "cmcm: unknown option '--verbose'.")]
    public void BadUsage_PrintsTheProblemAndUsage_ExitsWithTwo(string[] args, string problem)
    {
        var run = Cmcm.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal(problem, run.ErrorLines[0]);
        Assert.Contains("Usage:", run.Err, StringComparison.Ordinal);
    }
}
