using CmcmActors.Domain.Payments.Accounts;

namespace CmcmActors.Domain.Tests.Payments;

/// <summary>Default payee: own account, else the main affiliate's; held while a change waits, the bank rejected, or none.</summary>
public sealed class PayeeRoutingTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Choose_CoAffiliateWithoutOwnAccount_PaidToMainAffiliatesConfirmedAccount()
    {
        var main = Confirmed("BA-1", "m-1", "LU280019400644750000");

        var choice = PayeeRouting.Choose("m-2", [], "m-1", [main]);

        Assert.Equal(new PayeeChoice("m-1", main, null), choice);
    }

    [Fact]
    public void Choose_AdultCoAffiliateWithOwnAccount_PaidToHisOwn()
    {
        var own = Confirmed("BA-2", "m-2", "DE89370400440532013000");

        Assert.Equal(new PayeeChoice("m-2", own, null), PayeeRouting.Choose("m-2", [own], "m-1", [Confirmed("BA-1", "m-1", "LU280019400644750000")]));
    }

    [Fact]
    public void Choose_ChangeWaitingForSecondConfirmation_HeldWithReason()
    {
        var old = Confirmed("BA-1", "m-1", "LU280019400644750000");
        var pending = Pending("BA-2", "m-1", "DE89370400440532013000");

        var choice = PayeeRouting.Choose("m-1", [old, pending], "m-1", [old, pending]);

        Assert.Equal("A change of bank account (****3000) waits for its second confirmation.", choice.HoldReason);
    }

    [Fact]
    public void Choose_FirstAccountOfCoAffiliateWaiting_HeldNotPaidToMainAffiliate()
    {
        var choice = PayeeRouting.Choose("m-2", [Pending("BA-2", "m-2", "DE89370400440532013000")], "m-1", [Confirmed("BA-1", "m-1", "LU280019400644750000")]);

        Assert.Equal(("m-2", true), (choice.HolderMemberId, choice.IsHeld));
    }

    [Fact]
    public void Choose_AccountRejectedByBank_HeldUntilChanged()
    {
        var flagged = BankAccountRules.Flag(Confirmed("BA-1", "m-1", "LU280019400644750000"), "AC04", "Account closed", At);

        var choice = PayeeRouting.Choose("m-1", [flagged], "m-1", [flagged]);

        Assert.Equal("The bank rejected a payment to account ****0000 (AC04: Account closed): waiting for a new account.", choice.HoldReason);
    }

    [Fact]
    public void Choose_NewAccountConfirmedAfterRejection_PaidAgain()
    {
        var replaced = BankAccountRules.Replace(BankAccountRules.Flag(Confirmed("BA-1", "m-1", "LU280019400644750000"), "AC04", "Account closed", At), At.AddDays(1));
        var current = Confirmed("BA-2", "m-1", "DE89370400440532013000");

        Assert.Equal(new PayeeChoice("m-1", current, null), PayeeRouting.Choose("m-1", [replaced, current], "m-1", [replaced, current]));
    }

    [Fact]
    public void Choose_NoAccountAnywhere_HeldWithReason()
    {
        Assert.Equal(new PayeeChoice("m-1", null, "The main affiliate has no confirmed bank account."), PayeeRouting.Choose("m-2", [], "m-1", []));
    }

    [Fact]
    public void Choose_RefusedRequestOnly_FallsBackToMainAffiliate()
    {
        var refused = Pending("BA-9", "m-2", "DE89370400440532013000") with { State = BankAccountState.Refused };
        var main = Confirmed("BA-1", "m-1", "LU280019400644750000");

        Assert.Equal(new PayeeChoice("m-1", main, null), PayeeRouting.Choose("m-2", [refused], "m-1", [main]));
    }

    [Fact]
    public void Choose_NotOnAnyRoster_Held()
    {
        Assert.True(PayeeRouting.Choose("m-7", [], null, []).IsHeld);
    }

    private static BankAccount Pending(string id, string member, string iban) =>
        new(id, "f-1", member, iban, null, "Holder " + member, BankAccountState.Pending, "clerk", AccountActorRole.FrontDesk, At);

    private static BankAccount Confirmed(string id, string member, string iban) =>
        Pending(id, member, iban) with { State = BankAccountState.Confirmed, DecidedBy = "fin", DecidedAt = At, ValidFrom = At };
}
