using CmcmActors.Contracts;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Grains.Notifications;

namespace CmcmActors.Grains.Families;

public sealed class FamilyGrain(
    [PersistentState("family", CmcmStorage.ProviderName)] IPersistentState<FamilyState> state,
    INotificationPublisher publisher,
    TimeProvider clock) : Grain, IFamilyGrain
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
            command.Level, command.Reason, command.Eligibility), "enrolled");
    }

    public Task<FamilyView?> GetAsync() => Task.FromResult(state.State.Family is null ? null : View());

    public Task<FamilyResult> AddCoAffiliateAsync(AddCoAffiliate command) =>
        WithFamily(f => f.AddCoAffiliate(command.MemberId, command.Kind, command.BirthDate, command.CoInsuredWithMainAffiliate, command.AddedOn, command.BornOrAdoptedOn),
            $"co-affiliate {command.MemberId} added");

    public Task<FamilyResult> RemoveCoAffiliateAsync(string memberId, DateOnly effective) =>
        WithFamily(f => f.RemoveCoAffiliate(memberId, effective), $"co-affiliate {memberId} removed");

    public Task<FamilyResult> ChangeLevelAsync(DateOnly requestReceived, CoverageLevel level) =>
        WithFamily(f => f.ChangeLevel(requestReceived, level), $"level changed to {level.DisplayName()}");

    public Task<FamilyResult> RecordPaymentAsync(int year, Domain.Money.Money amount, DateOnly paidOn) =>
        WithFamily(f => f.RecordPayment(year, amount, paidOn), $"contribution {year} paid");

    public Task<FamilyResult> ResignAsync(DateOnly effective) => WithFamily(f => f.Resign(effective), "resigned");

    public Task<FamilyResult> ReadmitAsync(DateOnly applicationReceived, CoverageLevel level) =>
        WithFamily(f => f.Readmit(applicationReceived, level), "readmitted");

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
            var book = ToBook(usage);
            book.Apply(own.Select(c => c.Negate()));
            usage = FromBook(book);
        }

        return Task.FromResult<FamilyFacts?>(new FamilyFacts(family.ProfileOf(memberId, []), state.State.AccumulatorVersion, usage));
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

        var book = ToBook(state.State.Usage);
        book.Apply(changes);
        state.State.Usage = FromBook(book);
        state.State.AppliedClaims[claimId] = changes;
        state.State.AccumulatorVersion++;
        state.State.Version++;
        await state.WriteStateAsync();
        return new FamilyApplyResult(true, false, state.State.AccumulatorVersion);
    }

    public async Task ReverseFamilyChangesAsync(string claimId)
    {
        if (!state.State.AppliedClaims.TryGetValue(claimId, out var changes) || changes.Length == 0)
        {
            return;
        }

        var book = ToBook(state.State.Usage);
        book.Apply(changes.Select(c => c.Negate()));
        state.State.Usage = FromBook(book);
        state.State.AppliedClaims[claimId] = [];
        state.State.AccumulatorVersion++;
        state.State.Version++;
        await state.WriteStateAsync();
    }

    private async Task<FamilyResult> WithFamily(Func<Family, Result<Family>> command, string change)
    {
        if (state.State.Family is not { } family)
        {
            return Rejected("unknown-family", $"Family {FamilyId} is not enrolled.", "familyId");
        }

        return await CommitAsync(command(family), change);
    }

    private async Task<FamilyResult> CommitAsync(Result<Family> result, string change)
    {
        if (!result.IsSuccess)
        {
            return new FamilyResult(null, result.Rejection);
        }

        var previous = state.State.Family;
        state.State.Family = result.Value;
        state.State.Version++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Family = previous;
            state.State.Version--;
            throw;
        }

        await publisher.PublishAsync(new FamilyChanged(FamilyId, clock.GetUtcNow(), change));
        return new FamilyResult(View(), null);
    }

    private FamilyView View()
    {
        var family = state.State.Family!;
        var tiers = family.Affiliation.Spells
            .Select(s => new TierStatus(s.Tier, s.Start, s.End, s.WaitingMonths, s.FirstCoveredDate))
            .ToArray();
        return new FamilyView(family.FamilyId, family.Affiliation.CurrentLevel, family.Affiliation.ResignedOn, family.AffiliationInEffect,
            family.Members, tiers, family.Payments, family.EnrolmentReason, state.State.Version);
    }

    private static FamilyResult Rejected(string code, string message, string field) => new(null, new Rejection(code, message, field));

    internal static AccumulatorBook ToBook(IEnumerable<AccumulatorChange> usage)
    {
        var book = new AccumulatorBook();
        foreach (var entry in usage)
        {
            book.Set(entry.Key, entry.AsUsage);
        }

        return book;
    }

    internal static List<AccumulatorChange> FromBook(AccumulatorBook book) =>
        book.Entries.Select(e => new AccumulatorChange(e.Key, e.Value.Paid, e.Value.Units)).ToList();
}
