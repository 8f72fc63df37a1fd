using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Routing;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>Every Régime Commun benefit (spec, section 7.1): its rule, each cap, each condition. Member holds RC only.</summary>
public sealed class RegimeCommunTests
{
    private static readonly MemberProfile RcMember = MemberBuilder.AMember().Holding(CoverageLevel.RC).Build();

    private static LineDecision Decide(ClaimLine line) => Adjudicate.Claim(RcMember, line).Only();

    private static void AssertPaid(string amount, LineDecision decision, LineOutcome outcome = LineOutcome.Paid)
    {
        Assert.Equal(Eur(Amounts.Dec(amount)), decision.TotalPaid);
        Assert.Equal(outcome, decision.Outcome);
    }

    private static void AssertRefused(ReasonCode reason, LineDecision decision)
    {
        Assert.Equal(LineOutcome.Refused, decision.Outcome);
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(Eur(0m), decision.TotalPaid);
    }

    private static void AssertPended(string item, LineDecision decision)
    {
        Assert.Equal(LineOutcome.Pended, decision.Outcome);
        Assert.Equal(ReasonCode.NeedsConfirmation, decision.Reason);
        Assert.Equal(new[] { item }, decision.Pending!.Items);
    }

    // RC.HOSP.LU
    [Fact]
    public void RcHospLu_StayInLuxembourg_PaysAllOfTheUncovered()
    {
        var decision = Decide(Line("RC.HOSP.LU", 1234.56m, 1000.00m));

        AssertPaid("234.56", decision);
        Assert.Equal(Department.National, decision.Department);
    }

    [Fact]
    public void RcHospLu_StayAbroad_RefusedAsNotInLuxembourg()
    {
        var decision = Decide(Line("RC.HOSP.LU", 1234.56m, 1000.00m) with { CountryOfCare = "BE" });

        AssertRefused(ReasonCode.ConditionNotMet, decision);
        Assert.Equal(Department.Foreign, decision.Department);
    }

    [Fact]
    public void RcHospLu_StatutoryPaidEverything_RefusedAsNothingUncovered()
    {
        AssertRefused(ReasonCode.NothingUncovered, Decide(Line("RC.HOSP.LU", 500.00m, 500.00m)));
    }

    // RC.HOSP.FIRSTCLASS
    [Fact]
    public void RcHospFirstClass_SeriousIntervention_PaysAllOfTheUncovered()
    {
        AssertPaid("800.00", Decide(Line("RC.HOSP.FIRSTCLASS", 2000.00m, 1200.00m) with { Serious = true }));
    }

    [Fact]
    public void RcHospFirstClass_NotSerious_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.HOSP.FIRSTCLASS", 2000.00m, 1200.00m) with { Serious = false }));
    }

    [Fact]
    public void RcHospFirstClass_SeriousnessUnknown_PendedForConfirmation()
    {
        AssertPended("serious-intervention", Decide(Line("RC.HOSP.FIRSTCLASS", 2000.00m, 1200.00m)));
    }

    // RC.ACCOMPANY
    [Theory]
    [InlineData("serious-intervention")]
    [InlineData("hospitalised-child-under-18")]
    [InlineData("end-of-life")]
    [InlineData("childbirth")]
    public void RcAccompany_ListedCircumstance_PaysAllOfTheUncovered(string circumstance)
    {
        AssertPaid("150.00", Decide(Line("RC.ACCOMPANY", 150.00m) with { Circumstances = [circumstance] }));
    }

    [Fact]
    public void RcAccompany_UnlistedCircumstance_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.ACCOMPANY", 150.00m) with { Circumstances = ["holiday"] }));
    }

    [Fact]
    public void RcAccompany_NoCircumstanceGiven_PendedForConfirmation()
    {
        AssertPended("circumstance", Decide(Line("RC.ACCOMPANY", 150.00m)));
    }

    // RC.PMA
    [Fact]
    public void RcPma_SessionUnderTheCap_PaysAllOfTheUncovered()
    {
        AssertPaid("400.00", Decide(Line("RC.PMA", 900.00m, 500.00m) with { Authorised = true }));
    }

    [Fact]
    public void RcPma_SessionAboveTheCap_LimitedTo650()
    {
        var decision = Decide(Line("RC.PMA", 1300.00m, 500.00m) with { Authorised = true });

        AssertPaid("650.00", decision, LineOutcome.PartiallyPaid);
        Assert.Equal(ReasonCode.CapReached, decision.Reason);
    }

    [Fact]
    public void RcPma_TwoSessionsOnOneLine_CapIs650PerSession()
    {
        AssertPaid("1300.00", Decide(Line("RC.PMA", 1500.00m, units: 2) with { Authorised = true }), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcPma_SessionCap_DoesNotAccumulateAcrossClaims()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [Line("RC.PMA", 650.00m) with { Authorised = true }],
            [Line("RC.PMA", 650.00m) with { Authorised = true }]);

        Assert.All(results, r => Assert.Equal(Eur(650.00m), r.TotalPaid));
        Assert.All(results, r => Assert.Empty(r.Changes));
    }

    [Fact]
    public void RcPma_NotAuthorised_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.PMA", 900.00m) with { Authorised = false }));
    }

    [Fact]
    public void RcPma_AuthorisationUnknown_PendedForConfirmation()
    {
        AssertPended("authorisation", Decide(Line("RC.PMA", 900.00m)));
    }

    // RC.PROSTHESIS
    [Fact]
    public void RcProsthesis_Uncovered600_PaysHalf()
    {
        AssertPaid("300.00", Decide(Line("RC.PROSTHESIS", 1000.00m, 400.00m)));
    }

    [Fact]
    public void RcProsthesis_HalfOfAnOddCent_RoundsHalfAwayFromZero()
    {
        AssertPaid("50.01", Decide(Line("RC.PROSTHESIS", 100.01m)));
    }

    [Fact]
    public void RcProsthesis_HalfAboveTheCap_LimitedTo1000()
    {
        AssertPaid("1000.00", Decide(Line("RC.PROSTHESIS", 3000.00m)), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcProsthesis_TwoProstheses_CapIs1000Each()
    {
        AssertPaid("2000.00", Decide(Line("RC.PROSTHESIS", 5000.00m, units: 2)), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcProsthesis_NoCondition_PaidWithoutAnyConfirmation()
    {
        var decision = Decide(Line("RC.PROSTHESIS", 1000.00m, 400.00m));

        Assert.Null(decision.Pending);
        Assert.Empty(decision.NotPaying);
    }

    // RC.WIG
    [Fact]
    public void RcWig_Authorised_LimitedTo200()
    {
        AssertPaid("200.00", Decide(Line("RC.WIG", 250.00m) with { Authorised = true }), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcWig_AuthorisedUnderTheCap_PaysAllOfTheUncovered()
    {
        AssertPaid("150.00", Decide(Line("RC.WIG", 150.00m) with { Authorised = true }));
    }

    [Fact]
    public void RcWig_NotAuthorised_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.WIG", 150.00m) with { Authorised = false }));
    }

    // RC.HEARING
    [Fact]
    public void RcHearing_OneDevice_LimitedTo400()
    {
        AssertPaid("400.00", Decide(Line("RC.HEARING", 1500.00m, 1000.00m) with { Authorised = true }), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcHearing_TwoDevices_CapIs400PerDevice()
    {
        AssertPaid("800.00", Decide(Line("RC.HEARING", 1000.00m, units: 2) with { Authorised = true }), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcHearing_NotAuthorised_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.HEARING", 300.00m) with { Authorised = false }));
    }

    // RC.SERIOUS.REHAB (its rate is a spec decision: see SpecDecisionTests)
    [Fact]
    public void RcSeriousRehab_NotAfterASeriousIntervention_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.SERIOUS.REHAB", 4000.00m) with { Serious = false }));
    }

    // RC.SERIOUS.MEDS_PHYSIO
    [Fact]
    public void RcSeriousMedsPhysio_AfterASeriousIntervention_PaysAllOfTheUncovered()
    {
        AssertPaid("345.67", Decide(Line("RC.SERIOUS.MEDS_PHYSIO", 500.00m, 154.33m) with { Serious = true }));
    }

    [Fact]
    public void RcSeriousMedsPhysio_NotSerious_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.SERIOUS.MEDS_PHYSIO", 500.00m) with { Serious = false }));
    }

    // RC.SERIOUS.HOMECARE (its rate is a spec decision: see SpecDecisionTests)
    [Fact]
    public void RcSeriousHomecare_NotSerious_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.SERIOUS.HOMECARE", 300.00m) with { Serious = false, Authorised = true }));
    }

    [Fact]
    public void RcSeriousHomecare_NotAuthorised_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.SERIOUS.HOMECARE", 300.00m) with { Serious = true, Authorised = false }));
    }

    // RC.SERIOUS.CONSULT
    [Fact]
    public void RcSeriousConsult_Consultation40_LimitedTo25()
    {
        AssertPaid("25.00", Decide(Line("RC.SERIOUS.CONSULT", 90.00m, 50.00m) with { Serious = true }), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcSeriousConsult_Consultation20_PaysAllOfTheUncovered()
    {
        AssertPaid("20.00", Decide(Line("RC.SERIOUS.CONSULT", 20.00m) with { Serious = true }));
    }

    [Fact]
    public void RcSeriousConsult_TwoExams_CapIs25Each()
    {
        AssertPaid("50.00", Decide(Line("RC.SERIOUS.CONSULT", 80.00m, units: 2) with { Serious = true }), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcSeriousConsult_NotSerious_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.SERIOUS.CONSULT", 20.00m) with { Serious = false }));
    }

    // RC.CURE.SERIOUS
    [Fact]
    public void RcCureSerious_SeriousAndAuthorised_PaysAllOfTheUncovered()
    {
        AssertPaid("1500.00", Decide(Line("RC.CURE.SERIOUS", 1500.00m) with { Serious = true, Authorised = true }));
    }

    [Fact]
    public void RcCureSerious_NotSerious_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.CURE.SERIOUS", 1500.00m) with { Serious = false, Authorised = true }));
    }

    [Fact]
    public void RcCureSerious_NotAuthorised_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.CURE.SERIOUS", 1500.00m) with { Serious = true, Authorised = false }));
    }

    // RC.CURE.OBESITY
    [Fact]
    public void RcCureObesity_FirstCure_PaysAllOfTheUncoveredAndCountsOne()
    {
        var result = Adjudicate.Claim(RcMember, Line("RC.CURE.OBESITY", 2500.00m) with { Authorised = true });

        AssertPaid("2500.00", result.Only());
        var change = Assert.Single(result.Changes);
        Assert.Equal(("member:m-1|RC.CURE.OBESITY/lifetime|lifetime", Eur(2500.00m), 1), (change.Key.ToString(), change.Paid, change.Units));
    }

    [Fact]
    public void RcCureObesity_SecondCureYearsLater_RefusedOncePerLifetime()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [Line("RC.CURE.OBESITY", 2500.00m) with { Authorised = true }],
            [Line("RC.CURE.OBESITY", 800.00m, on: D("2029-03-01")) with { Authorised = true }]);

        AssertRefused(ReasonCode.CapReached, results[1].Only());
    }

    [Fact]
    public void RcCureObesity_NotAuthorised_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.CURE.OBESITY", 2500.00m) with { Authorised = false }));
    }

    // RC.BARIATRIC.FOLLOWUP
    [Fact]
    public void RcBariatricFollowup_Tariff123_45_Pays20PercentOfTheTariff()
    {
        AssertPaid("24.69", Decide(Line("RC.BARIATRIC.FOLLOWUP", 200.00m) with { OfficialTariff = Eur(123.45m) }));
    }

    [Fact]
    public void RcBariatricFollowup_TwentyPercentAboveTheUncovered_LimitedToTheUncovered()
    {
        var decision = Decide(Line("RC.BARIATRIC.FOLLOWUP", 250.00m, 200.00m) with { OfficialTariff = Eur(1000.00m) });

        AssertPaid("50.00", decision);
        Assert.Equal(Eur(200.00m), decision.PaymentBy("RC.BARIATRIC.FOLLOWUP").RuleAmount);
    }

    [Fact]
    public void RcBariatricFollowup_NoOfficialTariff_PendedForTheTariff()
    {
        AssertPended("official-tariff", Decide(Line("RC.BARIATRIC.FOLLOWUP", 200.00m)));
    }

    // RC.TRANSFER.ABROAD
    [Fact]
    public void RcTransferAbroad_AuthorisedTransferToFrance_PaysAllOfTheUncoveredViaForeignDepartment()
    {
        var decision = Decide(Line("RC.TRANSFER.ABROAD", 9000.00m, 4000.00m) with { CountryOfCare = "FR", Authorised = true });

        AssertPaid("5000.00", decision);
        Assert.Equal(Department.Foreign, decision.Department);
    }

    [Fact]
    public void RcTransferAbroad_CareInLuxembourg_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.TRANSFER.ABROAD", 9000.00m) with { Authorised = true }));
    }

    [Fact]
    public void RcTransferAbroad_NotAuthorised_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.TRANSFER.ABROAD", 9000.00m) with { CountryOfCare = "DE", Authorised = false }));
    }

    // RC.ORTHO.SHOES
    [Fact]
    public void RcOrthoShoes_OnePair_LimitedTo150()
    {
        AssertPaid("150.00", Decide(Line("RC.ORTHO.SHOES", 180.00m) with { Authorised = true }), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcOrthoShoes_TwoPairs_CapIs150PerPair()
    {
        AssertPaid("300.00", Decide(Line("RC.ORTHO.SHOES", 400.00m, units: 2) with { Authorised = true }), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcOrthoShoes_NotAuthorised_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.ORTHO.SHOES", 180.00m) with { Authorised = false }));
    }

    // RC.LAB.PREVENTIVE
    [Theory]
    [InlineData("prenatal-aneuploidy")]
    [InlineData("fetal-rhd-genotype")]
    [InlineData("omega-3-index")]
    [InlineData("lp-pla2")]
    [InlineData("ifobt")]
    [InlineData("toxoplasmosis-pregnancy")]
    [InlineData("vaccine-hepatitis-a")]
    [InlineData("vaccine-hepatitis-b")]
    [InlineData("vaccine-meningitis")]
    [InlineData("vaccine-shingles")]
    public void RcLabPreventive_ListedTest_PaysAllOfTheUncovered(string test)
    {
        AssertPaid("45.50", Decide(Line("RC.LAB.PREVENTIVE", 60.00m, 14.50m, element: test)));
    }

    [Fact]
    public void RcLabPreventive_UnlistedTest_RefusedAsElementNotCovered()
    {
        AssertRefused(ReasonCode.ElementNotCovered, Decide(Line("RC.LAB.PREVENTIVE", 60.00m, element: "vitamin-d")));
    }

    [Fact]
    public void RcLabPreventive_TestNotNamed_RefusedAsElementNotCovered()
    {
        AssertRefused(ReasonCode.ElementNotCovered, Decide(Line("RC.LAB.PREVENTIVE", 60.00m)));
    }

    // RC.DIET
    [Fact]
    public void RcDiet_SecondConsultationInYear_LimitedByTheYearCapOf100()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [Line("RC.DIET", 60.00m, on: D("2026-08-01")) with { Authorised = true }],
            [Line("RC.DIET", 60.00m, on: D("2026-11-01")) with { Authorised = true }]);

        AssertPaid("60.00", results[0].Only());
        AssertPaid("40.00", results[1].Only(), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcDiet_NextCalendarYear_FreshRoom()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [Line("RC.DIET", 100.00m, on: D("2026-08-01")) with { Authorised = true }],
            [Line("RC.DIET", 60.00m, on: D("2027-01-01")) with { Authorised = true }]);

        AssertPaid("60.00", results[1].Only());
    }

    [Fact]
    public void RcDiet_NotAuthorised_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.DIET", 60.00m) with { Authorised = false }));
    }

    // RC.CARDIO.STRESS
    [Fact]
    public void RcCardioStress_RcOnly_LimitedTo25AYear()
    {
        AssertPaid("25.00", Decide(Line("RC.CARDIO.STRESS", 60.00m) with { Authorised = true }), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcCardioStress_SecondTestInYear_RefusedAsCapReached()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [Line("RC.CARDIO.STRESS", 60.00m, on: D("2026-08-01")) with { Authorised = true }],
            [Line("RC.CARDIO.STRESS", 60.00m, on: D("2026-10-01")) with { Authorised = true }]);

        AssertRefused(ReasonCode.CapReached, results[1].Only());
    }

    [Fact]
    public void RcCardioStress_NotAuthorised_RefusedAsConditionNotMet()
    {
        AssertRefused(ReasonCode.ConditionNotMet, Decide(Line("RC.CARDIO.STRESS", 60.00m) with { Authorised = false }));
    }

    // RC.ALTMED
    [Fact]
    public void RcAltmed_Session60_LimitedTo50PerSession()
    {
        AssertPaid("50.00", Decide(Line("RC.ALTMED", 60.00m, element: "osteopathy")), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcAltmed_TwoSessionsOnOneLine_CapIs50PerSession()
    {
        AssertPaid("100.00", Decide(Line("RC.ALTMED", 120.00m, element: "acupuncture", units: 2)), LineOutcome.PartiallyPaid);
    }

    [Fact]
    public void RcAltmed_ThirdSessionInYear_LimitedByGroupCapOf100()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [Line("RC.ALTMED", 40.00m, on: D("2026-08-01"), element: "osteopathy")],
            [Line("RC.ALTMED", 40.00m, on: D("2026-08-15"), element: "osteopathy")],
            [Line("RC.ALTMED", 40.00m, on: D("2026-09-01"), element: "osteopathy")]);

        Assert.Equal(new[] { Eur(40.00m), Eur(40.00m), Eur(20.00m) }, results.Select(r => r.TotalPaid));
        Assert.Equal(LineOutcome.PartiallyPaid, results[2].Only().Outcome);
    }

    [Fact]
    public void RcAltmed_FourTherapiesInYear_ShareOneGroupCap()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [Line("RC.ALTMED", 40.00m, on: D("2026-08-01"), element: "osteopathy")],
            [Line("RC.ALTMED", 40.00m, on: D("2026-08-15"), element: "chiropractic")],
            [Line("RC.ALTMED", 40.00m, on: D("2026-09-01"), element: "acupuncture")],
            [Line("RC.ALTMED", 40.00m, on: D("2026-09-15"), element: "laser-therapy")]);

        Assert.Equal(new[] { Eur(40.00m), Eur(40.00m), Eur(20.00m), Eur(0m) }, results.Select(r => r.TotalPaid));
        Assert.Equal(ReasonCode.CapReached, results[3].Only().Reason);
        Assert.All(results.Take(3), r => Assert.Equal("member:m-1|RC.ALTMED.YEAR|2026", Assert.Single(r.Changes).Key.ToString()));
    }

    [Fact]
    public void RcAltmed_UnlistedTherapy_RefusedAsElementNotCovered()
    {
        AssertRefused(ReasonCode.ElementNotCovered, Decide(Line("RC.ALTMED", 40.00m, element: "reflexology")));
    }

    [Fact]
    public void RcAltmed_TherapyNotNamed_RefusedAsElementNotCovered()
    {
        AssertRefused(ReasonCode.ElementNotCovered, Decide(Line("RC.ALTMED", 40.00m)));
    }

    // RC.DENTAL.CARE
    [Theory]
    [InlineData("extraction")]
    [InlineData("surgical-extraction")]
    [InlineData("local-anaesthesia")]
    [InlineData("regional-anaesthesia")]
    [InlineData("scaling")]
    public void RcDentalCare_ListedAct_PaysTheOfficialTariffWithinTheUncovered(string act)
    {
        var decision = Decide(Line("RC.DENTAL.CARE", 150.00m, 50.00m, element: act) with { OfficialTariff = Eur(80.00m) });

        AssertPaid("80.00", decision);
        Assert.Equal(Department.DentalLuxembourg, decision.Department);
    }

    [Fact]
    public void RcDentalCare_TariffAboveTheUncovered_LimitedToTheUncovered()
    {
        AssertPaid("100.00", Decide(Line("RC.DENTAL.CARE", 150.00m, 50.00m, element: "extraction") with { OfficialTariff = Eur(120.00m) }));
    }

    [Fact]
    public void RcDentalCare_ActAbroad_RoutedToDentalAbroad()
    {
        Assert.Equal(Department.DentalAbroad, Decide(Line("RC.DENTAL.CARE", 150.00m, 50.00m, element: "scaling") with { OfficialTariff = Eur(80.00m), CountryOfCare = "BE" }).Department);
    }

    [Fact]
    public void RcDentalCare_NoOfficialTariff_PendedForTheTariff()
    {
        AssertPended("official-tariff", Decide(Line("RC.DENTAL.CARE", 150.00m, element: "extraction")));
    }

    [Fact]
    public void RcDentalCare_UnlistedAct_RefusedAsElementNotCovered()
    {
        AssertRefused(ReasonCode.ElementNotCovered, Decide(Line("RC.DENTAL.CARE", 150.00m, element: "whitening") with { OfficialTariff = Eur(80.00m) }));
    }

    [Fact]
    public void RcDentalCare_OrthodonticsOfAChildUnder17_Paid()
    {
        var child = MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D("2014-03-01")).Holding(CoverageLevel.RC).Build();

        var decision = Adjudicate.Claim(child, Line("RC.DENTAL.CARE", 300.00m, 100.00m, element: "orthodontics-child") with { OfficialTariff = Eur(150.00m) }).Only();

        AssertPaid("150.00", decision);
    }

    [Fact]
    public void RcDentalCare_OrthodonticsAt17_RefusedAsNoLongerAChild()
    {
        var adult = MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D("2009-09-15")).Holding(CoverageLevel.RC).Build();

        AssertRefused(ReasonCode.ConditionNotMet, Adjudicate.Claim(adult, Line("RC.DENTAL.CARE", 300.00m, 100.00m, element: "orthodontics-child") with { OfficialTariff = Eur(150.00m) }).Only());
    }

    [Fact]
    public void RcDentalCare_ExtractionForAnAdult_AgeLimitOfOrthodonticsDoesNotApply()
    {
        AssertPaid("80.00", Decide(Line("RC.DENTAL.CARE", 150.00m, 50.00m, element: "extraction") with { OfficialTariff = Eur(80.00m) }));
    }

    // RC.DENTAL.ORTHO.CHILD (the brochure table is in BrochureExampleTests)
    [Fact]
    public void RcDentalOrthoChild_DayBefore17thBirthday_Pays20PercentOfTheStatutoryReimbursement()
    {
        var child = MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D("2009-09-16")).Holding(CoverageLevel.RC).Build();

        AssertPaid("111.79", Adjudicate.Claim(child, Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.93m, element: "DT41")).Only());   // 111.786
    }

    [Fact]
    public void RcDentalOrthoChild_On17thBirthday_RefusedAsConditionNotMet()
    {
        var child = MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D("2009-09-15")).Holding(CoverageLevel.RC).Build();

        AssertRefused(ReasonCode.ConditionNotMet, Adjudicate.Claim(child, Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.90m, element: "DT41")).Only());
    }

    [Fact]
    public void RcDentalOrthoChild_ActOutsideDt41ToDt45_RefusedAsElementNotCovered()
    {
        var child = MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D("2014-03-01")).Holding(CoverageLevel.RC).Build();

        AssertRefused(ReasonCode.ElementNotCovered, Adjudicate.Claim(child, Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.90m, element: "DT46")).Only());
    }

    // RC.DENTAL.FLAT (the implant and crown amounts are spec decisions: see SpecDecisionTests)
    [Fact]
    public void RcDentalFlat_ImplantCheaperThanTheFlatAmount_LimitedToTheUncovered()
    {
        AssertPaid("100.00", Decide(Line("RC.DENTAL.FLAT", 100.00m, element: "implant")));
    }

    [Theory]
    [InlineData("metal-skeleton-base")]
    [InlineData("resin-base")]
    [InlineData("post-crown")]
    public void RcDentalFlat_RemovableProsthesisOrCrownElement_RefusedAsAmountNotSet(string element)
    {
        AssertRefused(ReasonCode.AmountNotSet, Decide(Line("RC.DENTAL.FLAT", 900.00m, element: element)));
    }

    [Fact]
    public void RcDentalFlat_ElementWithoutAFlatAmount_RefusedAsElementNotCovered()
    {
        AssertRefused(ReasonCode.ElementNotCovered, Decide(Line("RC.DENTAL.FLAT", 900.00m, element: "inlay")));
    }
}
