using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>The trust boundary (<see cref="ClaimTrust"/>) and the plausibility guard (<see cref="PlausibilityLimits"/>).</summary>
public sealed class TrustAndPlausibilityTests
{
    private static readonly MemberProfile Member = MemberBuilder.AMember().Holding(CoverageLevel.RC_PP_DO).Build();

    public static TheoryData<string, ClaimLine> StaffOnlyFacts => new()
    {
        { "authorised", Line("PP.LONGCOVID", 1000.00m) with { Authorised = true } },
        { "serious", Line("RC.SERIOUS.REHAB", 1000.00m) with { Serious = true } },
        { "programmeCompleted", Line("PP.DAVIDHEALTH", 1000.00m) with { ProgrammeCompleted = true } },
        { "circumstances", Line("ASSIST.TRIP.CANCEL", 900.00m) with { Circumstances = ["illness"], Documents = ["travel-invoices", "provider-refund-decision"], TripId = "T1" } },
    };

    [Theory]
    [MemberData(nameof(StaffOnlyFacts))]
    public void TrustBoundary_MemberDeclaresAStaffOnlyFact_LinePendedForConfirmation_StaffEnteringIt_Paid(string fact, ClaimLine line)
    {
        var byMember = Adjudicate.Claim(Member, ClaimTrust.Trusted(line, ClaimSource.Member)).Only();
        var byStaff = Adjudicate.Claim(Member, ClaimTrust.Trusted(line, ClaimSource.Staff)).Only();

        Assert.Equal((LineOutcome.Pended, ReasonCode.NeedsConfirmation, Eur(0m)), (byMember.Outcome, byMember.Reason, byMember.TotalPaid));
        Assert.Equal((LineOutcome.Paid, line.Uncovered), (byStaff.Outcome, byStaff.TotalPaid));
        Assert.Contains(fact, ClaimTrust.DeclaredStaffOnlyFacts(line));
    }

    [Fact]
    public void TrustBoundary_MemberDeclaresWhatWasInvoicedAndReimbursed_Kept_StaffOnlyFactsSetAside()
    {
        var line = Line("RC.SERIOUS.REHAB", 1200.00m, 200.00m, on: D("2026-09-20")) with
        {
            Serious = true, Authorised = true, ProgrammeCompleted = true, Circumstances = ["illness"], Documents = ["x-ray"], CountryOfCare = "BE", TripId = "T1",
        };

        var trusted = ClaimTrust.Trusted(line, ClaimSource.Member);

        Assert.Equal(line with { Serious = null, Authorised = null, ProgrammeCompleted = null, Circumstances = null, Documents = null }, trusted);
        Assert.Equal(["authorised", "serious", "programmeCompleted", "circumstances", "documents"], ClaimTrust.DeclaredStaffOnlyFacts(line));
        Assert.Same(line, ClaimTrust.Trusted(line, ClaimSource.Staff));
    }

    [Fact]
    public void TrustBoundary_MemberAttachesTheRequiredDocuments_PendedUntilStaffConfirmThem()
    {
        var line = Line("ASSIST.TRIP.CANCEL", 900.00m) with { Circumstances = ["illness"], Documents = ["travel-invoices", "provider-refund-decision"], TripId = "T1" };
        var confirmedCircumstanceOnly = ClaimTrust.Trusted(line, ClaimSource.Member) with { Circumstances = ["illness"] };

        var decision = Adjudicate.Claim(Member, confirmedCircumstanceOnly).Only();

        Assert.Equal((LineOutcome.Pended, ReasonCode.MissingDocuments), (decision.Outcome, decision.Reason));
    }

    [Fact]
    public void Plausibility_LineAboveTheLimit_PendedForReview_WithTheLimitInTheExplanation()
    {
        var limits = new PlausibilityLimits(Eur(100_000m), null, new Dictionary<string, CmcmActors.Domain.Money.Money>());

        var decision = Adjudicator.Adjudicate(Member, [Line("RC.HOSP.LU", 100_000.01m)], AccumulatorBook.Empty, Adjudicate.Catalogue, limits).Lines[0];

        Assert.Equal((LineOutcome.Pended, ReasonCode.PlausibilityReview, Eur(0m)), (decision.Outcome, decision.Reason, decision.TotalPaid));
        Assert.Contains("100", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Plausibility_LineAtTheLimit_DecidedAsUsual()
    {
        var limits = new PlausibilityLimits(Eur(100_000m), null, new Dictionary<string, CmcmActors.Domain.Money.Money>());

        var decision = Adjudicator.Adjudicate(Member, [Line("RC.HOSP.LU", 100_000.00m)], AccumulatorBook.Empty, Adjudicate.Catalogue, limits).Lines[0];

        Assert.Equal((LineOutcome.Paid, Eur(100_000m)), (decision.Outcome, decision.TotalPaid));
    }

    [Fact]
    public void Plausibility_ClaimAboveTheTotalLimit_EveryLinePendedForReview()
    {
        var limits = new PlausibilityLimits(null, Eur(1_000m), new Dictionary<string, CmcmActors.Domain.Money.Money>());

        var result = Adjudicator.Adjudicate(Member, [Line("RC.HOSP.LU", 600m), Line("RC.HOSP.LU", 600m)], AccumulatorBook.Empty, Adjudicate.Catalogue, limits);

        Assert.Equal(ClaimOutcome.Pended, result.Outcome);
        Assert.All(result.Lines, l => Assert.Equal(ReasonCode.PlausibilityReview, l.Reason));
    }

    [Fact]
    public void Plausibility_PerBenefitLimit_OverridesTheLineLimit()
    {
        var limits = new PlausibilityLimits(Eur(100_000m), null, new Dictionary<string, CmcmActors.Domain.Money.Money> { ["RC.ALTMED"] = Eur(500m) });

        var osteopathy = Adjudicator.Adjudicate(Member, [Line("RC.ALTMED", 600m, element: "osteopathy")], AccumulatorBook.Empty, Adjudicate.Catalogue, limits).Lines[0];
        var hospital = Adjudicator.Adjudicate(Member, [Line("RC.HOSP.LU", 600m)], AccumulatorBook.Empty, Adjudicate.Catalogue, limits).Lines[0];

        Assert.Equal((ReasonCode.PlausibilityReview, LineOutcome.Paid), (osteopathy.Reason!.Value, hospital.Outcome));
    }

    [Fact]
    public void Plausibility_None_DecidesEveryAmount()
    {
        var decision = Adjudicator.Adjudicate(Member, [Line("RC.HOSP.LU", 900_000m)], AccumulatorBook.Empty, Adjudicate.Catalogue, PlausibilityLimits.None).Lines[0];

        Assert.Equal((LineOutcome.Paid, Eur(900_000m)), (decision.Outcome, decision.TotalPaid));
    }
}
