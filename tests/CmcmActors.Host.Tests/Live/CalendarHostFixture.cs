using CmcmActors.Grains.Calendar;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CmcmActors.Host.Tests.Live;

/// <summary>
/// A host of its own whose calendar (the days the grains' reminders look at) runs on a fake clock the tests move.
/// The rest of the host keeps the real clock. The clock only moves forward, so each test sets days after the current one.
/// </summary>
public sealed class CalendarHostFixture : IAsyncLifetime
{
    public CalendarHostFixture() =>
        Host = HostFixture.With(builder => builder.ConfigureTestServices(services => services.AddSingleton(Calendar)));

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 20, 9, 0, 0, TimeSpan.Zero));

    public CmcmCalendar Calendar => field ??= new CmcmCalendar(Clock);

    public HostFixture Host { get; }

    /// <summary>Moves the calendar to <paramref name="time"/> on <paramref name="day"/> in Luxembourg.</summary>
    public void SetLocal(DateOnly day, TimeOnly time) =>
        Clock.SetUtcNow(CmcmCalendar.StartOf(day) + time.ToTimeSpan());

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CalendarHostCollection : ICollectionFixture<CalendarHostFixture>
{
    public const string Name = "host with a fake calendar";
}
