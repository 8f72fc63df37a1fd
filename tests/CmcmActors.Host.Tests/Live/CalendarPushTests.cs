using CmcmActors.Contracts;
using CmcmActors.Contracts.Calendar;
using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Money;
using CmcmActors.Grains.Calendar;
using CmcmActors.Grains.Families;
using CmcmActors.Host.Live;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Live;

/// <summary>
/// The proactive pushes. A test delivers the reminder tick itself, through the grain's <see cref="IRemindable"/>, exactly
/// as the reminder service would on the day; the fake calendar says which day it is.
/// </summary>
[Collection(CalendarHostCollection.Name)]
public sealed class CalendarPushTests(CalendarHostFixture fixture)
{
    private HostFixture Host => fixture.Host;

    [Fact]
    public async Task A_family_hears_on_the_first_covered_day_that_each_waiting_tier_starts_covering()
    {
        var today = fixture.Calendar.Today;
        var familyId = NewId("F");
        var memberId = NewId("M");
        var family = Host.Grains.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId));
        var enrolled = await family.EnrolAsync(new EnrolFamily(familyId, memberId, new DateOnly(1980, 5, 1), today, CoverageLevel.RC_PP_DO,
            EnrolmentReason.FirstTime, new EligibilityFacts(true, false, StatutoryInsuranceKind.LuxembourgFund, new Domicile("LU"))));
        Assert.True(enrolled.IsSuccess, enrolled.Rejection?.Message);
        var firstCovered = WaitingPeriods.AffiliationStart(today).AddMonths(WaitingPeriods.FirstTimeMonths);

        var reminder = await ReminderAsync(family, FamilyGrain.CoverStartsReminder);
        Assert.Equal(TimeSpan.FromDays(1), reminder?.Period);
        await using var page = await LiveClient.ConnectAsync(Host, TestUser.Member(familyId, memberId, mainAffiliate: true));
        await page.JoinFamilyAsync(familyId);

        fixture.SetLocal(firstCovered.AddDays(-1), new TimeOnly(12, 0));
        await TickAsync(family, FamilyGrain.CoverStartsReminder);
        fixture.SetLocal(firstCovered, new TimeOnly(0, 1));
        await TickAsync(family, FamilyGrain.CoverStartsReminder);

        var day = firstCovered.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var starts = new[]
        {
            await page.NextAsync<CoverStartsMessage>(LiveEvents.CoverStarts),
            await page.NextAsync<CoverStartsMessage>(LiveEvents.CoverStarts),
            await page.NextAsync<CoverStartsMessage>(LiveEvents.CoverStarts),
        };
        Assert.Equal(
            [$"Base cover (RC) starts on {day}.", $"Prestaplus cover (PP) starts on {day}.", $"Dental cover (DO) starts on {day}."],
            starts.Select(s => s.Message));
        Assert.All(starts, s => Assert.Equal((familyId, null, memberId, firstCovered), (s.FamilyId, s.MemberId, Assert.Single(s.MemberIds), s.FirstCoveredDate)));

        // Nothing starts later: the reminder is gone, and another tick that day announces nothing again (the next
        // thing the page hears is the payment recorded after it).
        Assert.Null(await ReminderAsync(family, FamilyGrain.CoverStartsReminder));
        await TickAsync(family, FamilyGrain.CoverStartsReminder);
        await family.RecordPaymentAsync(firstCovered.Year, Money.FromEuros(300m), firstCovered);
        var next = await page.NextAsync<FamilyChangedMessage>(LiveEvents.FamilyChanged);
        Assert.Equal($"contribution {firstCovered.Year} paid", next.Change);
    }

    [Fact]
    public async Task Everyone_connected_hears_on_1_January_that_the_yearly_caps_start_afresh()
    {
        var year = fixture.Calendar.Today.Year;
        var calendar = Host.Grains.GetGrain<ICalendarGrain>(CalendarGrainKey.Key);
        await calendar.EnsureScheduledAsync();
        Assert.Equal(CalendarGrain.Period, (await ReminderAsync(calendar, CalendarGrain.ReminderName))?.Period);
        await using var page = await LiveClient.ConnectAsync(Host, TestUser.FrontDesk);

        fixture.SetLocal(new DateOnly(year, 12, 31), new TimeOnly(23, 30));
        await TickAsync(calendar, CalendarGrain.ReminderName);
        fixture.SetLocal(new DateOnly(year + 1, 1, 1), new TimeOnly(0, 30));
        await TickAsync(calendar, CalendarGrain.ReminderName);

        var reset = await page.NextAsync<CapsResetMessage>(LiveEvents.CapsReset);
        Assert.Equal((year + 1, $"Caps reset for {year + 1}: every yearly cap starts afresh for care from 1 January {year + 1}."), (reset.Year, reset.Message));
        Assert.Null(await calendar.RunDueAsync());
        Assert.Empty(page.Pending());
    }

    private async Task<ReminderEntry?> ReminderAsync(IAddressable grain, string name) =>
        await Host.Services.GetRequiredService<IReminderTable>().ReadRow(grain.GetGrainId(), name);

    private Task TickAsync(IAddressable grain, string name)
    {
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        return Host.Grains.GetGrain<IRemindable>(grain.GetGrainId()).ReceiveReminder(name, new TickStatus(now, TimeSpan.FromDays(1), now));
    }
}
