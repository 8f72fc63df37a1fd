using CmcmActors.Domain.Families;
using CmcmActors.Domain.Payments.Accounts;

namespace CmcmActors.Domain.Tests.Payments;

/// <summary>Four eyes on members' bank accounts: who may ask, who may confirm, what is kept.</summary>
public sealed class BankAccountRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly AccountActor Member = new("m-1", AccountActorRole.Member);
    private static readonly AccountActor Clerk = new("clerk-anna", AccountActorRole.FrontDesk);
    private static readonly AccountActor OtherClerk = new("clerk-ben", AccountActorRole.FrontDesk);
    private static readonly AccountActor Finance = new("fin-carla", AccountActorRole.Finance);
    private static readonly AccountHolder Main = new("f-1", "m-1", MemberKind.MainAffiliate, new DateOnly(1980, 5, 1));
    private static readonly AccountRequest Valid = new("lu28 0019 4006 4475 0000", "bceelull", "  Jean Dupont ");

    [Fact]
    public void Request_ValidByMember_PendingInElectronicFormAskedByHim()
    {
        var decision = BankAccountRules.Request(Valid, Main, Member, [], "BA-1", At, Today);

        Assert.Equal(
            new BankAccount("BA-1", "f-1", "m-1", "LU280019400644750000", "BCEELULL", "Jean Dupont", BankAccountState.Pending, "m-1", AccountActorRole.Member, At),
            decision.Account);
        Assert.Null(decision.Note);
    }

    [Fact]
    public void Request_InvalidIban_RefusedNamingIbanWithReason()
    {
        var decision = BankAccountRules.Request(Valid with { Iban = "LU28 0019 4006 4475 000" }, Main, Member, [], "BA-1", At, Today);

        Assert.Equal(new AccountRefusal("iban", "invalid-iban", "IBAN: length 19, a LU IBAN has 20."), decision.Refusal);
    }

    [Fact]
    public void Request_InvalidBic_RefusedNamingBic()
    {
        var decision = BankAccountRules.Request(Valid with { Bic = "BCEEXXLL" }, Main, Member, [], "BA-1", At, Today);

        Assert.Equal(new AccountRefusal("bic", "invalid-bic", "BIC: XX is not a known country."), decision.Refusal);
    }

    [Fact]
    public void Request_NoBic_Allowed()
    {
        Assert.Null(BankAccountRules.Request(Valid with { Bic = " " }, Main, Member, [], "BA-1", At, Today).Account!.Bic);
    }

    [Theory]
    [InlineData(null, "holder-name-required")]
    [InlineData("  ", "holder-name-required")]
    [InlineData("東京", "holder-name-not-writable")]
    public void Request_HolderNameMissingOrUnwritable_RefusedNamingHolderName(string? name, string code)
    {
        var refusal = BankAccountRules.Request(Valid with { HolderName = name }, Main, Member, [], "BA-1", At, Today).Refusal!;

        Assert.Equal(("holderName", code), (refusal.Field, refusal.Code));
    }

    [Fact]
    public void Request_HolderNameOver70_Refused()
    {
        Assert.Equal("holder-name-too-long", BankAccountRules.Request(Valid with { HolderName = new string('a', 71) }, Main, Member, [], "BA-1", At, Today).Refusal!.Code);
    }

    [Fact]
    public void Request_CoAffiliateUnder18OnTheDay_Refused()
    {
        var child = new AccountHolder("f-1", "m-3", MemberKind.Child, new DateOnly(2008, 12, 8));

        var refusal = BankAccountRules.Request(Valid, child, Clerk, [], "BA-1", At, Today).Refusal;

        Assert.Equal(new AccountRefusal("memberId", "minor-own-account",
            "Member m-3 is under 18: his or her claims are paid to the main affiliate's account."), refusal);
    }

    [Fact]
    public void Request_CoAffiliate18OnTheDay_Allowed()
    {
        var child = new AccountHolder("f-1", "m-3", MemberKind.Child, new DateOnly(2008, 12, 7));

        Assert.Equal(BankAccountState.Pending, BankAccountRules.Request(Valid, child, Clerk, [], "BA-1", At, Today).Account!.State);
    }

    [Fact]
    public void Request_CoAffiliateBirthDateUnknown_AllowedAndSaysSo()
    {
        var spouse = new AccountHolder("f-1", "m-2", MemberKind.SpouseOrPartner, null);

        var decision = BankAccountRules.Request(Valid, spouse, Clerk, [], "BA-1", At, Today);

        Assert.NotNull(decision.Account);
        Assert.Equal("Birth date of member m-2 not known: allowed as an adult co-affiliate without checking the age.", decision.Note);
    }

    [Fact]
    public void Request_ChangeAlreadyWaiting_Refused()
    {
        var pending = BankAccountRules.Request(Valid, Main, Member, [], "BA-1", At, Today).Account!;

        var refusal = BankAccountRules.Request(Valid, Main, Clerk, [pending], "BA-2", At.AddHours(1), Today).Refusal!;

        Assert.Equal(("memberId", "account-change-pending"), (refusal.Field, refusal.Code));
        Assert.Equal("A change of account (****0000, asked on 2026-12-07) waits for its second confirmation: confirm or refuse it first.", refusal.Message);
    }

    [Fact]
    public void Confirm_ByAnotherStaffMember_InForceFromNow()
    {
        var pending = BankAccountRules.Request(Valid, Main, Clerk, [], "BA-1", At, Today).Account!;

        var confirmed = BankAccountRules.Confirm(pending, Finance, At.AddMinutes(5)).Account!;

        Assert.Equal((BankAccountState.Confirmed, "fin-carla", At.AddMinutes(5), At.AddMinutes(5), (DateTimeOffset?)null),
            (confirmed.State, confirmed.DecidedBy, confirmed.DecidedAt, confirmed.ValidFrom, confirmed.ValidTo));
    }

    [Fact]
    public void Confirm_ByTheOneWhoAsked_RefusedFourEyes()
    {
        var pending = BankAccountRules.Request(Valid, Main, Clerk, [], "BA-1", At, Today).Account!;

        var refusal = BankAccountRules.Confirm(pending, Clerk with { Role = AccountActorRole.Admin }, At).Refusal;

        Assert.Equal(new AccountRefusal("confirmedBy", "four-eyes", "clerk-anna asked for this account: another staff member must confirm it."), refusal);
    }

    [Fact]
    public void Confirm_ByAMember_RefusedStaffOnly()
    {
        var pending = BankAccountRules.Request(Valid, Main, Clerk, [], "BA-1", At, Today).Account!;

        Assert.Equal("staff-only", BankAccountRules.Confirm(pending, Member, At).Refusal!.Code);
    }

    [Fact]
    public void Confirm_AskedByMemberConfirmedByClerk_Allowed()
    {
        var pending = BankAccountRules.Request(Valid, Main, Member, [], "BA-1", At, Today).Account!;

        Assert.Equal(BankAccountState.Confirmed, BankAccountRules.Confirm(pending, Clerk, At).Account!.State);
    }

    [Fact]
    public void Confirm_AlreadyConfirmed_RefusedNamingWhoConfirmed()
    {
        var pending = BankAccountRules.Request(Valid, Main, Member, [], "BA-1", At, Today).Account!;
        var confirmed = BankAccountRules.Confirm(pending, Clerk, At).Account!;

        Assert.Equal(new AccountRefusal("accountId", "account-not-pending", "Account BA-1 was already confirmed by clerk-anna."),
            BankAccountRules.Confirm(confirmed, OtherClerk, At).Refusal);
    }

    [Fact]
    public void Refuse_WithReason_RefusedAndKept()
    {
        var pending = BankAccountRules.Request(Valid, Main, Member, [], "BA-1", At, Today).Account!;

        var refused = BankAccountRules.Refuse(pending, Clerk, " Holder name does not match the bank's letter ", At).Account!;

        Assert.Equal((BankAccountState.Refused, "clerk-anna", "Holder name does not match the bank's letter", (DateTimeOffset?)null),
            (refused.State, refused.DecidedBy, refused.RefusalReason, refused.ValidFrom));
    }

    [Fact]
    public void Refuse_WithoutReason_RefusedNamingReason()
    {
        var pending = BankAccountRules.Request(Valid, Main, Member, [], "BA-1", At, Today).Account!;

        Assert.Equal(("reason", "reason-required"), (BankAccountRules.Refuse(pending, Clerk, "", At).Refusal!.Field, BankAccountRules.Refuse(pending, Clerk, "", At).Refusal!.Code));
    }

    [Fact]
    public void Refuse_ByAMember_RefusedStaffOnly()
    {
        var pending = BankAccountRules.Request(Valid, Main, Clerk, [], "BA-1", At, Today).Account!;

        Assert.Equal("staff-only", BankAccountRules.Refuse(pending, Member, "no", At).Refusal!.Code);
    }

    [Fact]
    public void Replace_EarlierAccount_KeepsItsDatesAndEndsNow()
    {
        var pending = BankAccountRules.Request(Valid, Main, Member, [], "BA-1", At, Today).Account!;
        var confirmed = BankAccountRules.Confirm(pending, Clerk, At).Account!;

        var replaced = BankAccountRules.Replace(confirmed, At.AddDays(30));

        Assert.Equal((BankAccountState.Replaced, (DateTimeOffset?)At, (DateTimeOffset?)At.AddDays(30)), (replaced.State, replaced.ValidFrom, replaced.ValidTo));
    }

    [Theory]
    [InlineData("2008-12-07", "2026-12-07", 18)]
    [InlineData("2008-12-08", "2026-12-07", 17)]
    [InlineData("2008-02-29", "2026-02-28", 18)]
    [InlineData("2008-02-29", "2026-02-27", 17)]
    public void AgeOn_WholeYears(string birth, string on, int age)
    {
        Assert.Equal(age, BankAccountRules.AgeOn(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
