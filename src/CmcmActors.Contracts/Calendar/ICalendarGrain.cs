namespace CmcmActors.Contracts.Calendar;

/// <summary>
/// The cluster's calendar: an hourly reminder that publishes what the date brings for everyone, today the yearly reset of
/// caps on 1 January (caps count per calendar year of care). Per-family dates (a tier's waiting period ending) are each
/// family grain's own reminder. Key: <see cref="CalendarGrainKey.Key"/>.
/// </summary>
public interface ICalendarGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder if it is not registered yet; every host calls it at start-up.</summary>
    Task EnsureScheduledAsync();

    /// <summary>
    /// Publishes what is due up to today and remembers it, so each event is published once; what the reminder runs.
    /// Returns the year whose caps reset was published by this call, or null.
    /// </summary>
    Task<int?> RunDueAsync();
}

public static class CalendarGrainKey
{
    public const long Key = 0;
}
