using CmcmActors.Contracts.Calendar;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Grains.Notifications;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Calendar;

/// <summary>
/// One grain for the whole cluster with a durable reminder every hour: hourly rather than daily so that a tick is never
/// a day late when daylight-saving time moves Luxembourg midnight against UTC. Each tick compares today with what was
/// already published and publishes what is due, once.
/// </summary>
public sealed partial class CalendarGrain(
    [PersistentState("calendar", CmcmStorage.ProviderName)] IPersistentState<CalendarState> state,
    CmcmCalendar calendar,
    INotificationPublisher publisher,
    ILogger<CalendarGrain> logger) : Grain, ICalendarGrain, IRemindable
{
    public const string ReminderName = "calendar";

    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    public async Task EnsureScheduledAsync()
    {
        if (state.State.CapsYear is null)
        {
            state.State.CapsYear = calendar.Today.Year;
            await state.WriteStateAsync();
        }

        if (await this.GetReminder(ReminderName) is null)
        {
            await this.RegisterOrUpdateReminder(ReminderName, calendar.UntilNextHour(), Period);
        }
    }

    public async Task<int?> RunDueAsync()
    {
        var year = calendar.Today.Year;
        if (state.State.CapsYear is { } published && published >= year)
        {
            return null;
        }

        var first = state.State.CapsYear is null;
        state.State.CapsYear = year;
        await state.WriteStateAsync();
        if (first)
        {
            return null;
        }

        LogCapsReset(logger, year);
        await publisher.PublishAsync(new CapsReset(calendar.Now, year,
            $"Caps reset for {year}: every yearly cap starts afresh for care from 1 January {year}."));
        return year;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? RunDueAsync() : Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar: caps reset for {Year} published")]
    private static partial void LogCapsReset(ILogger logger, int year);
}
