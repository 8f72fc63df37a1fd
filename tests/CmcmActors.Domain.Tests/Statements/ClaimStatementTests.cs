using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Claims;
using CmcmActors.Domain.Statements;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Statements;

public sealed class ClaimStatementTests
{
    [Fact]
    public void ClaimStatement_BrochureImplants_EachTierAndWhatRemainsToTheCent()
    {
        var decision = Adjudicate.Claim(MemberBuilder.AMember().Build(), Line("RC.DENTAL.FLAT", 1900.00m, 0m, element: "implant", units: 2));

        var statement = ClaimStatement.Of(decision, ClaimState.Approved);

        Assert.Equal((Eur(1900.00m), Eur(0m), Eur(1300.00m), Eur(600.00m)), (statement.Invoiced, statement.StatutoryReimbursement, statement.PaidByCmcm, statement.MemberRemains));
        Assert.Equal([new TierShare(Tier.RC, Eur(300.00m)), new TierShare(Tier.DO, Eur(1000.00m))], statement.PaidByTier);
        var line = Assert.Single(statement.Lines);
        Assert.Equal((Eur(1900.00m), Eur(1900.00m), Eur(1300.00m), Eur(600.00m)), (line.Invoiced, line.Uncovered, line.PaidByCmcm, line.MemberRemains));
    }

    [Fact]
    public void ClaimStatement_StatutoryFundPaidPart_RemainderIsUncoveredMinusCmcm()
    {
        var decision = Adjudicate.Claim(MemberBuilder.AMember().Build(), Line("RC.DENTAL.FLAT", 1900.00m, 250.55m, element: "implant", units: 2));

        var statement = ClaimStatement.Of(decision, ClaimState.Approved);

        var line = Assert.Single(statement.Lines);
        Assert.Equal((Eur(250.55m), Eur(1649.45m)), (line.StatutoryReimbursement, line.Uncovered));
        Assert.Equal(line.Uncovered - line.PaidByCmcm, line.MemberRemains);
        Assert.Equal(decision.TotalPaid, statement.PaidByCmcm);
    }

    [Fact]
    public void ClaimStatement_RefusedClaim_CmcmPaysNothingAndTheUncoveredRemains()
    {
        var decision = Adjudicate.Claim(MemberBuilder.AMember().Build(), Line("RC.DENTAL.FLAT", 1900.00m, 100.00m, element: "implant", units: 2));

        var statement = ClaimStatement.Of(decision, ClaimState.Refused);

        Assert.Equal((Eur(0m), Eur(1800.00m)), (statement.PaidByCmcm, statement.MemberRemains));
        Assert.Empty(statement.PaidByTier);
        Assert.Empty(Assert.Single(statement.Lines).Payments);
    }

    [Fact]
    public void ClaimStatement_TierInItsWaitingPeriod_SaysWhyWithTheFirstCoveredDate()
    {
        var member = MemberBuilder.AMember().WithSpells(
            new TierSpell(Tier.RC, new DateOnly(2020, 1, 1), null, 3),
            new TierSpell(Tier.ASSIST, new DateOnly(2020, 1, 1), null, 0),
            new TierSpell(Tier.PP, new DateOnly(2020, 1, 1), null, 3),
            new TierSpell(Tier.DO, new DateOnly(2026, 8, 1), null, 3)).Build();
        var decision = Adjudicate.Claim(member, Line("RC.DENTAL.FLAT", 1900.00m, 0m, element: "implant", units: 2));

        var statement = ClaimStatement.Of(decision, ClaimState.PartiallyApproved);

        var line = Assert.Single(statement.Lines);
        Assert.Equal([new TierShare(Tier.RC, Eur(300.00m))], statement.PaidByTier);
        var why = Assert.Single(line.Reasons, r => r.Tier == Tier.DO);
        Assert.Equal((ReasonCode.WaitingPeriod, (DateOnly?)new DateOnly(2026, 11, 1)), (why.Reason, why.FirstCoveredDate));
        Assert.Equal(Eur(1600.00m), statement.MemberRemains);
    }

    [Theory]
    [InlineData(ClaimState.Approved, true)]
    [InlineData(ClaimState.PartiallyApproved, true)]
    [InlineData(ClaimState.Refused, true)]
    [InlineData(ClaimState.Pended, false)]
    [InlineData(ClaimState.Received, false)]
    [InlineData(ClaimState.Adjudicating, false)]
    [InlineData(ClaimState.Reversed, false)]
    public void CanIssue_ByState_OnlyForAStandingDecision(ClaimState state, bool issued) => Assert.Equal(issued, ClaimStatement.CanIssue(state));
}
