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
    public void ReplayHelp_PrintsUsage_ExitsWithZero() => Assert.Equal(0, Cmcm.Run("replay", "--help").ExitCode);

    [Theory]
    [InlineData(new string[0], "cmcm: no command given.")]
    [InlineData(new[] { "frobnicate" }, "cmcm: unknown command 'frobnicate'.")]
    [InlineData(new[] { "replay" }, "cmcm: replay needs a scenario file.")]
    [InlineData(new[] { "replay", "a.json", "--verbose" }, "cmcm: unknown option '--verbose'.")]
    [InlineData(new[] { "replay", "a.json", "b.json" }, "cmcm: replay takes one scenario file; 'b.json' is one too many.")]
    [InlineData(new[] { "replay", "a.json", "--compare" }, "cmcm: --compare needs --catalogue DRAFT.json to compare with.")]
    [InlineData(new[] { "replay", "a.json", "--catalogue" }, "cmcm: --catalogue needs the path of a catalogue edition file.")]
    public void BadUsage_PrintsTheProblemAndUsage_ExitsWithTwo(string[] args, string problem)
    {
        var run = Cmcm.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal(problem, run.ErrorLines[0]);
        Assert.Contains("Usage:", run.Err, StringComparison.Ordinal);
    }
}
