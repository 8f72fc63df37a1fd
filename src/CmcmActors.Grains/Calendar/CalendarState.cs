namespace CmcmActors.Grains.Calendar;

/// <summary>Persisted as state "calendar".</summary>
[GenerateSerializer, Alias("cmcm.CalendarState")]
public sealed class CalendarState
{
    /// <summary>The latest year whose caps reset was published (or the year the calendar first ran).</summary>
    [Id(0)] public int? CapsYear { get; set; }
}
