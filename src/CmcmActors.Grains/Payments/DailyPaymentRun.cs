using CmcmActors.Grains.Calendar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CmcmActors.Grains.Payments;

/// <summary>
/// The daily run (<see cref="PaymentOptions.DailyRun"/>): every host checks once a minute whether today's cut-off time
/// (Luxembourg) has passed; the first to start today's run makes it, every other start finds it (one run per date), and a
/// run cut short by a host that died is taken up by the next check once its lease expired.
/// </summary>
public sealed partial class DailyPaymentRun(
    IServiceProvider services,
    IOptions<PaymentOptions> options,
    TimeProvider clock,
    ILogger<DailyPaymentRun> logger) : BackgroundService
{
    /// <summary>Who starts the daily run: any finance officer may confirm its large payments.</summary>
    public const string StartedBy = "system:daily-run";

    /// <summary>Starts (or takes up) today's run when its cut-off time has passed; true when a run was started or taken up.</summary>
    public async Task<bool> TickAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, CmcmCalendar.Zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) < options.Value.DailyCutOff)
        {
            return false;
        }

        var runs = services.GetRequiredService<PaymentRuns>();
        var (run, created) = await runs.StartAsync(today, StartedBy, cancellationToken);
        if (created)
        {
            LogStarted(logger, run.RunId, run.Status);
        }

        return created;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DailyRun)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Daily payment run {RunId} started ({Status})")]
    private static partial void LogStarted(ILogger logger, string runId, PaymentRunStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Daily payment run: this check failed; the next one tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
