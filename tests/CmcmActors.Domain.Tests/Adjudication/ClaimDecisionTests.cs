using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Routing;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>Refusals that concern the member rather than the benefit, and how line decisions add up to a claim decision.</summary>
public sealed class ClaimDecisionTests
{
    private static ClaimLine Hospital(string care = "2026-09-15") => Line("RC.HOSP.LU", 500.00m, 300.00m, D(care));

    private static LineDecision Decide(MemberProfile member, ClaimLine line) => Adjudicate.Claim(member, line).Only();

    private static void AssertRefused(ReasonCode reason, LineDecision decision)
    {
        Assert.Equal((LineOutcome.Refused, reason, Eur(0m)), (decision.Outcome, decision.Reason, decision.TotalPaid));
    }

    [Fact]
    public void Member_ContributionUnpaid_RefusedBeforeAnyBenefit()
    {
        AssertRefused(ReasonCode.ContributionUnpaid, Decide(MemberBuilder.AMember().ContributionUnpaid().Build(), Hospital()));
    }

    [Fact]
    public void Member_CareBeforeOwnStart_RefusedAsAffiliationNotStarted()
    {
        var member = MemberBuilder.AMember().OwnStart(D("2026-12-01")).Build();

        var decision = Decide(member, Hospital("2026-11-30"));

        AssertRefused(ReasonCode.AffiliationNotStarted, decision);
        Assert.Equal("The member's affiliation starts on 2026-12-01.", decision.Explanation);
    }

    [Theory]
    [InlineData("2026-09-30", null)]
    [InlineData("2026-10-01", ReasonCode.NotOnRoster)]
    public void Member_LeftTheRoster_CoveredOnlyBeforeTheDate(string care, ReasonCode? reason)
    {
        var member = MemberBuilder.AMember().Kind(MemberKind.SpouseOrPartner).LeftOn(D("2026-10-01")).Build();

        Assert.Equal(reason, Decide(member, Hospital(care)).Reason);
    }

    [Fact]
    public void Member_SpouseNoLongerCoInsured_RefusedAsNotCoAffiliated()
    {
        AssertRefused(ReasonCode.NotCoAffiliated, Decide(MemberBuilder.AMember().Kind(MemberKind.SpouseOrPartner, coInsured: false).Build(), Hospital()));
    }

    [Fact]
    public void Member_NoStatutoryCoverOnTheDateOfCare_Refused()
    {
        var member = MemberBuilder.AMember().Statutory(new StatutoryPeriod(D("2027-01-01"), null)).Build();

        var decision = Decide(member, Hospital());

        AssertRefused(ReasonCode.NoStatutoryCover, decision);
        Assert.Equal("No statutory health insurance (CCSS) cover on 2026-09-15.", decision.Explanation);
    }

    [Fact]
    public void Member_CareBeforeTheFamilysStart_RefusedAsTierNotHeld()
    {
        var member = MemberBuilder.AMember().Holding(CoverageLevel.RC, since: D("2026-10-01")).Build();

        AssertRefused(ReasonCode.TierNotHeld, Decide(member, Hospital("2026-09-30")));
    }

    [Fact]
    public void Member_CareAfterTheFamilyResigned_RefusedAsTierNotHeld()
    {
        var member = MemberBuilder.AMember().WithSpells(
            new TierSpell(Tier.RC, D("2020-01-01"), D("2026-09-01"), 3),
            new TierSpell(Tier.ASSIST, D("2020-01-01"), D("2026-09-01"), 0)).Build();

        AssertRefused(ReasonCode.TierNotHeld, Decide(member, Hospital("2026-09-01")));
        Assert.Equal(Eur(200.00m), Decide(member, Hospital("2026-08-31")).TotalPaid);
    }

    [Fact]
    public void Line_UnknownBenefitCode_RefusedNamingTheEdition()
    {
        var decision = Decide(MemberBuilder.AMember().Build(), Line("RC.SPA", 100.00m));

        AssertRefused(ReasonCode.UnknownBenefit, decision);
        Assert.Equal("Benefit RC.SPA is not in the catalogue edition 2026-07.", decision.Explanation);
    }

    [Fact]
    public void Line_CareBeforeTheFirstEdition_RefusedAsNoEditionInForce()
    {
        var decision = Decide(MemberBuilder.AMember().Build(), Hospital("2026-06-30"));

        AssertRefused(ReasonCode.NoEditionInForce, decision);
        Assert.Null(decision.Edition);
    }

    [Fact]
    public void Claim_AllLinesPaidWithoutLimit_Approved()
    {
        var result = Adjudicate.Claim(MemberBuilder.AMember().Build(), Hospital(), Hospital("2026-09-16"));

        Assert.Equal((ClaimOutcome.Approved, Eur(400.00m)), (result.Outcome, result.TotalPaid));
        Assert.Equal("Approved: the CMCM pays €400.00.", result.Explanation);
    }

    [Fact]
    public void Claim_OnePaidOneRefused_PartiallyApproved()
    {
        var result = Adjudicate.Claim(MemberBuilder.AMember().Build(), Hospital(), Line("RC.SPA", 100.00m));

        Assert.Equal((ClaimOutcome.PartiallyApproved, Eur(200.00m)), (result.Outcome, result.TotalPaid));
        Assert.Equal("Partially approved: the CMCM pays €200.00; 1 of 2 line(s) limited or refused.", result.Explanation);
    }

    [Fact]
    public void Claim_OneLineCapLimited_PartiallyApproved()
    {
        var result = Adjudicate.Claim(MemberBuilder.AMember().Build(), Line("RC.WIG", 250.00m) with { Authorised = true });

        Assert.Equal((ClaimOutcome.PartiallyApproved, Eur(200.00m)), (result.Outcome, result.TotalPaid));
    }

    [Fact]
    public void Claim_EveryLineRefused_RefusedWithTheFirstLinesReason()
    {
        var result = Adjudicate.Claim(MemberBuilder.AMember().ContributionUnpaid().Build(), Hospital());

        Assert.Equal((ClaimOutcome.Refused, Eur(0m)), (result.Outcome, result.TotalPaid));
        Assert.Equal("Refused: The affiliation takes effect only once the due contribution is paid.", result.Explanation);
        Assert.Empty(result.Changes);
    }

    [Fact]
    public void Claim_NoLine_RefusedWithoutThrowing()
    {
        var result = Adjudicator.Adjudicate(MemberBuilder.AMember().Build(), [], AccumulatorBook.Empty, Adjudicate.Catalogue);

        Assert.Equal((ClaimOutcome.Refused, "Refused: the claim has no line."), (result.Outcome, result.Explanation));
    }

    [Fact]
    public void Claim_OneLinePended_WholeClaimPendedWithNoPaymentAndNoChange()
    {
        var result = Adjudicate.Claim(MemberBuilder.AMember().Build(),
            Line("RC.DIET", 60.00m) with { Authorised = true },
            Line("RC.PMA", 900.00m));

        Assert.Equal((ClaimOutcome.Pended, Eur(0m)), (result.Outcome, result.TotalPaid));
        Assert.Empty(result.Changes);
        Assert.Equal(Department.National, result.Department);
        Assert.Equal("Pended: line 2 needs a person. Whether the statutory fund authorised the care must be confirmed.", result.Explanation);
    }

    [Fact]
    public void Claim_PendedDentalLineAbroad_GoesToTheDentalAbroadQueueWithItsProcessingTimes()
    {
        var result = Adjudicate.Claim(MemberBuilder.AMember().Build(), Line("RC.DENTAL.CARE", 300.00m, element: "extraction") with { CountryOfCare = "BE" });

        Assert.Equal((ClaimOutcome.Pended, Department.DentalAbroad), (result.Outcome, result.Department));
        Assert.Equal((3, 2), (ProcessingTimes.Default.WeeksFor(result.Department, Channel.Post), ProcessingTimes.Default.WeeksFor(result.Department, Channel.App)));
    }

    [Fact]
    public void Claim_TwoLinesOnOneYearCap_TheSecondSeesWhatTheFirstConsumed()
    {
        var result = Adjudicate.Claim(MemberBuilder.AMember().Build(),
            Line("RC.DIET", 60.00m) with { Authorised = true },
            Line("RC.DIET", 60.00m) with { Authorised = true });

        Assert.Equal(new[] { Eur(60.00m), Eur(40.00m) }, result.Lines.Select(l => l.TotalPaid));
        Assert.Equal(new[] { Eur(60.00m), Eur(40.00m) }, result.Changes.Select(c => c.Paid));
    }

    [Fact]
    public void Claim_DecidedAgainstStoredTotals_RoomIsWhatTheBookLeaves()
    {
        var member = MemberBuilder.AMember().Build();
        var book = new AccumulatorBook();
        book.Set(new AccumulatorKey(CapScope.Member, "m-1", "RC.DIET/year", CapPeriod.Year, 2026, null, null), new Usage(Eur(90.00m), 2));

        var result = Adjudicate.Claim(member, book, Line("RC.DIET", 60.00m) with { Authorised = true });

        var effect = Assert.Single(result.Only().PaymentBy("RC.DIET").Caps);
        Assert.Equal(Eur(10.00m), result.TotalPaid);
        Assert.Equal((Eur(100.00m), (M?)Eur(10.00m), (M?)Eur(0m), true), (effect.Limit!.Value, effect.RoomBefore, effect.RoomAfter, effect.Limited));
    }

    [Fact]
    public void Claim_Reversal_NegatesEveryChange()
    {
        var result = Adjudicate.Claim(MemberBuilder.AMember().Build(), Line("RC.ALTMED", 60.00m, element: "osteopathy"));

        Assert.Equal(result.Changes.Select(c => (c.Key, -c.Paid, -c.Units)), result.ReversalChanges.Select(c => (c.Key, c.Paid, c.Units)));
    }

    [Fact]
    public void ClaimLine_StatutoryAboveInvoiced_UncoveredIsZeroNotNegative()
    {
        Assert.Equal(Eur(0m), Line("RC.HOSP.LU", 100.00m, 150.00m).Uncovered);
    }

    [Fact]
    public void TierName_EveryTier_TheBrochuresName()
    {
        Assert.Equal(
            new[] { "Régime Commun (RC)", "CMCM-Assistance", "Prestaplus (PP)", "Denta & Optiplus (DO)" },
            new[] { Tier.RC, Tier.ASSIST, Tier.PP, Tier.DO }.Select(Adjudicator.TierName));
    }
}
