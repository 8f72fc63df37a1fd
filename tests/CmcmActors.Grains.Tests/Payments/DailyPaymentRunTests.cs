using CmcmActors.Grains.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmcmActors.Grains.Tests.Payments;

/// <summary>The daily run: nothing before the cut-off time (Luxembourg), one run after it however many hosts check.</summary>
public sealed class DailyPaymentRunTests
{
    [Fact]
    public async Task Tick_BeforeAndAfterTheCutOffOnTenHosts_OneRunOfTodayStartedBySystem()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres: false);
        await kit.OweAsync("D1", 4_200);
        kit.Options.DailyCutOff = new TimeOnly(16, 30); // the kit's clock is at 16:00 in Luxembourg (15:00 UTC, CET)
        var hosts = Enumerable.Range(0, 10).Select(_ => new DailyPaymentRun(
            new ServiceCollection().AddSingleton(kit.NewRuns()).BuildServiceProvider(), Microsoft.Extensions.Options.Options.Create(kit.Options), kit.Clock,
            NullLogger<DailyPaymentRun>.Instance)).ToArray();

        var early = await Task.WhenAll(hosts.Select(h => h.TickAsync()));
        kit.Clock.Advance(TimeSpan.FromMinutes(30));
        var onTime = await Task.WhenAll(hosts.Select(h => Task.Run(() => h.TickAsync())));

        Assert.All(early, Assert.False);
        Assert.Single(onTime, started => started);
        var run = Assert.Single(await kit.Ledger.ListRunsAsync(10));
        Assert.Equal(("RUN-20261120", DailyPaymentRun.StartedBy), (run.RunId, run.StartedBy));
        Assert.Equal(4_200, Assert.Single(await kit.Ledger.ReadPaymentsAsync(run.RunId)).Amount.Cents);
    }
}
