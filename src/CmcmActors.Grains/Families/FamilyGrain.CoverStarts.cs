using CmcmActors.Contracts.Notifications;
using CmcmActors.Grains.Calendar;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Families;

/// <summary>
/// The durable reminder for the next day on which one of the family's waiting periods ends, and on that day the
/// announcement that the tier's cover starts (see <see cref="CoverStartDates"/>).
/// </summary>
public sealed partial class FamilyGrain
{
    public const string CoverStartsReminder = "cover-starts";

    /// <summary>The day the cover-starts reminder is known to be set for in this activation; null when unknown.</summary>
    private DateOnly? _coverReminderFor;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SharesReminder)
        {
            await ReconcileOnReminderAsync();
            return;
        }

        if (reminderName != CoverStartsReminder)
        {
            return;
        }

        var today = calendar.Today;
        var after = state.State.CoverAnnouncedThrough ?? today.AddDays(-1);
        if (state.State.Family is { } family && today > after)
        {
            var due = CoverStartDates.Of(family).Where(s => s.Date > after && s.Date <= today).ToArray();
            var pushSequence = state.State.PushSequence;
            state.State.CoverAnnouncedThrough = today;
            state.State.PushSequence += due.Length;
            await state.WriteStateAsync();
            foreach (var start in due)
            {
                await publisher.PublishAsync(new CoverStarts(FamilyId, calendar.Now, start.Tier, start.Date, start.MemberId, start.Message,
                    CoverStartDates.MembersOf(family, start)) { Sequence = ++pushSequence });
            }
        }

        await ScheduleCoverStartsAsync(afterTick: true);
    }

    /// <summary>
    /// Sets the reminder for the next day a waiting period ends. After a command it only moves the reminder earlier (a
    /// reminder left for a day that no longer matters ticks, finds nothing and moves on); after a tick it moves it to
    /// the next day or removes it. A failure is logged, not thrown: the command it follows is already durable.
    /// </summary>
    private async Task ScheduleCoverStartsAsync(bool afterTick)
    {
        try
        {
            var today = calendar.Today;
            var announced = state.State.CoverAnnouncedThrough is { } through && through > today ? through : today;
            var next = state.State.Family is { } family
                ? CoverStartDates.Of(family).Where(s => s.Date > announced).Select(s => (DateOnly?)s.Date).FirstOrDefault()
                : null;
            if (next is not { } day)
            {
                if (afterTick && await this.GetReminder(CoverStartsReminder) is { } stale)
                {
                    await this.UnregisterReminder(stale);
                }

                _coverReminderFor = null;
                return;
            }

            if (!afterTick && _coverReminderFor is { } known && known <= day)
            {
                return;
            }

            await this.RegisterOrUpdateReminder(CoverStartsReminder, calendar.Until(day), TimeSpan.FromDays(1));
            _coverReminderFor = day;
        }
        catch (Exception e)
        {
            LogScheduleFailed(logger, e, FamilyId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: the cover-starts reminder could not be set")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception, string familyId);
}
