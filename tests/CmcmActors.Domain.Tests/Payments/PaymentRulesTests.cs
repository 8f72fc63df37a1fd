using CmcmActors.Domain.Payments;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Payments;

/// <summary>What is owed, what a run pays (netting, holds, four eyes), remittance text, ids, claim payment states, recovery.</summary>
public sealed class PaymentRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static M Cents(long cents) => new(cents);

    [Fact]
    public void Payables_NewClaimPaying_PositiveDeltaOfWhatItPays()
    {
        var payable = Payables.Change("M-1/INV-1", 1, "M-1", "F-1", Payables.MemberPayee("M-1"), M.Zero, Cents(3_000), At);

        Assert.Equal(new Payable("M-1/INV-1", 1, "M-1", "F-1", "member/M-1", Cents(3_000), At), payable);
    }

    [Fact]
    public void Payables_CorrectionDownwards_NegativeDeltaOfTheDifference()
    {
        var payable = Payables.Change("M-1/INV-1", 2, "M-1", "F-1", "member/M-1", Cents(3_000), Cents(2_049), At);

        Assert.Equal(Cents(-951), payable!.Amount);
    }

    [Fact]
    public void Payables_ReversalOfPaidClaim_NegativeOfAllItPaid()
    {
        Assert.Equal(Cents(-12_345), Payables.Change("M-1/INV-1", 3, "M-1", "F-1", "member/M-1", Cents(12_345), M.Zero, At)!.Amount);
    }

    [Fact]
    public void Payables_PaidAmountUnchanged_NoPayable()
    {
        Assert.Null(Payables.Change("M-1/INV-1", 2, "M-1", "F-1", "member/M-1", Cents(500), Cents(500), At));
    }

    [Fact]
    public void PaymentPlan_PositiveNetNoHold_PaysTheNetAfterRecovery()
    {
        var plan = PaymentPlan.For(new HolderBalance("member/M-1", "Anna", Cents(10_000), Cents(3_001), 3, null), Cents(1_000_000));

        Assert.Equal((PlannedOutcome.Pay, Cents(6_999), (string?)null), (plan.Outcome, plan.Amount, plan.Reason));
    }

    [Fact]
    public void PaymentPlan_RecoveryLargerThanOwed_NothingPaidAndTheReceivableNamed()
    {
        var plan = PaymentPlan.For(new HolderBalance("member/M-1", "Anna", Cents(2_000), Cents(5_050), 2, null), Cents(1_000_000));

        Assert.Equal((PlannedOutcome.NothingToPay, M.Zero), (plan.Outcome, plan.Amount));
        Assert.Equal("Owes the CMCM €30.50: recovered from the next payments.", plan.Reason);
    }

    [Fact]
    public void PaymentPlan_NetExactlyZero_NothingPaid()
    {
        Assert.Equal(PlannedOutcome.NothingToPay, PaymentPlan.For(new HolderBalance("member/M-1", "Anna", Cents(2_000), Cents(2_000), 2, null), Cents(100)).Outcome);
    }

    [Fact]
    public void PaymentPlan_HeldHolder_HeldWithTheReason()
    {
        var plan = PaymentPlan.For(new HolderBalance("member/M-1", "Anna", Cents(2_000), M.Zero, 1, "Account change waits for its second confirmation."), Cents(1_000_000));

        Assert.Equal((PlannedOutcome.Held, M.Zero, "Account change waits for its second confirmation."), (plan.Outcome, plan.Amount, plan.Reason));
    }

    [Fact]
    public void PaymentPlan_NetOneCentAboveThreshold_WaitsForSecondConfirmation()
    {
        var plan = PaymentPlan.For(new HolderBalance("provider/H-1", "CHL", Cents(1_000_001), M.Zero, 1, null), Cents(1_000_000));

        Assert.Equal((PlannedOutcome.PayAfterSecondConfirmation, Cents(1_000_001)), (plan.Outcome, plan.Amount));
    }

    [Fact]
    public void PaymentPlan_NetExactlyAtThreshold_PaidWithoutSecondConfirmation()
    {
        Assert.Equal(PlannedOutcome.Pay, PaymentPlan.For(new HolderBalance("provider/H-1", "CHL", Cents(1_000_000), M.Zero, 1, null), Cents(1_000_000)).Outcome);
    }

    [Fact]
    public void Remittance_FewClaims_AllReferencesInOrder()
    {
        Assert.Equal("CMCM INV-1 INV-2 INV-3", Remittance.For(["INV-3", "INV-1", "INV-2", "INV-1"]));
    }

    [Fact]
    public void Remittance_ManyClaims_FitsIn140WithTheCountLeftOut()
    {
        var references = Enumerable.Range(1, 30).Select(i => $"INVOICE-{i:000}").ToArray();

        var text = Remittance.For(references);

        Assert.True(text.Length <= Remittance.MaxLength, text);
        Assert.Equal("CMCM INVOICE-001 INVOICE-002 INVOICE-003 INVOICE-004 INVOICE-005 INVOICE-006 INVOICE-007 INVOICE-008 INVOICE-009 INVOICE-010 INVOICE-011 +19", text);
    }

    [Fact]
    public void PaymentIds_SameCutOffAndHolder_SameIdsOf35CharactersAtMost()
    {
        var cutOff = new DateOnly(2026, 11, 20);

        var id = PaymentIds.Payment(cutOff, "member/M-1");

        Assert.Equal(id, PaymentIds.Payment(cutOff, "member/M-1"));
        Assert.NotEqual(id, PaymentIds.Payment(cutOff, "member/M-2"));
        Assert.Equal((23, "P261120"), (id.Length, id[..7]));
        Assert.True(id.All(char.IsAsciiLetterOrDigit));
        Assert.Equal(("RUN-20261120", cutOff), (PaymentIds.Run(cutOff), PaymentIds.CutOffOf("RUN-20261120")));
        Assert.Null(PaymentIds.CutOffOf("RUN-2026"));
    }

    [Fact]
    public void ClaimPaymentStanding_PaidOut_DateAndMaskedAccount()
    {
        var paid = new PayableStanding(P(1, 3_000), "P1", PaymentStatus.PaidOut, new DateOnly(2026, 11, 21), AccountMask.Of("LU280019400644750000"), null);

        var standing = ClaimPaymentStanding.Of("M-1/INV-1", [paid]);

        Assert.Equal(new ClaimPaymentStanding("M-1/INV-1", ClaimPaymentState.PaidOut, Cents(3_000), new DateOnly(2026, 11, 21), "****0000", null), standing);
    }

    [Fact]
    public void ClaimPaymentStanding_ReturnedByTheBank_ReturnedWithReasonAndDueAgain()
    {
        var returned = new PayableStanding(P(1, 3_000), null, null, null, null, "AC04: Closed account.");

        var standing = ClaimPaymentStanding.Of("M-1/INV-1", [returned]);

        Assert.Equal((ClaimPaymentState.Returned, Cents(3_000), "AC04: Closed account."), (standing.State, standing.Amount, standing.ReturnReason));
    }

    [Fact]
    public void ClaimPaymentStanding_PaidOutThenReversed_Owing()
    {
        var standing = ClaimPaymentStanding.Of("M-1/INV-1",
            [new PayableStanding(P(1, 3_000), "P1", PaymentStatus.PaidOut, new DateOnly(2026, 11, 21), "****0000", null), new PayableStanding(P(2, -3_000), null, null, null, null, null)]);

        Assert.Equal((ClaimPaymentState.Owing, Cents(3_000)), (standing.State, standing.Amount));
    }

    [Fact]
    public void ClaimPaymentStanding_InARunNotYetConfirmed_InRun()
    {
        var standing = ClaimPaymentStanding.Of("M-1/INV-1", [new PayableStanding(P(1, 3_000), "P1", PaymentStatus.Ready, null, "****0000", null)]);

        Assert.Equal((ClaimPaymentState.InRun, Cents(3_000)), (standing.State, standing.Amount));
    }

    [Fact]
    public void ClaimPaymentStanding_DecidedAndReversedBeforeAnyRun_None()
    {
        var standing = ClaimPaymentStanding.Of("M-1/INV-1", [new PayableStanding(P(1, 3_000), null, null, null, null, null), new PayableStanding(P(2, -3_000), null, null, null, null, null)]);

        Assert.Equal((ClaimPaymentState.None, M.Zero), (standing.State, standing.Amount));
    }

    [Fact]
    public void Recovery_ReceivableOpenLongerThanLimit_OnTheListWithItsClaims()
    {
        var old = P(2, -5_000) with { At = At.AddDays(-91) };
        var young = P(2, -1_000) with { ClaimId = "M-2/INV-9", MemberId = "M-2", Payee = "member/M-2", At = At.AddDays(-10) };
        var credit = P(3, 1_000) with { ClaimId = "M-1/INV-2", At = At.AddDays(-5) };

        var overdue = Recovery.Overdue([old, young, credit], At, 90);

        var receivable = Assert.Single(overdue);
        Assert.Equal(("member/M-1", Cents(4_000), 91), (receivable.Payee, receivable.Amount, receivable.DaysOpen(At)));
        Assert.Equal(["M-1/INV-1", "M-1/INV-2"], receivable.Payables.Select(p => p.ClaimId));
        Assert.Equal(2, Recovery.Open([old, young, credit]).Count);
    }

    [Fact]
    public void SecondConfirmation_OfficerWhoStartedTheRun_Refused()
    {
        Assert.Equal("same-person", SecondConfirmation.Refusal(PaymentStatus.AwaitingConfirmation, "finance-1", "finance-1")?.Code);
        Assert.Null(SecondConfirmation.Refusal(PaymentStatus.AwaitingConfirmation, "finance-1", "finance-2"));
        Assert.Equal("not-awaiting-confirmation", SecondConfirmation.Refusal(PaymentStatus.Ready, "finance-1", "finance-2")?.Code);
    }

    private static Payable P(long version, long cents) => new("M-1/INV-1", version, "M-1", "F-1", "member/M-1", Cents(cents), At);
}
