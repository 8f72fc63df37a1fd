using CmcmActors.Contracts;
using CmcmActors.Contracts.Audit;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Contracts.People;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Grains.Audit;
using CmcmActors.Grains.Calendar;
using CmcmActors.Grains.Notifications;
using CmcmActors.Grains.People;
using CmcmActors.Domain.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Families;

/// <summary>
/// A family: its commands (one pipeline: load → the domain's <see cref="Family"/> decides → write → tell the roster and
/// the pages → answer) and the accumulators of family-scoped caps. Its other jobs have files of their own: the people
/// (FamilyGrain.People.cs), the roster's members (FamilyGrain.Roster.cs) and the cover-starts reminder
/// (FamilyGrain.CoverStarts.cs).
/// </summary>
public sealed partial class FamilyGrain(
    [PersistentState("family", CmcmStorage.ProviderName)] IPersistentState<FamilyState> state,
    INotificationPublisher publisher,
    TimeProvider clock,
    CmcmCalendar calendar,
    IAuditTrail auditTrail,
    ILogger<FamilyGrain> logger) : Grain, IFamilyGrain, IRemindable
{
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
            command.Level, command.Reason, command.Eligibility), "enrolled", (AuditActions.FamilyEnrolled, command.MainMemberId), joining: (command.MainMemberId, "mainMemberId"),
            person: command.MainPerson is { } main ? (command.MainMemberId, main, "mainPerson.nationalNumber") : null);
    }

    public Task<FamilyView?> GetAsync() => Task.FromResult(state.State.Family is null ? null : View());

    public Task<FamilyResult> AddCoAffiliateAsync(AddCoAffiliate command) =>
        WithFamily(f => f.AddCoAffiliate(command.MemberId, command.Kind, command.BirthDate, command.CoInsuredWithMainAffiliate, command.AddedOn, command.BornOrAdoptedOn),
            $"co-affiliate {command.MemberId} added", (AuditActions.CoAffiliateAdded, command.MemberId), joining: (command.MemberId, "memberId"),
            person: command.Person is { } person ? (command.MemberId, person, "person.nationalNumber") : null);

    /// <summary>The member leaves the roster and is free to join another family (his or her own, after a divorce); caps follow the person.</summary>
    public async Task<FamilyResult> RemoveCoAffiliateAsync(string memberId, DateOnly effective)
    {
        var result = await WithFamily(f => f.RemoveCoAffiliate(memberId, effective), $"co-affiliate {memberId} removed from {effective:yyyy-MM-dd}", (AuditActions.CoAffiliateRemoved, memberId));
        if (result.IsSuccess)
        {
            await LeaveSafelyAsync(memberId);
        }

        return result;
    }

    public Task<FamilyResult> ChangeLevelAsync(DateOnly requestReceived, CoverageLevel level) =>
        WithFamily(f => f.ChangeLevel(requestReceived, level), $"level changed to {level.DisplayName()}", (AuditActions.LevelChanged, null));

    public Task<FamilyResult> RecordPaymentAsync(int year, Domain.Money.Money amount, DateOnly paidOn) =>
        WithFamily(f => f.RecordPayment(year, amount, paidOn), $"contribution {year} paid", (AuditActions.PaymentRecorded, null),
            detail: $"contribution {year}: {amount.ToDisplayString()} paid on {paidOn:yyyy-MM-dd}");

    public Task<FamilyResult> ResignAsync(DateOnly effective) => WithFamily(f => f.Resign(effective), "resigned", (AuditActions.Resigned, null), detail: $"resigned from {effective:yyyy-MM-dd}");

    public Task<FamilyResult> ReadmitAsync(DateOnly applicationReceived, CoverageLevel level) =>
        WithFamily(f => f.Readmit(applicationReceived, level), "readmitted", (AuditActions.Readmitted, null), detail: $"readmitted at level {level.DisplayName()}");

    /// <summary>A correction of a member's names or national number: the domain's family does not change, only the people.</summary>
    public Task<FamilyResult> UpdatePersonAsync(string memberId, Person person) =>
        WithFamily(f => f.FindMember(memberId) is null ? new Rejection("unknown-member", $"Member {memberId} is not on the roster of family {FamilyId}.", "memberId") : f,
            "member details changed", (AuditActions.PersonChanged, memberId), person: (memberId, person, "nationalNumber"));

    private async Task<FamilyResult> WithFamily(Func<Family, Result<Family>> command, string change, (string Action, string? MemberId) audit,
        (string MemberId, string Field)? joining = null, (string MemberId, Person Person, string Field)? person = null, string? detail = null)
    {
        if (state.State.Family is not { } family)
        {
            return Rejected("unknown-family", $"Family {FamilyId} is not enrolled.", "familyId");
        }

        return await CommitAsync(command(family), change, audit, joining, person, detail);
    }

    /// <summary>
    /// Commits a family change. A change that puts a member on the roster first asks the member to join (the member
    /// decides which family he or she belongs to, one at a time), and undoes that join when the family's own write
    /// fails: a refused or failed command leaves nothing applied. Members on the roster are then told the family changed.
    /// The command's audit entry (who: the caller's actor) is written in the same state write (<see cref="FamilyState.AuditOutbox"/>).
    /// </summary>
    private async Task<FamilyResult> CommitAsync(Result<Family> result, string change, (string Action, string? MemberId) audit,
        (string MemberId, string Field)? joining = null, (string MemberId, Person Person, string Field)? person = null, string? detail = null)
    {
        if (!result.IsSuccess)
        {
            return new FamilyResult(null, result.Rejection);
        }

        if (ReferenceEquals(result.Value, state.State.Family) && (person is not { } asked || state.State.People.GetValueOrDefault(asked.MemberId) == asked.Person))
        {
            // The command asks for what is already so (a payment or a correction sent again): nothing to write.
            await IndexPeopleSafelyAsync();
            return new FamilyResult(View(), null);
        }

        if (joining is { } spelled
            && await GrainFactory.GetGrain<IMemberIdGrain>(MemberIds.SpellingKey(spelled.MemberId)).ClaimSpellingAsync(spelled.MemberId) is var spelling
            && spelling != spelled.MemberId)
        {
            return Rejected("member-id-case-variant", $"Member id {spelled.MemberId} differs only by case from member {spelling}: ids are compared without case.", spelled.Field);
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
        var entry = new AuditEntry($"family/{FamilyId}/v{state.State.Version}", clock.GetUtcNow(), FamilyId, audit.MemberId, null,
            AuditContext.CurrentOrSystem, audit.Action, detail ?? change);
        state.State.AuditOutbox.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.AuditOutbox.Remove(entry);
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

        await CopyAuditSafelyAsync();
        await TellMembersAsync(wasEnrolled: previous is not null);
        await IndexPeopleSafelyAsync();
        await PublishSafelyAsync(new FamilyChanged(FamilyId, clock.GetUtcNow(), change) { Sequence = state.State.PushSequence });
        await ScheduleCoverStartsAsync(afterTick: false);
        return new FamilyResult(View(), null);
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


    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: a notification could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string familyId);


}
