using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Routing;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>CMCM-Assistance (spec, section 7.2): included with RC, no waiting period. Member holds RC only.</summary>
public sealed class AssistanceTests
{
    private static readonly MemberProfile RcMember = MemberBuilder.AMember().Holding(CoverageLevel.RC).Build();

    private static LineDecision Decide(ClaimLine line) => Adjudicate.Claim(RcMember, line).Only();

    private static ClaimLine Abroad(string code, decimal invoiced, string? on = null, string? incident = null) =>
        Line(code, invoiced, on: on is null ? null : D(on)) with { CountryOfCare = "FR", IncidentId = incident };

    private static ClaimLine TripCancel(decimal invoiced, string trip, string[] circumstances, params string[] documents) =>
        Line("ASSIST.TRIP.CANCEL", invoiced) with { TripId = trip, Circumstances = circumstances, Documents = documents };

    private static readonly string[] TripDocuments = ["travel-invoices", "provider-refund-decision"];

    // ASSIST.HOSP.ABROAD
    [Fact]
    public void AssistHospAbroad_OneIncidentAbove100000_LimitedTo100000()
    {
        var decision = Decide(Abroad("ASSIST.HOSP.ABROAD", 120_000.00m, incident: "i-1"));

        Assert.Equal((Eur(100_000.00m), LineOutcome.PartiallyPaid), (decision.TotalPaid, decision.Outcome));
        Assert.Equal(Department.Foreign, decision.Department);
        Assert.Equal(Eur(100_000.00m), decision.PaidBy(Tier.ASSIST));
    }

    [Fact]
    public void AssistHospAbroad_SameIncidentAgain_RefusedAsCapReached()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [Abroad("ASSIST.HOSP.ABROAD", 100_000.00m, incident: "i-1")],
            [Abroad("ASSIST.HOSP.ABROAD", 5_000.00m, on: "2026-10-01", incident: "i-1")]);

        Assert.Equal(ReasonCode.CapReached, results[1].Only().Reason);
    }

    [Fact]
    public void AssistHospAbroad_AnotherIncident_FreshRoom()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [Abroad("ASSIST.HOSP.ABROAD", 100_000.00m, incident: "i-1")],
            [Abroad("ASSIST.HOSP.ABROAD", 5_000.00m, on: "2026-10-01", incident: "i-2")]);

        Assert.Equal(Eur(5_000.00m), results[1].TotalPaid);
        Assert.Equal("member:m-1|ASSIST.HOSP.ABROAD/incident|incident:i-2", Assert.Single(results[1].Changes).Key.ToString());
    }

    [Fact]
    public void AssistHospAbroad_InLuxembourg_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("ASSIST.HOSP.ABROAD", 5_000.00m) with { IncidentId = "i-1" }).Reason);
    }

    // ASSIST.REPATRIATION
    [Fact]
    public void AssistRepatriation_CostAbove100000_PaidInFull()
    {
        var decision = Decide(Abroad("ASSIST.REPATRIATION", 250_000.00m));

        Assert.Equal((Eur(250_000.00m), LineOutcome.Paid), (decision.TotalPaid, decision.Outcome));
    }

    [Fact]
    public void AssistRepatriation_FromLuxembourg_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("ASSIST.REPATRIATION", 8_000.00m)).Reason);
    }

    // ASSIST.EMERGENCY.ABROAD
    [Fact]
    public void AssistEmergencyAbroad_SecondConsultationInYear_LimitedByTheYearCapOf2500()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [Abroad("ASSIST.EMERGENCY.ABROAD", 2_000.00m, on: "2026-08-01")],
            [Abroad("ASSIST.EMERGENCY.ABROAD", 800.00m, on: "2026-12-31")],
            [Abroad("ASSIST.EMERGENCY.ABROAD", 800.00m, on: "2027-01-01")]);

        Assert.Equal(new[] { Eur(2_000.00m), Eur(500.00m), Eur(800.00m) }, results.Select(r => r.TotalPaid));
    }

    [Fact]
    public void AssistEmergencyAbroad_InLuxembourg_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(Line("ASSIST.EMERGENCY.ABROAD", 300.00m)).Reason);
    }

    // ASSIST.TRANSPORT
    [Fact]
    public void AssistTransport_HelicopterOnASkiSlope_PaysAllOfTheUncovered()
    {
        var decision = Decide(Line("ASSIST.TRANSPORT", 4_800.00m, 1_000.00m) with { CountryOfCare = "AT" });

        Assert.Equal((Eur(3_800.00m), LineOutcome.Paid), (decision.TotalPaid, decision.Outcome));
    }

    [Fact]
    public void AssistTransport_AmbulanceInLuxembourg_PaidAndRoutedToForeign()
    {
        var decision = Decide(Line("ASSIST.TRANSPORT", 400.00m, 300.00m));

        Assert.Equal(Eur(100.00m), decision.TotalPaid);
        Assert.Equal(Department.Foreign, decision.Department);
    }

    // ASSIST.DEATH
    [Fact]
    public void AssistDeath_BodyTransport_PaysAllOfTheUncovered()
    {
        Assert.Equal(Eur(3_200.00m), Decide(Abroad("ASSIST.DEATH", 3_200.00m)).TotalPaid);
    }

    // ASSIST.TRIP.CANCEL
    [Fact]
    public void AssistTripCancel_OneTripAbove1500_LimitedTo1500()
    {
        var decision = Decide(TripCancel(1_800.00m, "t-1", ["illness"], TripDocuments));

        Assert.Equal((Eur(1_500.00m), LineOutcome.PartiallyPaid), (decision.TotalPaid, decision.Outcome));
    }

    [Fact]
    public void AssistTripCancel_SameTripAgain_RefusedAsCapReached()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [TripCancel(1_800.00m, "t-1", ["illness"], TripDocuments)],
            [TripCancel(200.00m, "t-1", ["illness"], TripDocuments)]);

        Assert.Equal(ReasonCode.CapReached, results[1].Only().Reason);
    }

    [Fact]
    public void AssistTripCancel_SecondTripInTheSameYear_NoLimitOnTheNumberOfTrips()
    {
        var results = Adjudicate.Sequence(RcMember, new AccumulatorBook(),
            [TripCancel(1_500.00m, "t-1", ["accident"], TripDocuments)],
            [TripCancel(1_200.00m, "t-2", ["hospitalisation"], TripDocuments)],
            [TripCancel(1_500.00m, "t-3", ["illness"], TripDocuments)]);

        Assert.Equal(new[] { Eur(1_500.00m), Eur(1_200.00m), Eur(1_500.00m) }, results.Select(r => r.TotalPaid));
    }

    [Fact]
    public void AssistTripCancel_RefundDecisionMissing_PendedForDocumentsNotRefused()
    {
        var result = Adjudicate.Claim(RcMember, TripCancel(900.00m, "t-1", ["illness"], "travel-invoices"));
        var decision = result.Only();

        Assert.Equal((LineOutcome.Pended, ReasonCode.MissingDocuments), (decision.Outcome, decision.Reason));
        Assert.Equal(new[] { "provider-refund-decision" }, decision.Pending!.Items);
        Assert.Equal((ClaimOutcome.Pended, Department.Foreign), (result.Outcome, result.Department));
        Assert.Empty(result.Changes);
    }

    [Fact]
    public void AssistTripCancel_NoDocumentsAtAll_PendedForBoth()
    {
        Assert.Equal(new[] { "travel-invoices", "provider-refund-decision" }, Decide(TripCancel(900.00m, "t-1", ["illness"])).Pending!.Items);
    }

    [Fact]
    public void AssistTripCancel_DeathWithoutTheCertificate_PendedForTheCertificate()
    {
        var decision = Decide(TripCancel(900.00m, "t-1", ["death"], TripDocuments));

        Assert.Equal(LineOutcome.Pended, decision.Outcome);
        Assert.Equal(new[] { "death-certificate" }, decision.Pending!.Items);
    }

    [Fact]
    public void AssistTripCancel_DeathWithTheCertificate_Paid()
    {
        Assert.Equal(Eur(900.00m), Decide(TripCancel(900.00m, "t-1", ["death"], [.. TripDocuments, "death-certificate"])).TotalPaid);
    }

    [Fact]
    public void AssistTripCancel_NoCircumstanceGiven_PendedForConfirmation()
    {
        var decision = Decide(TripCancel(900.00m, "t-1", [], TripDocuments) with { Circumstances = null });

        Assert.Equal((LineOutcome.Pended, ReasonCode.NeedsConfirmation), (decision.Outcome, decision.Reason));
        Assert.Equal(new[] { "circumstance" }, decision.Pending!.Items);
    }

    [Fact]
    public void AssistTripCancel_ChangeOfMind_RefusedAsConditionNotMet()
    {
        Assert.Equal(ReasonCode.ConditionNotMet, Decide(TripCancel(900.00m, "t-1", ["changed-plans"], TripDocuments)).Reason);
    }

    // No waiting period
    [Fact]
    public void Assist_CareOnTheFamilysFirstDayWhileRcWaits_PaidByAssistance()
    {
        var newcomer = MemberBuilder.AMember().Holding(CoverageLevel.RC, since: D("2026-08-01")).Build();

        var result = Adjudicator.Adjudicate(newcomer,
            [Abroad("ASSIST.EMERGENCY.ABROAD", 300.00m, on: "2026-08-01"), Line("RC.HOSP.LU", 300.00m, on: D("2026-08-01"))],
            AccumulatorBook.Empty, Adjudicate.Catalogue);

        Assert.Equal(Eur(300.00m), result.Lines[0].TotalPaid);
        Assert.Equal(ReasonCode.WaitingPeriod, result.Lines[1].Reason);
    }

    [Fact]
    public void Assist_CareTheDayBeforeTheFamilysStart_RefusedAsTierNotHeld()
    {
        var newcomer = MemberBuilder.AMember().Holding(CoverageLevel.RC, since: D("2026-08-01")).Build();

        Assert.Equal(ReasonCode.TierNotHeld, Adjudicate.Claim(newcomer, Abroad("ASSIST.EMERGENCY.ABROAD", 300.00m, on: "2026-07-31")).Only().Reason);
    }
}
