using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>Every Prestaplus benefit (spec, section 7.3). Member holds RC+PP.</summary>
public sealed class PrestaplusTests
{
    private static readonly MemberProfile PpMember = MemberBuilder.AMember().Holding(CoverageLevel.RC_PP).Build();

    private static readonly MemberProfile RcMember = MemberBuilder.AMember().Holding(CoverageLevel.RC).Build();

    private static LineDecision Decide(ClaimLine line) => Adjudicate.Claim(PpMember, line).Only();

    private static decimal[] Paid(params ClaimAdjudication[] results) => results.Select(r => r.TotalPaid.Euros).ToArray();

    private static ClaimAdjudication[] Sequence(MemberProfile member, params ClaimLine[] lines) =>
        Adjudicate.Sequence(member, new AccumulatorBook(), lines.Select(l => new[] { l }).ToArray());

    // PP.HOSP.FIRSTCLASS
    [Fact]
    public void PpHospFirstClass_NotSerious_PrestaplusPaysTheFirstClassRoom()
    {
        var decision = Decide(Line("RC.HOSP.FIRSTCLASS", 2000.00m, 800.00m) with { Serious = false });

        Assert.Equal((Eur(0m), Eur(1200.00m), LineOutcome.Paid), (decision.PaidBy(Tier.RC), decision.PaidBy(Tier.PP), decision.Outcome));
        Assert.Equal(ReasonCode.ConditionNotMet, decision.NoteFor("RC.HOSP.FIRSTCLASS").Reason);
    }

    [Fact]
    public void PpHospFirstClass_Serious_RegimeCommunPaysAndNothingIsLeftForPrestaplus()
    {
        var decision = Decide(Line("RC.HOSP.FIRSTCLASS", 2000.00m, 800.00m) with { Serious = true });

        Assert.Equal((Eur(1200.00m), Eur(0m)), (decision.PaidBy(Tier.RC), decision.PaidBy(Tier.PP)));
        Assert.Equal(ReasonCode.NothingUncovered, decision.NoteFor("PP.HOSP.FIRSTCLASS").Reason);
    }

    [Fact]
    public void PpHospFirstClass_LineNamesThePrestaplusCode_ChildbirthPaid()
    {
        var decision = Decide(Line("PP.HOSP.FIRSTCLASS", 1500.00m, 1000.00m) with { Serious = false, Circumstances = ["childbirth"] });

        Assert.Equal(Eur(500.00m), decision.PaidBy(Tier.PP));
    }

    [Fact]
    public void PpHospFirstClass_RcOnlyMemberNotSerious_Refused()
    {
        var decision = Adjudicate.Claim(RcMember, Line("RC.HOSP.FIRSTCLASS", 2000.00m, 800.00m) with { Serious = false }).Only();

        Assert.Equal((LineOutcome.Refused, ReasonCode.ConditionNotMet), (decision.Outcome, decision.Reason));
        Assert.Equal(ReasonCode.TierNotHeld, decision.NoteFor("PP.HOSP.FIRSTCLASS").Reason);
    }

    // PP.LIPOEDEMA
    [Fact]
    public void PpLipoedema_SecondSurgeryInYear_LimitedByTheYearCapOf2000()
    {
        var results = Sequence(PpMember,
            Line("PP.LIPOEDEMA", 1500.00m, on: D("2026-08-01")),
            Line("PP.LIPOEDEMA", 1500.00m, on: D("2026-12-01")),
            Line("PP.LIPOEDEMA", 1500.00m, on: D("2027-02-01")));

        Assert.Equal(new[] { 1500.00m, 500.00m, 1500.00m }, Paid(results));
    }

    [Fact]
    public void PpLipoedema_RcOnlyMember_RefusedAsTierNotHeld()
    {
        var decision = Adjudicate.Claim(RcMember, Line("PP.LIPOEDEMA", 1500.00m)).Only();

        Assert.Equal((LineOutcome.Refused, ReasonCode.TierNotHeld), (decision.Outcome, decision.Reason));
    }

    // PP.AMBULANCE.AUTH
    [Fact]
    public void PpAmbulanceAuth_Tariff333_33_Pays30PercentRounded()
    {
        var decision = Decide(Line("PP.AMBULANCE.AUTH", 400.00m) with { Authorised = true, OfficialTariff = Eur(333.33m) });

        Assert.Equal(Eur(100.00m), decision.TotalPaid);   // 99.999 → 100.00
    }

    [Fact]
    public void PpAmbulanceAuth_SecondTransportInYear_LimitedByTheYearCapOf150()
    {
        var results = Sequence(PpMember,
            Line("PP.AMBULANCE.AUTH", 400.00m, on: D("2026-08-01")) with { Authorised = true, OfficialTariff = Eur(333.33m) },
            Line("PP.AMBULANCE.AUTH", 400.00m, on: D("2026-09-01")) with { Authorised = true, OfficialTariff = Eur(333.33m) });

        Assert.Equal(new[] { 100.00m, 50.00m }, Paid(results));
    }

    [Fact]
    public void PpAmbulanceAuth_Abroad_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("PP.AMBULANCE.AUTH", 400.00m) with { Authorised = true, OfficialTariff = Eur(300.00m), CountryOfCare = "DE" }).Reason);
    }

    [Fact]
    public void PpAmbulanceAuth_NotAuthorised_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("PP.AMBULANCE.AUTH", 400.00m) with { Authorised = false, OfficialTariff = Eur(300.00m) }).Reason);
    }

    [Fact]
    public void PpAmbulanceAuth_NoOfficialTariff_PendedForTheTariff()
    {
        Assert.Equal(new[] { "official-tariff" }, Decide(Line("PP.AMBULANCE.AUTH", 400.00m) with { Authorised = true }).Pending!.Items);
    }

    // PP.AMBULANCE.UNAUTH
    [Fact]
    public void PpAmbulanceUnauth_OneTransport_LimitedTo100()
    {
        var decision = Decide(Line("PP.AMBULANCE.UNAUTH", 150.00m));

        Assert.Equal((Eur(100.00m), LineOutcome.PartiallyPaid), (decision.TotalPaid, decision.Outcome));
    }

    [Fact]
    public void PpAmbulanceUnauth_SecondTransportInYear_RefusedOneTransportAYear()
    {
        var results = Sequence(PpMember,
            Line("PP.AMBULANCE.UNAUTH", 40.00m, on: D("2026-08-01")),
            Line("PP.AMBULANCE.UNAUTH", 40.00m, on: D("2026-09-01")),
            Line("PP.AMBULANCE.UNAUTH", 80.00m, on: D("2027-01-02")));

        Assert.Equal(new[] { 40.00m, 0m, 80.00m }, Paid(results));
        Assert.Equal(ReasonCode.CapReached, results[1].Only().Reason);
    }

    [Fact]
    public void PpAmbulanceUnauth_TwoTransportsOnOneLine_PaysOneProRataRoundedHalfAwayFromZero()
    {
        var decision = Decide(Line("PP.AMBULANCE.UNAUTH", 100.01m, units: 2));
        var effect = Assert.Single(decision.PaymentBy("PP.AMBULANCE.UNAUTH").Caps);

        Assert.Equal(Eur(50.01m), decision.TotalPaid);   // 100.01 / 2 = 50.005
        Assert.Equal((1, 0, true), (effect.UnitsRoomBefore, effect.UnitsRoomAfter, effect.Limited));
    }

    [Fact]
    public void PpAmbulanceUnauth_Abroad_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("PP.AMBULANCE.UNAUTH", 150.00m) with { CountryOfCare = "FR" }).Reason);
    }

    // PP.INSOLES
    [Fact]
    public void PpInsoles_SecondPairInYear_LimitedByTheYearCapOf150()
    {
        var results = Sequence(PpMember,
            Line("PP.INSOLES", 100.00m, on: D("2026-08-01")) with { Authorised = true },
            Line("PP.INSOLES", 100.00m, on: D("2026-09-01")) with { Authorised = true });

        Assert.Equal(new[] { 100.00m, 50.00m }, Paid(results));
    }

    [Fact]
    public void PpInsoles_NotAuthorised_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("PP.INSOLES", 100.00m) with { Authorised = false }).Reason);
    }

    // PP.CARDIO.STRESS
    [Fact]
    public void PpCardioStress_TopUpOfRc_ThirtyFiveInAll()
    {
        var decision = Decide(Line("RC.CARDIO.STRESS", 60.00m) with { Authorised = true });

        Assert.Equal((Eur(25.00m), Eur(10.00m), Eur(35.00m)), (decision.PaidBy(Tier.RC), decision.PaidBy(Tier.PP), decision.TotalPaid));
    }

    [Fact]
    public void PpCardioStress_UncoveredUnder35_PrestaplusPaysWhatRcLeftAndTheLineIsPaidInFull()
    {
        var decision = Decide(Line("PP.CARDIO.STRESS", 30.00m) with { Authorised = true });

        Assert.Equal((Eur(25.00m), Eur(5.00m)), (decision.PaidBy(Tier.RC), decision.PaidBy(Tier.PP)));
        Assert.Equal(LineOutcome.Paid, decision.Outcome);   // RC's 25 bit, but PP paid the rest: nothing left to the member
    }

    [Fact]
    public void PpCardioStress_UncoveredAbove35_PartiallyPaidBecauseTheCapsLeaveAShare()
    {
        var decision = Decide(Line("PP.CARDIO.STRESS", 50.00m) with { Authorised = true });

        Assert.Equal((Eur(25.00m), Eur(10.00m)), (decision.PaidBy(Tier.RC), decision.PaidBy(Tier.PP)));
        Assert.Equal(LineOutcome.PartiallyPaid, decision.Outcome);
    }

    [Fact]
    public void PpCardioStress_SecondTestInYear_BothCapsReached()
    {
        var results = Sequence(PpMember,
            Line("RC.CARDIO.STRESS", 60.00m, on: D("2026-08-01")) with { Authorised = true },
            Line("RC.CARDIO.STRESS", 60.00m, on: D("2026-10-01")) with { Authorised = true });

        Assert.Equal(ReasonCode.CapReached, results[1].Only().Reason);
        Assert.Equal(Eur(0m), results[1].TotalPaid);
    }

    [Fact]
    public void PpCardioStress_NotAuthorised_RefusedByBothTiers()
    {
        var decision = Decide(Line("RC.CARDIO.STRESS", 60.00m) with { Authorised = false });

        Assert.Equal(ReasonCode.ConditionNotMet, decision.NoteFor("RC.CARDIO.STRESS").Reason);
        Assert.Equal(ReasonCode.ConditionNotMet, decision.NoteFor("PP.CARDIO.STRESS").Reason);
    }

    // PP.ALTMED
    [Fact]
    public void PpAltmed_Session120_FiftyFromEachTier()
    {
        var decision = Decide(Line("RC.ALTMED", 120.00m, element: "osteopathy"));

        Assert.Equal((Eur(50.00m), Eur(50.00m), LineOutcome.PartiallyPaid), (decision.PaidBy(Tier.RC), decision.PaidBy(Tier.PP), decision.Outcome));
    }

    [Fact]
    public void PpAltmed_SessionsOf60_GroupCapOnTopOfRcsHundred()
    {
        var results = Sequence(PpMember,
            Line("RC.ALTMED", 60.00m, on: D("2026-08-01"), element: "osteopathy"),
            Line("RC.ALTMED", 60.00m, on: D("2026-08-15"), element: "chiropractic"),
            Line("RC.ALTMED", 60.00m, on: D("2026-09-01"), element: "acupuncture"),
            Line("RC.ALTMED", 60.00m, on: D("2026-09-15"), element: "laser-therapy"),
            Line("RC.ALTMED", 60.00m, on: D("2026-10-01"), element: "osteopathy"));

        Assert.Equal(new[] { 50.00m, 50.00m, 0m, 0m, 0m }, results.Select(r => r.PaidBy(Tier.RC).Euros));
        Assert.Equal(new[] { 10.00m, 10.00m, 50.00m, 30.00m, 0m }, results.Select(r => r.PaidBy(Tier.PP).Euros));
        Assert.Equal(ReasonCode.CapReached, results[4].Only().Reason);
    }

    [Fact]
    public void PpAltmed_LineNamesThePrestaplusCode_RegimeCommunStillPaysFirst()
    {
        var decision = Decide(Line("PP.ALTMED", 70.00m, element: "acupuncture"));

        Assert.Equal((Eur(50.00m), Eur(20.00m)), (decision.PaidBy(Tier.RC), decision.PaidBy(Tier.PP)));
    }

    [Fact]
    public void PpAltmed_UnlistedTherapy_RefusedAsElementNotCovered()
    {
        Assert.Equal(ReasonCode.ElementNotCovered, Decide(Line("PP.ALTMED", 70.00m, element: "homeopathy")).Reason);
    }

    // PP.PSYCH.CHILD
    [Theory]
    [InlineData("2028-02-29", 80.00)]   // 17, the day before the 18th birthday
    [InlineData("2028-03-01", 0)]       // 18
    public void PpPsychChild_AroundThe18thBirthday_PaidOnlyBefore(string care, double expected)
    {
        var child = MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D("2010-03-01")).Holding(CoverageLevel.RC_PP).Build();

        var decision = Adjudicate.Claim(child, Line("PP.PSYCH.CHILD", 80.00m, on: D(care))).Only();

        Assert.Equal(Eur((decimal)expected), decision.TotalPaid);
        Assert.Equal(expected == 0 ? ReasonCode.ConditionNotMet : null, decision.Reason);
    }

    [Fact]
    public void PpPsychChild_SecondConsultationInYear_LimitedByTheYearCapOf100()
    {
        var child = MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D("2015-03-01")).Holding(CoverageLevel.RC_PP).Build();

        var results = Sequence(child, Line("PP.PSYCH.CHILD", 80.00m, on: D("2026-08-01")), Line("PP.PSYCH.CHILD", 80.00m, on: D("2026-09-01")));

        Assert.Equal(new[] { 80.00m, 20.00m }, Paid(results));
    }

    // PP.PSYCHOTHERAPY.ADULT
    [Fact]
    public void PpPsychotherapyAdult_AuthorisedAdult_LimitedToTheYearCapOf40()
    {
        var decision = Decide(Line("PP.PSYCHOTHERAPY.ADULT", 60.00m) with { Authorised = true });

        Assert.Equal((Eur(40.00m), LineOutcome.PartiallyPaid), (decision.TotalPaid, decision.Outcome));
    }

    [Theory]
    [InlineData("2026-09-14", 0)]       // 17
    [InlineData("2026-09-15", 40.00)]   // 18th birthday
    public void PpPsychotherapyAdult_AroundThe18thBirthday_PaidFromIt(string care, double expected)
    {
        var member = MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D("2008-09-15")).Holding(CoverageLevel.RC_PP).Build();

        Assert.Equal(Eur((decimal)expected), Adjudicate.Claim(member, Line("PP.PSYCHOTHERAPY.ADULT", 60.00m, on: D(care)) with { Authorised = true }).TotalPaid);
    }

    [Fact]
    public void PpPsychotherapyAdult_NotAuthorised_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("PP.PSYCHOTHERAPY.ADULT", 60.00m) with { Authorised = false }).Reason);
    }

    // PP.DAVIDHEALTH
    [Fact]
    public void PpDavidHealth_All24SessionsCompleted_PaysAllOfTheUncovered()
    {
        Assert.Equal(Eur(900.00m), Decide(Line("PP.DAVIDHEALTH", 1200.00m, 300.00m) with { ProgrammeCompleted = true }).TotalPaid);
    }

    [Fact]
    public void PpDavidHealth_ProgrammeNotCompleted_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("PP.DAVIDHEALTH", 1200.00m) with { ProgrammeCompleted = false }).Reason);
    }

    [Fact]
    public void PpDavidHealth_CompletionUnknown_PendedForConfirmation()
    {
        Assert.Equal(new[] { "programme-completed" }, Decide(Line("PP.DAVIDHEALTH", 1200.00m)).Pending!.Items);
    }

    // PP.PROTEA
    [Fact]
    public void PpProtea_ProgrammeOverTwoYears_LimitedTo2000PerMemberOnce()
    {
        var results = Sequence(PpMember,
            Line("PP.PROTEA", 1500.00m, on: D("2026-08-01")),
            Line("PP.PROTEA", 1500.00m, on: D("2027-02-01")),
            Line("PP.PROTEA", 300.00m, on: D("2030-02-01")));

        Assert.Equal(new[] { 1500.00m, 500.00m, 0m }, Paid(results));
    }

    // PP.LONGCOVID
    [Fact]
    public void PpLongCovid_AuthorisedCure_PaysAllOfTheUncovered()
    {
        Assert.Equal(Eur(2100.00m), Decide(Line("PP.LONGCOVID", 2100.00m) with { Authorised = true }).TotalPaid);
    }

    [Fact]
    public void PpLongCovid_NotAuthorised_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("PP.LONGCOVID", 2100.00m) with { Authorised = false }).Reason);
    }
}
