using CmcmActors.Contracts.Calendar;
using CmcmActors.Contracts.Notifications;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Live;

/// <summary>
/// Registers this host's <see cref="HubNotificationObserver"/> with the cluster's notification registry before the host
/// serves, and again every <see cref="LiveOptions.RefreshPeriod"/>: a registration lapses unless refreshed, and a
/// registry that restarted empty is filled again within one period. At start it also makes sure the calendar's
/// reminder exists. Unregisters when the host stops (the observer object itself goes with the silo).
/// </summary>
public sealed partial class HubObserverRegistration(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    HubNotificationObserver observer,
    IOptions<LiveOptions> options,
    TimeProvider clock,
    ILogger<HubObserverRegistration> logger) : BackgroundService
{
    private readonly LiveOptions _options = options.Value;
    private ICmcmEventObserver? _reference;
    private bool _registered;

    private INotificationRegistryGrain Registry => grains.GetGrain<INotificationRegistryGrain>(NotificationRegistry.Key);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<ICmcmEventObserver>(observer);
        await RegisterAsync();
        try
        {
            await grains.GetGrain<ICalendarGrain>(CalendarGrainKey.Key).EnsureScheduledAsync();
        }
        catch (Exception e)
        {
            LogCalendarFailed(logger, e);
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_reference is null)
        {
            return;
        }

        try
        {
            await Registry.UnsubscribeAsync(silo.SiloAddress).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception e)
        {
            LogUnregisterFailed(logger, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_registered ? _options.RefreshPeriod : _options.RetryDelay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RegisterAsync();
        }
    }

    private async Task RegisterAsync()
    {
        try
        {
            await Registry.SubscribeAsync(silo.SiloAddress, _reference!, _options.RegistrationValidity);
            if (!_registered)
            {
                LogRegistered(logger, silo.SiloAddress);
            }

            _registered = true;
        }
        catch (Exception e)
        {
            _registered = false;
            LogRegisterFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live: hub of host {Host} registered for notifications")]
    private static partial void LogRegistered(ILogger logger, SiloAddress host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live: registering the hub for notifications failed; retrying")]
    private static partial void LogRegisterFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live: unregistering the hub failed; the registration lapses by itself")]
    private static partial void LogUnregisterFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live: the calendar's reminder could not be ensured; the next host start tries again")]
    private static partial void LogCalendarFailed(ILogger logger, Exception exception);
}
