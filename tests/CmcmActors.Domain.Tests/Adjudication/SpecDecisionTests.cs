using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Contributions;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>
/// Every **Decision** of the spec, and the decisions the code documents, each as its own named test, end to end
/// through the family aggregate where it matters, so that changing a decision breaks exactly one test here.
/// </summary>
public sealed class SpecDecisionTests
{
    private static readonly StatutoryPeriod[] Insured = [new StatutoryPeriod(D("2000-01-01"), null)];

    private static LineDecision Decide(Family family, string memberId, ClaimLine line) =>
        Adjudicate.Claim(family.ProfileOf(memberId, Insured), line).Only();

    private static ClaimLine Hospital(string care) => Line("RC.HOSP.LU", 500.00m, 300.00m, D(care));

    // Section 4: a waiting period of N months runs from the tier's own start; care on a date >= start + N months is covered.
    [Fact]
    public void Decision_WaitingPeriod_CareOnStartPlusThreeMonthsCovered()
    {
        var family = FamilyBuilder.Enrolled("2026-06-10");   // start 2026-07-01

        Assert.Equal(Eur(200.00m), Decide(family, "m-1", Hospital("2026-10-01")).TotalPaid);
    }

    [Fact]
    public void Decision_WaitingPeriod_CareTheDayBeforeRefusedNamingTheTierAndTheFirstCoveredDate()
    {
        var family = FamilyBuilder.Enrolled("2026-06-10");

        var decision = Decide(family, "m-1", Hospital("2026-09-30"));
        var note = decision.NoteFor("RC.HOSP.LU");

        Assert.Equal((LineOutcome.Refused, ReasonCode.WaitingPeriod), (decision.Outcome, decision.Reason));
        Assert.Equal((Tier.RC, D("2026-10-01")), (note.Tier, note.FirstCoveredDate));
        Assert.Equal("Régime Commun (RC) is in its waiting period; care is covered from 2026-10-01.", decision.Explanation);
    }

    // Section 4: an upgrade never restarts the waiting period of tiers already held.
    [Fact]
    public void Decision_Upgrade_RcKeepsPayingWhileTheNewOptionWaitsFromItsOwnStart()
    {
        var family = FamilyBuilder.Enrolled("2026-06-10", CoverageLevel.RC)
            .ChangeLevel(D("2026-10-20"), CoverageLevel.RC_PP).Ok();   // PP from 2026-11-01, covered from 2027-02-01

        var waiting = Decide(family, "m-1", Line("RC.CARDIO.STRESS", 20.00m, on: D("2026-11-15")) with { Authorised = true });
        var covered = Decide(family, "m-1", Line("RC.CARDIO.STRESS", 60.00m, on: D("2027-02-01")) with { Authorised = true });

        Assert.Equal((Eur(20.00m), LineOutcome.Paid), (waiting.PaidBy(Tier.RC), waiting.Outcome));
        Assert.Equal((ReasonCode.WaitingPeriod, (DateOnly?)D("2027-02-01")), (waiting.NoteFor("PP.CARDIO.STRESS").Reason, waiting.NoteFor("PP.CARDIO.STRESS").FirstCoveredDate));
        Assert.Equal((Eur(25.00m), Eur(10.00m)), (covered.PaidBy(Tier.RC), covered.PaidBy(Tier.PP)));
    }

    // Section 4: a co-affiliate added later has his or her own start date (first of next month) and waiting period.
    [Theory]
    [InlineData("m-2", "2027-02-28", ReasonCode.WaitingPeriod, 0)]
    [InlineData("m-2", "2027-03-01", null, 200.00)]
    [InlineData("m-2", "2026-11-30", ReasonCode.AffiliationNotStarted, 0)]
    [InlineData("m-1", "2027-02-28", null, 200.00)]
    public void Decision_LateCoAffiliate_OwnStartAndOwnWaitingPeriod(string memberId, string care, ReasonCode? reason, double paid)
    {
        var family = FamilyBuilder.Enrolled("2026-06-10")
            .AddCoAffiliate("m-2", MemberKind.SpouseOrPartner, D("1982-01-01"), true, D("2026-11-20")).Ok();   // own start 2026-12-01

        var decision = Decide(family, memberId, Hospital(care));

        Assert.Equal((reason, Eur((decimal)paid)), (decision.Reason, decision.TotalPaid));
    }

    // Section 4: a newborn or newly adopted child added within 3 months of birth takes the family's dates.
    [Fact]
    public void Decision_NewbornAddedWithinThreeMonths_CoveredAtOnceWithTheFamilysDates()
    {
        var family = FamilyBuilder.Enrolled("2026-06-10")
            .AddCoAffiliate("m-3", MemberKind.Child, D("2026-11-10"), true, D("2027-02-10"), bornOrAdoptedOn: D("2026-11-10")).Ok();

        Assert.Null(family.FindMember("m-3")!.OwnStart);
        Assert.Equal(Eur(200.00m), Decide(family, "m-3", Hospital("2027-02-12")).TotalPaid);
    }

    [Fact]
    public void Decision_NewbornAddedTheDayAfterThreeMonths_OwnStartAndWaitingPeriod()
    {
        var family = FamilyBuilder.Enrolled("2026-06-10")
            .AddCoAffiliate("m-3", MemberKind.Child, D("2026-11-10"), true, D("2027-02-11"), bornOrAdoptedOn: D("2026-11-10")).Ok();

        var decision = Decide(family, "m-3", Hospital("2027-03-15"));

        Assert.Equal(D("2027-03-01"), family.FindMember("m-3")!.OwnStart);
        Assert.Equal((ReasonCode.WaitingPeriod, (DateOnly?)D("2027-06-01")), (decision.Reason, decision.NoteFor("RC.HOSP.LU").FirstCoveredDate));
    }

    // Section 7.1: RC.SERIOUS.REHAB pays 100% of the uncovered.
    [Fact]
    public void Decision_RcSeriousRehab_PaysAllOfTheUncovered()
    {
        var decision = Adjudicate.Claim(MemberBuilder.AMember().Holding(CoverageLevel.RC).Build(),
            Line("RC.SERIOUS.REHAB", 6000.00m, 1678.91m) with { Serious = true }).Only();

        Assert.Equal(Eur(4321.09m), decision.TotalPaid);
    }

    // Section 7.1: RC.SERIOUS.HOMECARE pays 50% of the uncovered, a configurable rate.
    [Fact]
    public void Decision_RcSeriousHomecare_PaysHalfOfTheUncoveredRoundedHalfAwayFromZero()
    {
        var decision = Adjudicate.Claim(MemberBuilder.AMember().Holding(CoverageLevel.RC).Build(),
            Line("RC.SERIOUS.HOMECARE", 333.33m) with { Serious = true, Authorised = true }).Only();

        Assert.Equal(Eur(166.67m), decision.TotalPaid);   // 166.665
    }

    [Fact]
    public void Decision_RcSeriousHomecare_RateIsCatalogueData()
    {
        var rule = CatalogueSet.BuiltIn.Editions[0]["RC.SERIOUS.HOMECARE"].Rule;

        Assert.Equal((RuleKind.PercentOfUncovered, 0.5m), (rule.Kind, rule.Rate));
    }

    // Section 7.1: RC.DENTAL.FLAT implant €150 each; crown and removable prosthesis €0 until the statutes say.
    [Fact]
    public void Decision_RcDentalFlat_Implant150Each()
    {
        var decision = Adjudicate.Claim(MemberBuilder.AMember().Holding(CoverageLevel.RC).Build(),
            Line("RC.DENTAL.FLAT", 1900.00m, element: "implant", units: 2)).Only();

        Assert.Equal(Eur(300.00m), decision.TotalPaid);
    }

    [Fact]
    public void Decision_RcDentalFlat_CrownZeroSoOnlyDoPays()
    {
        var rcOnly = Adjudicate.Claim(MemberBuilder.AMember().Holding(CoverageLevel.RC).Build(), Line("RC.DENTAL.FLAT", 900.00m, element: "crown")).Only();
        var withDo = Adjudicate.Claim(MemberBuilder.AMember().Holding(CoverageLevel.RC_PP_DO).Build(), Line("RC.DENTAL.FLAT", 900.00m, element: "crown")).Only();

        Assert.Equal((LineOutcome.Refused, ReasonCode.AmountNotSet), (rcOnly.Outcome, rcOnly.Reason));
        Assert.Equal((Eur(0m), Eur(450.00m)), (withDo.PaidBy(Tier.RC), withDo.PaidBy(Tier.DO)));
        Assert.Equal(ReasonCode.AmountNotSet, withDo.NoteFor("RC.DENTAL.FLAT").Reason);
    }

    // Section 7.4: the five named DO.DENTAL sub-benefits have their own caps and do not draw on the €1,000 general pot.
    [Fact]
    public void Decision_DoDentalSubBenefits_GeneralPotExhaustedStillPaysEachSubBenefit()
    {
        var member = MemberBuilder.AMember().Build();

        var results = Adjudicate.Sequence(member, new AccumulatorBook(),
            [Line("DO.DENTAL.GENERAL", 1500.00m)],
            [
                Line("DO.DENTAL.COMPOSITE", 500.00m), Line("DO.DENTAL.PULPECTOMY", 500.00m), Line("DO.DENTAL.ROOTPLANING", 100.00m),
                Line("DO.DENTAL.PERIO.SURGERY", 900.00m), Line("DO.DENTAL.CONSERVATIVE", 500.00m),
            ]);

        Assert.Equal(Eur(1000.00m), results[0].TotalPaid);
        Assert.Equal(new[] { 125.00m, 100.00m, 100.00m, 700.00m, 125.00m }, results[1].Lines.Select(l => l.TotalPaid.Euros));
    }

    [Fact]
    public void Decision_DoDentalSubBenefits_UsingThemLeavesTheGeneralPotWhole()
    {
        var member = MemberBuilder.AMember().Build();

        var results = Adjudicate.Sequence(member, new AccumulatorBook(),
            [Line("DO.DENTAL.COMPOSITE", 500.00m), Line("DO.DENTAL.PERIO.SURGERY", 900.00m), Line("DO.DENTAL.CONSERVATIVE", 500.00m)],
            [Line("DO.DENTAL.GENERAL", 1500.00m)]);

        Assert.Equal(Eur(1000.00m), results[1].TotalPaid);
        Assert.Equal(3, results[0].Changes.Select(c => c.Key).Distinct().Count());
    }

    // Code decision: continuation lasts to the last day of the month of the end + 3 months (+6 with an illness).
    [Theory]
    [InlineData(false, "2026-11-30", null)]
    [InlineData(false, "2026-12-01", ReasonCode.NoStatutoryCover)]
    [InlineData(true, "2027-02-28", null)]
    [InlineData(true, "2027-03-01", ReasonCode.NoStatutoryCover)]
    public void Decision_ContinuationLength_LastDayOfMonthOfTheEndPlus3Or6WithIllness(bool illness, string care, ReasonCode? reason)
    {
        var member = MemberBuilder.AMember().Statutory(new StatutoryPeriod(D("2026-01-01"), D("2026-08-10"), IllnessUnderTreatmentAtEnd: illness)).Build();

        Assert.Equal(reason, Adjudicate.Claim(member, Hospital(care)).Only().Reason);
    }

    // Code decision: 6 months of continuous affiliation, gaps of fewer than 8 days do not break it.
    [Theory]
    [InlineData("2026-06-05", null)]                               // gap of 4 days: chain from 2026-03-01
    [InlineData("2026-06-08", null)]                               // gap of 7 days
    [InlineData("2026-06-09", ReasonCode.NoStatutoryCover)]        // gap of 8 days: chain from 2026-06-09, too short
    public void Decision_SixMonthContinuity_GapsUnder8DaysIgnored(string secondFrom, ReasonCode? reason)
    {
        var member = MemberBuilder.AMember().Statutory(
            new StatutoryPeriod(D("2026-03-01"), D("2026-05-31")),
            new StatutoryPeriod(D(secondFrom), D("2026-09-10"))).Build();

        Assert.Equal(reason, Adjudicate.Claim(member, Hospital("2026-12-31")).Only().Reason);
    }

    // Code decision: the young-single discount looks at the age on 1 January of the contribution year.
    [Fact]
    public void Decision_YoungSingleDiscount_Turning30DuringTheYearKeepsItForThatYear()
    {
        var prices = new ContributionPrices(new Dictionary<int, IReadOnlyDictionary<CoverageLevel, M>>
        {
            [2026] = new Dictionary<CoverageLevel, M> { [CoverageLevel.RC] = Eur(200.00m) },
            [2027] = new Dictionary<CoverageLevel, M> { [CoverageLevel.RC] = Eur(200.00m) },
        });

        Assert.Equal(Eur(180.00m), ContributionPricing.Quote(prices, CoverageLevel.RC, 2026, D("1996-06-15"), hasCoAffiliates: false).Due);
        Assert.Equal(Eur(200.00m), ContributionPricing.Quote(prices, CoverageLevel.RC, 2027, D("1996-06-15"), hasCoAffiliates: false).Due);
    }

    // Code decision: the affiliation takes effect once the due contribution is paid, then covers care from the start date.
    [Fact]
    public void Decision_AffiliationTakesEffectOnPayment_UnpaidRefused()
    {
        var family = FamilyBuilder.Enrolled("2026-06-10", reason: EnrolmentReason.FormerCoAffiliate, paid: false);

        var decision = Decide(family, "m-1", Hospital("2026-07-01"));

        Assert.Equal((LineOutcome.Refused, ReasonCode.ContributionUnpaid), (decision.Outcome, decision.Reason));
    }

    [Fact]
    public void Decision_AffiliationTakesEffectOnPayment_PaidLaterCoversCareFromTheStartDate()
    {
        var family = FamilyBuilder.Enrolled("2026-06-10", reason: EnrolmentReason.FormerCoAffiliate, paid: false)
            .RecordPayment(2026, Eur(250.00m), D("2026-08-20")).Ok();

        Assert.Equal(Eur(200.00m), Decide(family, "m-1", Hospital("2026-07-01")).TotalPaid);
    }

    // Code decision: orthodontics of a child is "under 17"; DO.ORTHO.ADULT is "17 or more", so 17 exactly is adult.
    [Fact]
    public void Decision_OrthodonticsAgeBoundary_DayBefore17IsAChild()
    {
        var member = MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D("2009-09-15")).Build();

        var child = Adjudicate.Claim(member, Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.90m, D("2026-09-14"), "DT41")).Only();
        var adult = Adjudicate.Claim(member, Line("DO.ORTHO.ADULT", 2500.00m, on: D("2026-09-14"))).Only();

        Assert.Equal((Eur(111.78m), Eur(500.00m)), (child.PaidBy(Tier.RC), child.PaidBy(Tier.DO)));
        Assert.Equal((LineOutcome.Refused, ReasonCode.ConditionNotMet), (adult.Outcome, adult.Reason));
    }

    [Fact]
    public void Decision_OrthodonticsAgeBoundary_Exactly17IsAnAdult()
    {
        var member = MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D("2009-09-15")).Build();

        var child = Adjudicate.Claim(member, Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.90m, D("2026-09-15"), "DT41")).Only();
        var adult = Adjudicate.Claim(member, Line("DO.ORTHO.ADULT", 2500.00m, on: D("2026-09-15"))).Only();

        Assert.Equal((LineOutcome.Refused, ReasonCode.ConditionNotMet), (child.Outcome, child.Reason));
        Assert.Equal(ReasonCode.ConditionNotMet, child.NoteFor("DO.ORTHO.CHILD").Reason);
        Assert.Equal(Eur(2000.00m), adult.TotalPaid);
    }

    // Section 3: a child co-affiliate stays co-affiliated until 19 even if personally insured.
    [Theory]
    [InlineData("2026-09-14", null)]
    [InlineData("2026-09-15", ReasonCode.NotCoAffiliated)]
    public void Decision_ChildTo19_PersonallyInsuredChildCoveredUntilTheDayBeforeThe19thBirthday(string care, ReasonCode? reason)
    {
        var child = MemberBuilder.AMember().Kind(MemberKind.Child, coInsured: false).BornOn(D("2007-09-15")).Build();

        Assert.Equal(reason, Adjudicate.Claim(child, Hospital(care)).Only().Reason);
    }
}
