namespace CmcmActors.Host.Api;

/// <summary>"Today" for the API is the date in Luxembourg, read from the injected clock.</summary>
public static class ApiDates
{
    private static readonly TimeZoneInfo Luxembourg = FindLuxembourg();

    public static DateOnly Today(this TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Luxembourg).DateTime);

    private static TimeZoneInfo FindLuxembourg()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Luxembourg");
        }
        catch (TimeZoneNotFoundException)
        {
            // A machine without time-zone data: UTC is at most two hours off.
            return TimeZoneInfo.Utc;
        }
    }
}
