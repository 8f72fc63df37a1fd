using CmcmActors.Contracts;
using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Adjudication;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Families;

/// <summary>
/// The family-scoped caps: the family's totals and what each claim holds of them (<see cref="FamilyCapLedger"/>). A
/// member reserves a claim's share before it writes the claim and settles it after; room is given back only then.
/// </summary>
public sealed partial class FamilyGrain
{
    /// <summary>Ticks while a claim's reservation waits for its member's write to be settled.</summary>
    public const string SharesReminder = "family-shares";

    /// <summary>A reservation older than this is asked about: its member's write failed, or the settlement was lost.</summary>
    internal static readonly TimeSpan SettlementGrace = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan SharesReminderPeriod = TimeSpan.FromMinutes(1);

    private bool _sharesReminderSet;

    public Task<FamilyFacts?> GetFactsAsync(string memberId, string? claimId, AccumulatorChange[]? claimShare = null)
    {
        var family = state.State.Family;
        if (family?.FindMember(memberId) is null)
        {
            return Task.FromResult<FamilyFacts?>(null);
        }

        FactsRead(memberId);
        var usage = Ledger().TotalsWithout(claimId, claimShare ?? []);
        return Task.FromResult<FamilyFacts?>(new FamilyFacts(family.ProfileOf(memberId, []), state.State.AccumulatorVersion, usage, state.State.Version));
    }

    public async Task<FamilyApplyResult> ReserveFamilyShareAsync(FamilyShareReservation reservation)
    {
        var ledger = Ledger();
        var outcome = ledger.Reserve(reservation.ClaimId, new ShareVersion(reservation.DurableVersion, reservation.Durable),
            new ShareVersion(reservation.NextVersion, reservation.Next), clock.GetUtcNow(), reservation.DecidedOn, state.State.AccumulatorVersion, out var moved,
            reservation.ReservedBy ?? reservation.MemberId);
        if (outcome != ReserveOutcome.Reserved)
        {
            return new FamilyApplyResult(false, false, state.State.AccumulatorVersion) { Busy = outcome == ReserveOutcome.Busy };
        }

        await WriteLedgerAsync(ledger, moved);
        await EnsureSharesReminderAsync();
        return new FamilyApplyResult(true, false, state.State.AccumulatorVersion);
    }

    public async Task SettleFamilyShareAsync(string claimId, long version, AccumulatorChange[] changes, bool nothingNewer)
    {
        var ledger = Ledger();
        var before = ledger.Shares.GetValueOrDefault(claimId);
        var moved = ledger.Settle(claimId, new ShareVersion(version, changes), nothingNewer);
        if (moved || before != ledger.Shares.GetValueOrDefault(claimId))
        {
            await WriteLedgerAsync(ledger, moved);
        }
    }

    public Task<FamilyCascadeFacts?> GetCascadeFactsAsync()
    {
        if (state.State.Family is not { } family)
        {
            return Task.FromResult<FamilyCascadeFacts?>(null);
        }

        var profiles = family.Members.ToDictionary(m => m.MemberId, m => family.ProfileOf(m.MemberId, []), StringComparer.Ordinal);
        var ledger = Ledger();
        return Task.FromResult<FamilyCascadeFacts?>(new FamilyCascadeFacts(profiles, ledger.Totals, state.State.AccumulatorVersion)
        {
            Unsettled = ledger.PendingSince(DateTimeOffset.MaxValue).Count,
        });
    }

    public async Task<ReserveOutcome> ReserveCascadeAsync(FamilyShareReservation[] reservations, long decidedOn, string reservedBy)
    {
        var ledger = Ledger();
        var claims = reservations.Select(r => (r.ClaimId, new ShareVersion(r.DurableVersion, r.Durable), new ShareVersion(r.NextVersion, r.Next))).ToArray();
        var outcome = ledger.ReserveAll(claims, clock.GetUtcNow(), decidedOn, state.State.AccumulatorVersion, reservedBy, out var moved);
        if (outcome == ReserveOutcome.Reserved)
        {
            await WriteLedgerAsync(ledger, moved);
            await EnsureSharesReminderAsync();
        }

        return outcome;
    }

    public async Task SettleCascadeAsync(FamilyShareSettlement[] settlements)
    {
        var ledger = Ledger();
        var moved = false;
        foreach (var settlement in settlements)
        {
            moved |= ledger.Settle(settlement.ClaimId, new ShareVersion(settlement.Version, settlement.Changes), nothingNewer: false);
        }

        await WriteLedgerAsync(ledger, moved);
    }

    public Task<int> ReconcileFamilySharesAsync(TimeSpan olderThan)
    {
        var due = Ledger().PendingSince(clock.GetUtcNow() - olderThan);
        foreach (var claimId in due)
        {
            // Not awaited: the member answers by settling the share, a call into this grain that must not wait for this one.
            var memberId = claimId[..claimId.IndexOf('/', StringComparison.Ordinal)];
            _ = AskAsync(memberId, claimId);
        }

        return Task.FromResult(due.Count);
    }

    private async Task AskAsync(string memberId, string claimId)
    {
        try
        {
            await GrainFactory.GetGrain<Contracts.Members.IMemberGrain>(GrainKeys.Member(memberId)).ReconcileFamilyShareAsync(FamilyId, claimId);
        }
        catch (Exception e)
        {
            LogReconcileFailed(logger, e, FamilyId, claimId);
        }
    }

    private async Task ReconcileOnReminderAsync()
    {
        if (await ReconcileFamilySharesAsync(SettlementGrace) > 0 || Ledger().PendingSince(DateTimeOffset.MaxValue).Count > 0)
        {
            return;
        }

        if (await this.GetReminder(SharesReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _sharesReminderSet = false;
    }

    /// <summary>
    /// The ledger over the family's state. The claim-by-claim ledger written by the version before it is dropped: each
    /// claim's share is in the totals already, and its member states it.
    /// </summary>
    private FamilyCapLedger Ledger()
    {
        state.State.AppliedClaims.Clear();
        return new FamilyCapLedger(state.State.Usage, state.State.Shares);
    }

    /// <summary>Writes the ledger; every move of the totals changes <see cref="FamilyState.AccumulatorVersion"/>.</summary>
    private async Task WriteLedgerAsync(FamilyCapLedger ledger, bool moved)
    {
        state.State.Usage = ledger.Totals;
        state.State.Shares = new Dictionary<string, FamilyShare>(ledger.Shares, StringComparer.Ordinal);
        if (moved)
        {
            state.State.AccumulatorVersion++;
        }

        state.State.Version++;
        await state.WriteStateAsync();
    }

    /// <summary>The reconciliation reminder, set once per activation while reservations may be pending (a reminder write is not free).</summary>
    private async Task EnsureSharesReminderAsync()
    {
        if (_sharesReminderSet)
        {
            return;
        }

        try
        {
            await this.RegisterOrUpdateReminder(SharesReminder, SharesReminderPeriod, SharesReminderPeriod);
            _sharesReminderSet = true;
        }
        catch (Exception e)
        {
            LogReconcileFailed(logger, e, FamilyId, "(reminder)");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: the member of claim {ClaimId} could not be asked what it wrote; asked again at the next tick")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception, string familyId, string claimId);
}
