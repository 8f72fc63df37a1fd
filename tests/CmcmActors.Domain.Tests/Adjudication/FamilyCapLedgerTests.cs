using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>
/// The family-scoped caps as two owners write them (the member writes the claim, the family its totals): the rule
/// "family room is given back only after the member's write" and the reservation that makes a failed write harmless.
/// </summary>
public sealed class FamilyCapLedgerTests
{
    private static readonly AccumulatorKey Contacts = new(CapScope.Family, "f-1", "DO.OPTIC.CONTACTS.FAMILY", CapPeriod.Year, 2026, null, null);
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 10, 0, 0, TimeSpan.Zero);

    private static ShareVersion Share(long version, decimal euros) => new(version, euros == 0 ? [] : [new AccumulatorChange(Contacts, Eur(euros), 0)]);

    private static decimal Used(FamilyCapLedger ledger) => ledger.Totals.SingleOrDefault()?.Paid.Euros ?? 0m;

    private static FamilyCapLedger WithClaim(decimal euros)
    {
        var ledger = new FamilyCapLedger([], new Dictionary<string, FamilyShare>());
        ledger.Reserve("m-1/C-1", ShareVersion.None, Share(1, euros), Now, 0, 0, out _);
        ledger.Settle("m-1/C-1", Share(1, euros), nothingNewer: false);
        return ledger;
    }

    [Fact]
    public void Decision_FamilyRoomGivenBackOnlyAfterMemberWrite_ReversalReservedHoldsTheRoom()
    {
        var ledger = WithClaim(80m);

        ledger.Reserve("m-1/C-1", Share(1, 80m), Share(2, 0m), Now, 1, 1, out var moved);

        Assert.False(moved);
        Assert.Equal(80m, Used(ledger));
        Assert.Equal(2, ledger.Shares["m-1/C-1"].Pending!.Version);
    }

    [Fact]
    public void Decision_FamilyRoomGivenBackOnlyAfterMemberWrite_SettledReversalGivesTheRoomBackAndForgetsTheClaim()
    {
        var ledger = WithClaim(80m);
        ledger.Reserve("m-1/C-1", Share(1, 80m), Share(2, 0m), Now, 1, 1, out _);

        var moved = ledger.Settle("m-1/C-1", Share(2, 0m), nothingNewer: false);

        Assert.True(moved);
        Assert.Equal(0m, Used(ledger));
        Assert.Empty(ledger.Shares);
    }

    [Fact]
    public void Reserve_CorrectionDownwards_HoldsTheLargerShareUntilSettled()
    {
        var ledger = WithClaim(80m);

        ledger.Reserve("m-1/C-1", Share(1, 80m), Share(2, 30m), Now, 1, 1, out _);
        var whileWriting = Used(ledger);
        ledger.Settle("m-1/C-1", Share(2, 30m), nothingNewer: false);

        Assert.Equal((80m, 30m), (whileWriting, Used(ledger)));
    }

    [Fact]
    public void Reserve_CorrectionUpwards_TakesTheRoomBeforeTheWrite()
    {
        var ledger = WithClaim(30m);

        ledger.Reserve("m-1/C-1", Share(1, 30m), Share(2, 80m), Now, 1, 1, out var moved);

        Assert.True(moved);
        Assert.Equal(80m, Used(ledger));
    }

    [Fact]
    public void Reserve_GrowingOnTotalsThatMoved_IsStaleAndChangesNothing()
    {
        var ledger = WithClaim(30m);

        var outcome = ledger.Reserve("m-1/C-1", Share(1, 30m), Share(2, 80m), Now, decidedOn: 1, totalsVersion: 2, out var moved);

        Assert.Equal((ReserveOutcome.Stale, false, 30m), (outcome, moved, Used(ledger)));
        Assert.Empty(ledger.Shares);
    }

    [Fact]
    public void Reserve_NotGrowingOnTotalsThatMoved_IsReserved()
    {
        var ledger = WithClaim(80m);

        var outcome = ledger.Reserve("m-1/C-1", Share(1, 80m), Share(2, 0m), Now, decidedOn: 1, totalsVersion: 7, out _);

        Assert.Equal(ReserveOutcome.Reserved, outcome);
    }

    [Fact]
    public void Settle_WriteThatFailed_MemberSaysNothingNewer_DropsThePendingVersionAndKeepsTheDurableShare()
    {
        var ledger = WithClaim(80m);
        ledger.Reserve("m-1/C-1", Share(1, 80m), Share(2, 0m), Now, 1, 1, out _);

        ledger.Settle("m-1/C-1", Share(1, 80m), nothingNewer: true);

        Assert.Equal(80m, Used(ledger));
        Assert.Empty(ledger.Shares);
        Assert.Empty(ledger.PendingSince(Now.AddHours(1)));
    }

    [Fact]
    public void Settle_OlderVersionThanTheFamilyKnows_ChangesNothing()
    {
        var ledger = WithClaim(80m);
        ledger.Reserve("m-1/C-1", Share(1, 80m), Share(2, 30m), Now, 1, 1, out _);
        ledger.Settle("m-1/C-1", Share(2, 30m), nothingNewer: false);

        var moved = ledger.Settle("m-1/C-1", Share(1, 80m), nothingNewer: true);

        Assert.Equal((false, 30m), (moved, Used(ledger)));
    }

    [Fact]
    public void Settle_WithoutNothingNewer_KeepsANewerPendingVersion()
    {
        var ledger = WithClaim(80m);
        ledger.Reserve("m-1/C-1", Share(1, 80m), Share(3, 0m), Now, 1, 1, out _);

        ledger.Settle("m-1/C-1", Share(2, 50m), nothingNewer: false);

        Assert.Equal(50m, Used(ledger));
        Assert.Equal(3, ledger.Shares["m-1/C-1"].Pending!.Version);
    }

    [Fact]
    public void Reserve_NewClaim_SettleLost_ResubmissionReservesOnceNotTwice()
    {
        var ledger = new FamilyCapLedger([], new Dictionary<string, FamilyShare>());
        ledger.Reserve("m-1/C-1", ShareVersion.None, Share(1, 80m), Now, 0, 0, out _);

        ledger.Reserve("m-1/C-1", ShareVersion.None, Share(1, 80m), Now, 1, 1, out var moved);

        Assert.Equal((false, 80m), (moved, Used(ledger)));
    }

    [Fact]
    public void TotalsWithout_TheClaim_ExcludesWhatItHoldsIncludingItsPendingShare()
    {
        var ledger = WithClaim(30m);
        ledger.Reserve("m-1/C-2", ShareVersion.None, Share(1, 50m), Now, 1, 1, out _);

        Assert.Equal(50m, ledger.TotalsWithout("m-1/C-1", Share(1, 30m).Changes).Single().Paid.Euros);
        Assert.Equal(30m, ledger.TotalsWithout("m-1/C-2", []).Single().Paid.Euros);
    }

    [Fact]
    public void Decision_FamilyKeepsNoLedgerOfSettledClaims_StoredSharesDoNotGrowWithHistory()
    {
        var ledger = new FamilyCapLedger([], new Dictionary<string, FamilyShare>());

        for (var i = 0; i < 200; i++)
        {
            ledger.Reserve($"m-1/C-{i}", ShareVersion.None, Share(1, 0.5m), Now, i, i, out _);
            ledger.Settle($"m-1/C-{i}", Share(1, 0.5m), nothingNewer: false);
        }

        Assert.Empty(ledger.Shares);
        Assert.Equal(100m, Used(ledger));
    }

    [Fact]
    public void Settle_WithNothingUnderWay_IsARepeat_ChangesNothing()
    {
        var ledger = WithClaim(80m);

        var moved = ledger.Settle("m-1/C-1", Share(1, 80m), nothingNewer: true);

        Assert.Equal((false, 80m), (moved, Used(ledger)));
    }

    [Fact]
    public void Reserve_AnotherWritersPendingVersion_IsBusy_ChangesNothing()
    {
        var ledger = WithClaim(80m);
        ledger.Reserve("m-1/C-1", Share(1, 80m), Share(2, 100m), Now, 1, 1, out _, reservedBy: "cascade:m-9:run");

        var outcome = ledger.Reserve("m-1/C-1", Share(1, 80m), Share(2, 0m), Now, 2, 2, out var moved, reservedBy: "m-1");

        Assert.Equal((ReserveOutcome.Busy, false, 100m), (outcome, moved, Used(ledger)));
    }

    [Fact]
    public void Reserve_SameWriterAgain_ReplacesItsPendingVersion()
    {
        var ledger = WithClaim(80m);
        ledger.Reserve("m-1/C-1", Share(1, 80m), Share(2, 100m), Now, 1, 1, out _, reservedBy: "m-1");

        var outcome = ledger.Reserve("m-1/C-1", Share(1, 80m), Share(2, 90m), Now, 2, 2, out _, reservedBy: "m-1");

        Assert.Equal((ReserveOutcome.Reserved, 90m), (outcome, Used(ledger)));
    }

    [Fact]
    public void PendingSince_ListsReservationsAtOrBeforeTheInstant()
    {
        var ledger = WithClaim(30m);
        ledger.Reserve("m-1/C-2", ShareVersion.None, Share(1, 10m), Now.AddMinutes(5), 1, 1, out _);
        ledger.Reserve("m-1/C-1", Share(1, 30m), Share(2, 0m), Now, 2, 2, out _);

        Assert.Equal(["m-1/C-1"], ledger.PendingSince(Now.AddMinutes(1)));
        Assert.Equal(["m-1/C-1", "m-1/C-2"], ledger.PendingSince(Now.AddMinutes(5)));
    }
}
