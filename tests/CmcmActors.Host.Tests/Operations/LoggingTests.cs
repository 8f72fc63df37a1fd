using CmcmActors.Host.Tests.Live;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Tests.Operations;

[Collection(TracingHostCollection.Name)]
public sealed class LoggingTests(TracingHostFixture fixture)
{
    [Fact]
    public async Task HubJoin_RefusedForAnotherFamily_RefusesTheCaller_AndLogsNothingAtWarningOrAbove()
    {
        await using var member = await LiveClient.ConnectAsync(fixture.Host, TestUser.Member("F-LOG-OWN", "M-LOG-OWN", mainAffiliate: true));

        var refusal = await Assert.ThrowsAsync<HubException>(() => member.JoinFamilyAsync("F-LOG-OTHER"));

        Assert.Contains("You may not follow", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Logs.Entries, e => e.Level >= LogLevel.Warning
            && (e.Category.StartsWith("Microsoft.AspNetCore.SignalR", StringComparison.Ordinal) || e.Category.StartsWith("CmcmActors.Host.Logging", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Polly")]
    [InlineData("Orleans.Runtime.Placement.PlacementService")]
    [InlineData("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher")]
    public void Logger_OfPlacementResilienceAndHubDispatch_IsOffAtInformation(string category)
    {
        var logger = fixture.Host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void Logger_OfTheHost_IsOnAtInformation()
    {
        Assert.True(fixture.Host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CmcmActors.Host.Live.HubObserverRegistration").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void ConsoleLogs_InDevelopment_AreText()
    {
        Assert.NotEqual(ConsoleFormatterNames.Json, fixture.Host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }
}

[Collection(ProductionHostCollection.Name)]
public sealed class ProductionLoggingTests(ProductionHostFixture fixture)
{
    [Fact]
    public void ConsoleLogs_InProduction_AreJsonInUtc_WithoutScopes()
    {
        var services = fixture.Host.Services;

        Assert.Equal(ConsoleFormatterNames.Json, services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        var json = services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.Equal((true, false), (json.UseUtcTimestamp, json.IncludeScopes));
    }
}
