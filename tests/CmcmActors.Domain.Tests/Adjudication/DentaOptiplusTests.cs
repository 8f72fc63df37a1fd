using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Routing;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>Every Denta &amp; Optiplus benefit (spec, section 7.4). Member holds RC+PP+DO.</summary>
public sealed class DentaOptiplusTests
{
    private static readonly MemberProfile DoMember = MemberBuilder.AMember().Holding(CoverageLevel.RC_PP_DO).Build();

    private static LineDecision Decide(ClaimLine line) => Adjudicate.Claim(DoMember, line).Only();

    private static MemberProfile ChildBornOn(string birth) =>
        MemberBuilder.AMember().Kind(MemberKind.Child).BornOn(D(birth)).Holding(CoverageLevel.RC_PP_DO).Build();

    private static decimal[] Paid(ClaimAdjudication[] results) => results.Select(r => r.TotalPaid.Euros).ToArray();

    private static ClaimAdjudication[] Sequence(MemberProfile member, params ClaimLine[] lines) =>
        Adjudicate.Sequence(member, new AccumulatorBook(), lines.Select(l => new[] { l }).ToArray());

    private static ClaimAdjudication[] Sequence(params ClaimLine[] lines) => Sequence(DoMember, lines);

    // DO.DENTAL.GENERAL
    [Fact]
    public void DoDentalGeneral_SecondInvoiceInYear_LimitedByTheYearCapOf1000()
    {
        var results = Sequence(
            Line("DO.DENTAL.GENERAL", 700.00m, on: D("2026-08-01"), element: "splint"),
            Line("DO.DENTAL.GENERAL", 700.00m, on: D("2026-11-01"), element: "inlay"),
            Line("DO.DENTAL.GENERAL", 700.00m, on: D("2027-01-04")));

        Assert.Equal(new[] { 700.00m, 300.00m, 700.00m }, Paid(results));
    }

    [Theory]
    [InlineData("LU", Department.DentalLuxembourg)]
    [InlineData("DE", Department.DentalAbroad)]
    public void DoDentalGeneral_CountryOfCare_DentalDepartment(string country, Department expected)
    {
        Assert.Equal(expected, Decide(Line("DO.DENTAL.GENERAL", 100.00m) with { CountryOfCare = country }).Department);
    }

    // The five named sub-benefits, each with its own year cap
    [Theory]
    [InlineData("DO.DENTAL.COMPOSITE", 125.00)]
    [InlineData("DO.DENTAL.PULPECTOMY", 100.00)]
    [InlineData("DO.DENTAL.PERIO.SURGERY", 700.00)]
    [InlineData("DO.DENTAL.CONSERVATIVE", 125.00)]
    public void DoDentalSubBenefit_InvoicesAboveTheYearCap_LimitedToIt(string code, double cap)
    {
        var results = Sequence(Line(code, 900.00m, on: D("2026-08-01")), Line(code, 50.00m, on: D("2026-09-01")), Line(code, 50.00m, on: D("2027-01-04")));

        Assert.Equal(new[] { (decimal)cap, 0m, 50.00m }, Paid(results));
        Assert.Equal(ReasonCode.CapReached, results[1].Only().Reason);
    }

    [Fact]
    public void DoDentalRootplaning_OneSession_LimitedTo100()
    {
        var decision = Decide(Line("DO.DENTAL.ROOTPLANING", 150.00m));

        Assert.Equal((Eur(100.00m), LineOutcome.PartiallyPaid), (decision.TotalPaid, decision.Outcome));
    }

    [Fact]
    public void DoDentalRootplaning_ThirdSessionInYear_RefusedByTheYearCapOf200()
    {
        var results = Sequence(
            Line("DO.DENTAL.ROOTPLANING", 100.00m, on: D("2026-08-01")),
            Line("DO.DENTAL.ROOTPLANING", 100.00m, on: D("2026-09-01")),
            Line("DO.DENTAL.ROOTPLANING", 100.00m, on: D("2026-10-01")));

        Assert.Equal(new[] { 100.00m, 100.00m, 0m }, Paid(results));
    }

    [Fact]
    public void DoDentalRootplaning_ThreeSessionsOnOneLine_LimitedByTheYearCapOf200()
    {
        var decision = Decide(Line("DO.DENTAL.ROOTPLANING", 450.00m, units: 3));

        Assert.Equal(Eur(200.00m), decision.TotalPaid);
    }

    [Fact]
    public void DoDentalRootplaning_YearCapBinding_OnlyTheYearCapIsMarkedLimited()
    {
        var payment = Decide(Line("DO.DENTAL.ROOTPLANING", 450.00m, units: 3)).PaymentBy("DO.DENTAL.ROOTPLANING");

        Assert.Equal(
            new[] { ("DO.DENTAL.ROOTPLANING/unit", false), ("DO.DENTAL.ROOTPLANING/year", true) },
            payment.Caps.Select(c => (c.CapId, c.Limited)));
        Assert.Equal((Eur(300.00m), Eur(200.00m)), (payment.Caps[0].Limit!.Value, payment.Caps[1].RoomBefore!.Value));
    }

    // DO.ORTHO.ADULT
    [Fact]
    public void DoOrthoAdult_TreatmentAbove2000_LimitedTo2000OncePerMember()
    {
        var results = Sequence(Line("DO.ORTHO.ADULT", 2500.00m, on: D("2026-08-01")), Line("DO.ORTHO.ADULT", 1500.00m, on: D("2029-08-01")));

        Assert.Equal(new[] { 2000.00m, 0m }, Paid(results));
        Assert.Equal(ReasonCode.CapReached, results[1].Only().Reason);
    }

    [Fact]
    public void DoOrthoAdult_ChildOf16_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Adjudicate.Claim(ChildBornOn("2010-01-01"), Line("DO.ORTHO.ADULT", 2500.00m)).Only().Reason);
    }

    // DO.ORTHO.CHILD (the brochure table is in BrochureExampleTests)
    [Fact]
    public void DoOrthoChild_SameActCodeTwice_500PerActCodeOnce()
    {
        var child = ChildBornOn("2014-03-01");

        var results = Sequence(child,
            Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.90m, D("2026-08-01"), "DT41"),
            Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.90m, D("2027-08-01"), "DT41"),
            Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.60m, D("2027-08-01"), "DT42"));

        Assert.Equal(new[] { 500.00m, 0m, 500.00m }, results.Select(r => r.PaidBy(Tier.DO).Euros));
        Assert.Equal(new[] { 111.78m, 111.78m, 111.72m }, results.Select(r => r.PaidBy(Tier.RC).Euros));
        Assert.Equal(ReasonCode.CapReached, results[1].Only().NoteFor("DO.ORTHO.CHILD").Reason);
        Assert.Equal("member:m-1|DO.ORTHO.CHILD/lifetime/element|lifetime|DT41", Assert.Single(results[0].Changes).Key.ToString());
    }

    [Fact]
    public void DoOrthoChild_ActCheaperThanTheCap_PaysWhatRcLeft()
    {
        var decision = Adjudicate.Claim(ChildBornOn("2014-03-01"), Line("RC.DENTAL.ORTHO.CHILD", 900.00m, 500.00m, element: "DT43")).Only();

        Assert.Equal((Eur(100.00m), Eur(300.00m)), (decision.PaidBy(Tier.RC), decision.PaidBy(Tier.DO)));
    }

    [Fact]
    public void DoOrthoChild_ActOutsideDt41ToDt45_NotPaidByDo()
    {
        var decision = Adjudicate.Claim(ChildBornOn("2014-03-01"), Line("DO.ORTHO.CHILD", 900.00m, 500.00m, element: "DT40")).Only();

        Assert.Equal((LineOutcome.Refused, ReasonCode.ElementNotCovered), (decision.Outcome, decision.Reason));
    }

    // DO.PROSTHESIS
    [Theory]
    [InlineData("crown", 450.00)]
    [InlineData("post-crown", 450.00)]
    [InlineData("bridge-element", 450.00)]
    [InlineData("telescopic-crown", 450.00)]
    [InlineData("inlay", 200.00)]
    [InlineData("inlay-post-reconstruction", 200.00)]
    [InlineData("hinge", 200.00)]
    [InlineData("metal-skeleton-base", 450.00)]
    [InlineData("resin-base", 200.00)]
    [InlineData("clasp", 150.00)]
    [InlineData("attachment", 150.00)]
    public void DoProsthesis_Element_PaysItsFlatAmount(string element, double amount)
    {
        var decision = Decide(Line("DO.PROSTHESIS", 1000.00m, element: element));

        Assert.Equal(Eur((decimal)amount), decision.PaidBy(Tier.DO));
        Assert.Equal(Eur(0m), decision.PaidBy(Tier.RC));
    }

    [Fact]
    public void DoProsthesis_EightCrowns_LimitedByTheYearCapOf3500()
    {
        var results = Sequence(
            Line("DO.PROSTHESIS", 5000.00m, on: D("2026-08-01"), element: "crown", units: 8),
            Line("DO.PROSTHESIS", 300.00m, on: D("2026-10-01"), element: "clasp"));

        Assert.Equal(new[] { 3500.00m, 0m }, Paid(results));
        Assert.Equal(LineOutcome.PartiallyPaid, results[0].Only().Outcome);
        Assert.Equal(ReasonCode.CapReached, results[1].Only().Reason);
    }

    [Fact]
    public void DoProsthesis_CrownCheaperThanTheFlatAmount_LimitedToTheUncovered()
    {
        Assert.Equal(Eur(300.00m), Decide(Line("DO.PROSTHESIS", 300.00m, element: "crown")).TotalPaid);
    }

    [Fact]
    public void DoProsthesis_UnlistedElement_RefusedAsElementNotCovered()
    {
        Assert.Equal(ReasonCode.ElementNotCovered, Decide(Line("DO.PROSTHESIS", 900.00m, element: "veneer")).Reason);
    }

    // DO.IMPLANT
    [Fact]
    public void DoImplant_FiveImplants_RcPays150EachAndDoIsLimitedByTheYearCapOf2000()
    {
        var decision = Decide(Line("RC.DENTAL.FLAT", 5000.00m, element: "implant", units: 5));

        Assert.Equal((Eur(750.00m), Eur(2000.00m), Eur(2750.00m)), (decision.PaidBy(Tier.RC), decision.PaidBy(Tier.DO), decision.TotalPaid));
        Assert.Equal(LineOutcome.PartiallyPaid, decision.Outcome);
    }

    [Fact]
    public void DoImplant_NextYear_FreshRoom()
    {
        var results = Sequence(
            Line("DO.IMPLANT", 5000.00m, on: D("2026-08-01"), element: "implant", units: 4),
            Line("DO.IMPLANT", 1000.00m, on: D("2026-12-01"), element: "implant"),
            Line("DO.IMPLANT", 1000.00m, on: D("2027-01-04"), element: "implant"));

        Assert.Equal(new[] { 0m, 500.00m }, results.Skip(1).Select(r => r.PaidBy(Tier.DO).Euros));
    }

    [Fact]
    public void DoImplant_OneImplantUncovered600_BothTiersTogetherNeverExceedTheUncovered()
    {
        var decision = Decide(Line("DO.IMPLANT", 600.00m, element: "implant"));

        Assert.Equal((Eur(150.00m), Eur(450.00m), Eur(600.00m)), (decision.PaidBy(Tier.RC), decision.PaidBy(Tier.DO), decision.TotalPaid));
    }

    // Optics
    [Theory]
    [InlineData("DO.OPTIC.LENSES", 150.00)]
    [InlineData("DO.OPTIC.FRAMES", 30.00)]
    [InlineData("DO.OPTIC.CONTACTS", 150.00)]
    public void DoOptic_SecondPurchaseInYear_LimitedByTheYearCap(string code, double cap)
    {
        var results = Sequence(Line(code, 400.00m, on: D("2026-08-01")), Line(code, 20.00m, on: D("2026-12-31")), Line(code, 20.00m, on: D("2027-01-01")));

        Assert.Equal(new[] { (decimal)cap, 0m, 20.00m }, Paid(results));
    }

    [Theory]
    [InlineData("LU", Department.National)]
    [InlineData("FR", Department.Foreign)]
    public void DoOpticLenses_CountryOfCare_NationalOrForeignDepartment(string country, Department expected)
    {
        Assert.Equal(expected, Decide(Line("DO.OPTIC.LENSES", 100.00m) with { CountryOfCare = country }).Department);
    }

    // DO.OPTIC.REFRACTIVE
    [Fact]
    public void DoOpticRefractive_BothEyesThenLeftAgain_1000PerEyeOnce()
    {
        var results = Sequence(
            Line("DO.OPTIC.REFRACTIVE", 1800.00m, on: D("2026-08-01"), element: "left-eye"),
            Line("DO.OPTIC.REFRACTIVE", 1800.00m, on: D("2026-08-15"), element: "right-eye"),
            Line("DO.OPTIC.REFRACTIVE", 900.00m, on: D("2028-08-01"), element: "left-eye"));

        Assert.Equal(new[] { 1000.00m, 1000.00m, 0m }, Paid(results));
    }

    [Fact]
    public void DoOpticRefractive_EyeNotNamed_RefusedAsElementNotCovered()
    {
        Assert.Equal(ReasonCode.ElementNotCovered, Decide(Line("DO.OPTIC.REFRACTIVE", 1800.00m)).Reason);
    }

    // DO.ODYSSEE
    [Fact]
    public void DoOdyssee_CompletedTwice_400Once()
    {
        var results = Sequence(
            Line("DO.ODYSSEE", 500.00m, on: D("2026-08-01")) with { ProgrammeCompleted = true },
            Line("DO.ODYSSEE", 500.00m, on: D("2028-08-01")) with { ProgrammeCompleted = true });

        Assert.Equal(new[] { 400.00m, 0m }, Paid(results));
    }

    [Fact]
    public void DoOdyssee_NotCompleted_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("DO.ODYSSEE", 500.00m) with { ProgrammeCompleted = false }).Reason);
    }

    [Fact]
    public void DoOdyssee_CompletionUnknown_PendedForConfirmation()
    {
        Assert.Equal(new[] { "programme-completed" }, Decide(Line("DO.ODYSSEE", 500.00m)).Pending!.Items);
    }

    // Tier
    [Fact]
    public void DoBenefit_MemberWithoutDo_RefusedAsTierNotHeld()
    {
        var ppMember = MemberBuilder.AMember().Holding(CoverageLevel.RC_PP).Build();

        Assert.Equal(ReasonCode.TierNotHeld, Adjudicate.Claim(ppMember, Line("DO.OPTIC.LENSES", 100.00m)).Only().Reason);
    }
}
