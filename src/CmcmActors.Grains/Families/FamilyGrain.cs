using CmcmActors.Contracts;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Contracts.People;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Grains.Calendar;
using CmcmActors.Grains.Notifications;
using CmcmActors.Grains.People;
using CmcmActors.Domain.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Families;

/// <summary>
/// A family. Besides its commands it keeps a durable reminder for the next day on which one of its waiting periods ends,
/// and on that day tells the family that the tier's cover starts (see <see cref="CoverStartDates"/>).
/// </summary>
public sealed partial class FamilyGrain(
    [PersistentState("family", CmcmStorage.ProviderName)] IPersistentState<FamilyState> state,
    INotificationPublisher publisher,
    TimeProvider clock,
    CmcmCalendar calendar,
    ILogger<FamilyGrain> logger) : Grain, IFamilyGrain, IRemindable
{
    public const string CoverStartsReminder = "cover-starts";

    /// <summary>The day the cover-starts reminder is known to be set for in this activation; null when unknown.</summary>
    private DateOnly? _coverReminderFor;

    private string FamilyId => this.GetPrimaryKeyString()["family/".Length..];

    public async Task<FamilyResult> EnrolAsync(EnrolFamily command)
    {
        if (state.State.Family is not null)
        {
            return Rejected("already-enrolled", $"Family {FamilyId} is already enrolled.", "familyId");
        }

        if (command.FamilyId != FamilyId)
        {
            return Rejected("wrong-family", "The command is for another family.", "familyId");
        }

        return await CommitAsync(Family.Enrol(FamilyId, command.MainMemberId, command.MainBirthDate, command.ApplicationReceived,
            command.Level, command.Reason, command.Eligibility), "enrolled", joining: (command.MainMemberId, "mainMemberId"),
            person: command.MainPerson is { } main ? (command.MainMemberId, main, "mainPerson.nationalNumber") : null);
    }

    public Task<FamilyView?> GetAsync() => Task.FromResult(state.State.Family is null ? null : View());

    public Task<FamilyResult> AddCoAffiliateAsync(AddCoAffiliate command) =>
        WithFamily(f => f.AddCoAffiliate(command.MemberId, command.Kind, command.BirthDate, command.CoInsuredWithMainAffiliate, command.AddedOn, command.BornOrAdoptedOn),
            $"co-affiliate {command.MemberId} added", joining: (command.MemberId, "memberId"),
            person: command.Person is { } person ? (command.MemberId, person, "person.nationalNumber") : null);

    /// <summary>The member leaves the roster and is free to join another family (his or her own, after a divorce); caps follow the person.</summary>
    public async Task<FamilyResult> RemoveCoAffiliateAsync(string memberId, DateOnly effective)
    {
        var result = await WithFamily(f => f.RemoveCoAffiliate(memberId, effective), $"co-affiliate {memberId} removed");
        if (result.IsSuccess)
        {
            await LeaveSafelyAsync(memberId);
        }

        return result;
    }

    public Task<FamilyResult> ChangeLevelAsync(DateOnly requestReceived, CoverageLevel level) =>
        WithFamily(f => f.ChangeLevel(requestReceived, level), $"level changed to {level.DisplayName()}");

    public Task<FamilyResult> RecordPaymentAsync(int year, Domain.Money.Money amount, DateOnly paidOn) =>
        WithFamily(f => f.RecordPayment(year, amount, paidOn), $"contribution {year} paid");

    public Task<FamilyResult> ResignAsync(DateOnly effective) => WithFamily(f => f.Resign(effective), "resigned");

    public Task<FamilyResult> ReadmitAsync(DateOnly applicationReceived, CoverageLevel level) =>
        WithFamily(f => f.Readmit(applicationReceived, level), "readmitted");

    /// <summary>A correction of a member's names or national number: the domain's family does not change, only the people.</summary>
    public async Task<FamilyResult> UpdatePersonAsync(string memberId, Person person)
    {
        if (state.State.Family is not { } family)
        {
            return Rejected("unknown-family", $"Family {FamilyId} is not enrolled.", "familyId");
        }

        if (family.FindMember(memberId) is null)
        {
            return Rejected("unknown-member", $"Member {memberId} is not on the roster of family {FamilyId}.", "memberId");
        }

        if (state.State.People.GetValueOrDefault(memberId) == person)
        {
            await IndexPeopleSafelyAsync();
            return new FamilyResult(View(), null);
        }

        var previous = state.State.People.GetValueOrDefault(memberId);
        var number = await ClaimNumberAsync(memberId, person, "nationalNumber");
        if (number.Refused is { } refused)
        {
            return refused;
        }

        state.State.People[memberId] = person;
        state.State.Version++;
        state.State.PushSequence++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (previous is null)
            {
                state.State.People.Remove(memberId);
            }
            else
            {
                state.State.People[memberId] = previous;
            }

            state.State.Version--;
            state.State.PushSequence--;
            await ReleaseNumberSafelyAsync(number.NewlyBound, memberId);
            throw;
        }

        await ReleaseNumberSafelyAsync(NumberLeft(previous, person), memberId);
        await IndexPeopleSafelyAsync();
        await PublishSafelyAsync(new FamilyChanged(FamilyId, clock.GetUtcNow(), "member details changed") { Sequence = state.State.PushSequence });
        return new FamilyResult(View(), null);
    }

    public Task<FamilyFacts?> GetFactsAsync(string memberId, string? claimId)
    {
        var family = state.State.Family;
        if (family?.FindMember(memberId) is null)
        {
            return Task.FromResult<FamilyFacts?>(null);
        }

        var usage = state.State.Usage;
        if (claimId is not null && state.State.AppliedClaims.TryGetValue(claimId, out var own))
        {
            var book = AccumulatorBook.FromTotals(usage);
            book.Apply(own.Select(c => c.Negate()));
            usage = book.ToTotals();
        }

        return Task.FromResult<FamilyFacts?>(new FamilyFacts(family.ProfileOf(memberId, []), state.State.AccumulatorVersion, usage, state.State.Version));
    }

    public async Task<FamilyApplyResult> ApplyFamilyChangesAsync(string claimId, long expectedVersion, AccumulatorChange[] changes)
    {
        if (state.State.AppliedClaims.ContainsKey(claimId))
        {
            return new FamilyApplyResult(false, true, state.State.AccumulatorVersion);
        }

        if (expectedVersion != state.State.AccumulatorVersion)
        {
            return new FamilyApplyResult(false, false, state.State.AccumulatorVersion);
        }

        await MoveUsageAsync(claimId, changes, share: changes);
        return new FamilyApplyResult(true, false, state.State.AccumulatorVersion);
    }

    public async Task ReverseFamilyChangesAsync(string claimId)
    {
        if (!state.State.AppliedClaims.TryGetValue(claimId, out var changes) || changes.Length == 0)
        {
            return;
        }

        await MoveUsageAsync(claimId, changes.Select(c => c.Negate()), share: []);
    }

    public async Task<FamilyApplyResult> ReplaceFamilyChangesAsync(string claimId, long expectedVersion, AccumulatorChange[] changes)
    {
        if (expectedVersion != state.State.AccumulatorVersion)
        {
            return new FamilyApplyResult(false, false, state.State.AccumulatorVersion);
        }

        var earlier = state.State.AppliedClaims.GetValueOrDefault(claimId) ?? [];
        await MoveUsageAsync(claimId, earlier.Select(c => c.Negate()).Concat(changes), share: changes);
        return new FamilyApplyResult(true, false, state.State.AccumulatorVersion);
    }

    public async Task ReleaseFamilyChangesAsync(string claimId)
    {
        if (!state.State.AppliedClaims.TryGetValue(claimId, out var changes))
        {
            return;
        }

        await MoveUsageAsync(claimId, changes.Select(c => c.Negate()), share: null);
    }

    /// <summary>
    /// Moves the family-scoped totals by <paramref name="delta"/>, records the claim's share of them (null: the family
    /// forgets the claim), and writes: every change of the totals changes <see cref="FamilyState.AccumulatorVersion"/>.
    /// </summary>
    private async Task MoveUsageAsync(string claimId, IEnumerable<AccumulatorChange> delta, AccumulatorChange[]? share)
    {
        var book = AccumulatorBook.FromTotals(state.State.Usage);
        book.Apply(delta);
        state.State.Usage = book.ToTotals();
        if (share is null)
        {
            state.State.AppliedClaims.Remove(claimId);
        }
        else
        {
            state.State.AppliedClaims[claimId] = share;
        }

        state.State.AccumulatorVersion++;
        state.State.Version++;
        await state.WriteStateAsync();
    }

    private async Task<FamilyResult> WithFamily(Func<Family, Result<Family>> command, string change, (string MemberId, string Field)? joining = null,
        (string MemberId, Person Person, string Field)? person = null)
    {
        if (state.State.Family is not { } family)
        {
            return Rejected("unknown-family", $"Family {FamilyId} is not enrolled.", "familyId");
        }

        return await CommitAsync(command(family), change, joining, person);
    }

    /// <summary>
    /// Commits a family change. A change that puts a member on the roster first asks the member to join (the member
    /// decides which family he or she belongs to, one at a time), and undoes that join when the family's own write
    /// fails: a refused or failed command leaves nothing applied. Members on the roster are then told the family changed.
    /// </summary>
    private async Task<FamilyResult> CommitAsync(Result<Family> result, string change, (string MemberId, string Field)? joining = null,
        (string MemberId, Person Person, string Field)? person = null)
    {
        if (!result.IsSuccess)
        {
            return new FamilyResult(null, result.Rejection);
        }

        if (ReferenceEquals(result.Value, state.State.Family))
        {
            // The command asks for what is already so (a payment sent again): nothing to write.
            return new FamilyResult(View(), null);
        }

        var join = joining is { } j ? await Member(j.MemberId).JoinFamilyAsync(FamilyId) : null;
        if (join is { Joined: false })
        {
            return Rejected("member-in-other-family", $"Member {joining!.Value.MemberId} is already in family {join.OtherFamilyId}.", joining.Value.Field);
        }

        (string? NewlyBound, FamilyResult? Refused) number = (null, null);
        try
        {
            number = person is { } who ? await ClaimNumberAsync(who.MemberId, who.Person, who.Field) : (null, null);
        }
        catch
        {
            if (join is { NewlyBound: true })
            {
                await LeaveSafelyAsync(joining!.Value.MemberId);
            }

            throw;
        }

        if (number.Refused is { } refused)
        {
            if (join is { NewlyBound: true })
            {
                await LeaveSafelyAsync(joining!.Value.MemberId);
            }

            return refused;
        }

        var previous = state.State.Family;
        var previousAnnounced = state.State.CoverAnnouncedThrough;
        state.State.Family = result.Value;
        state.State.Version++;
        state.State.PushSequence++;
        var previousPerson = person is { } p && state.State.People.TryGetValue(p.MemberId, out var earlier) ? earlier : null;
        if (person is { } changed)
        {
            state.State.People[changed.MemberId] = changed.Person;
        }

        state.State.CoverAnnouncedThrough ??= calendar.Today;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Family = previous;
            state.State.Version--;
            state.State.PushSequence--;
            state.State.CoverAnnouncedThrough = previousAnnounced;
            if (person is { } restored)
            {
                if (previousPerson is null)
                {
                    state.State.People.Remove(restored.MemberId);
                }
                else
                {
                    state.State.People[restored.MemberId] = previousPerson;
                }
            }

            if (join is { NewlyBound: true })
            {
                await LeaveSafelyAsync(joining!.Value.MemberId);
            }

            if (person is { } claimed)
            {
                await ReleaseNumberSafelyAsync(number.NewlyBound, claimed.MemberId);
            }

            throw;
        }

        if (person is { } recorded)
        {
            await ReleaseNumberSafelyAsync(NumberLeft(previousPerson, recorded.Person), recorded.MemberId);
        }

        await TellMembersAsync();
        await IndexPeopleSafelyAsync();
        await PublishSafelyAsync(new FamilyChanged(FamilyId, clock.GetUtcNow(), change) { Sequence = state.State.PushSequence });
        await ScheduleCoverStartsAsync(afterTick: false);
        return new FamilyResult(View(), null);
    }

    /// <summary>
    /// Writes the roster with its people to the desk's search index. Best effort after a durable change: a failure is
    /// logged (without personal data) and the family writes its roster again after its next command, since the index
    /// version stays behind.
    /// </summary>
    private async Task IndexPeopleSafelyAsync()
    {
        if (state.State.Family is not { } family || state.State.PeopleIndexedVersion == state.State.Version)
        {
            return;
        }

        try
        {
            var entries = family.Members.Select(m =>
            {
                var person = state.State.People.GetValueOrDefault(m.MemberId);
                return new PersonEntry(m.MemberId, FamilyId, person?.Surname, person?.GivenNames, person?.NationalNumber, m.BirthDate, m.LeftOn is null);
            }).ToArray();
            await ServiceProvider.GetRequiredService<IPeopleIndex>().UpsertAsync(entries);
            state.State.PeopleIndexedVersion = state.State.Version;
        }
        catch (Exception e)
        {
            LogIndexFailed(logger, e.GetType().Name, FamilyId);
        }
    }

    private IMemberGrain Member(string memberId) => GrainFactory.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));

    /// <summary>Members cache the family's facts: after a change each is told the version from which its cache is stale.</summary>
    private async Task TellMembersAsync()
    {
        var version = state.State.Version;
        var calls = state.State.Family!.Members.Select(async m =>
        {
            try
            {
                await Member(m.MemberId).FamilyChangedAsync(FamilyId, version);
            }
            catch (Exception e)
            {
                LogTellFailed(logger, e, FamilyId, m.MemberId);
            }
        });
        await Task.WhenAll(calls);
    }

    /// <summary>
    /// Records the person's national number for the member when it is new for him or her (see
    /// <see cref="INationalNumberGrain"/>): <c>NewlyBound</c> is the number this call bound (to release if the family's
    /// write fails), <c>Refused</c> the answer when another member holds it, naming <paramref name="field"/>.
    /// </summary>
    private async Task<(string? NewlyBound, FamilyResult? Refused)> ClaimNumberAsync(string memberId, Person person, string field)
    {
        if (person.NationalNumber is not { } number || state.State.People.GetValueOrDefault(memberId)?.NationalNumber == number)
        {
            return (null, null);
        }

        var claim = await NationalNumbers.Of(GrainFactory, number).ClaimAsync(number, memberId);
        return claim.Claimed
            ? (claim.NewlyBound ? number : null, null)
            : (null, Rejected("national-number-in-use", $"This national number is already recorded for member {claim.HeldBy}: a person has one member id.", field));
    }

    /// <summary>The number the member had before and no longer has, or null.</summary>
    private static string? NumberLeft(Person? before, Person after) =>
        before?.NationalNumber is { } old && old != after.NationalNumber ? old : null;

    /// <summary>Frees <paramref name="number"/> for others; a failure keeps it recorded for the member (logged, without the number).</summary>
    private async Task ReleaseNumberSafelyAsync(string? number, string memberId)
    {
        if (number is null)
        {
            return;
        }

        try
        {
            await NationalNumbers.Of(GrainFactory, number).ReleaseAsync(memberId);
        }
        catch (Exception e)
        {
            LogReleaseNumberFailed(logger, e, FamilyId, memberId);
        }
    }

    private async Task LeaveSafelyAsync(string memberId)
    {
        try
        {
            await Member(memberId).LeaveFamilyAsync(FamilyId);
        }
        catch (Exception e)
        {
            LogTellFailed(logger, e, FamilyId, memberId);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
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

    private FamilyView View()
    {
        var family = state.State.Family!;
        var tiers = family.Affiliation.Spells
            .Select(s => new TierStatus(s.Tier, s.Start, s.End, s.WaitingMonths, s.FirstCoveredDate))
            .ToArray();
        return new FamilyView(family.FamilyId, family.Affiliation.CurrentLevel, family.Affiliation.ResignedOn, family.AffiliationInEffect,
            family.Members, tiers, family.Payments, family.EnrolmentReason, state.State.Version, state.State.People.ToDictionary());
    }

    private static FamilyResult Rejected(string code, string message, string field) => new(null, new Rejection(code, message, field));

    /// <summary>
    /// Best effort, like every notification: the command is durable already, and reporting it as failed would make the
    /// caller retry a command that was applied (a contribution recorded twice).
    /// </summary>
    private async Task PublishSafelyAsync(CmcmEvent notification)
    {
        try
        {
            await publisher.PublishAsync(notification);
        }
        catch (Exception e)
        {
            LogPublishFailed(logger, e, FamilyId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: a national number of member {MemberId} (a former one, or one claimed for a write that failed) could not be freed; it stays recorded for that member")]
    private static partial void LogReleaseNumberFailed(ILogger logger, Exception exception, string familyId, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: a notification could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string familyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: member {MemberId} could not be told of a change")]
    private static partial void LogTellFailed(ILogger logger, Exception exception, string familyId, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: the people index could not be written ({ExceptionType}); it is written again after the next command")]
    private static partial void LogIndexFailed(ILogger logger, string exceptionType, string familyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: the cover-starts reminder could not be set")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception, string familyId);
}
