namespace CmcmActors.Grains.Calendar;

/// <summary>
/// Dates as the CMCM sees them: Luxembourg dates, with "now" from a <see cref="TimeProvider"/> so that a test can set
/// the day. Registered as a singleton; a test host replaces it with one built on a fake clock.
/// </summary>
public sealed class CmcmCalendar(TimeProvider clock)
{
    /// <summary>A reminder ticks this long after the day it waits for has begun, so a timer firing early still sees that day.</summary>
    public static readonly TimeSpan TickMargin = TimeSpan.FromMinutes(1);

    /// <summary>Europe/Luxembourg, or UTC where the machine has no time-zone database.</summary>
    public static TimeZoneInfo Zone { get; } = FindZone();

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, Zone).DateTime);

    /// <summary>The instant <paramref name="date"/> begins in Luxembourg (midnight is never inside a daylight-saving jump there).</summary>
    public static DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>How long until <paramref name="date"/> has begun (plus <see cref="TickMargin"/>); never negative.</summary>
    public TimeSpan Until(DateOnly date)
    {
        var wait = StartOf(date) + TickMargin - Now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>How long until the next full hour (plus <see cref="TickMargin"/>).</summary>
    public TimeSpan UntilNextHour()
    {
        var now = Now;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        return hour + TickMargin - now;
    }

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Luxembourg");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
