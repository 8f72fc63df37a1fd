using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>Four eyes on the plausibility guard (<see cref="ClaimTrust.PlausibilityFourEyes"/>, benefits.md §10).</summary>
public sealed class PlausibilityFourEyesTests
{
    private const string Claim = "M-1/INV-1";

    [Fact]
    public void PlausibilityFourEyes_EntererStatesTheAmountsReviewed_RefusedNamingAmountsReviewed()
    {
        var refusal = ClaimTrust.PlausibilityFourEyes("clerk-a", "clerk-a", plausibilityReviewPending: true, refuses: false, amountsReviewed: true, Claim);

        Assert.Equal(("four-eyes", "amountsReviewed"), (refusal!.Code, refusal.Field));
        Assert.Equal("Claim M-1/INV-1 was entered by clerk-a: another member of staff resolves its plausibility review.", refusal.Message);
    }

    [Fact]
    public void PlausibilityFourEyes_EntererRefusesTheClaimUnderReview_Refused()
    {
        var refusal = ClaimTrust.PlausibilityFourEyes("clerk-a", "clerk-a", plausibilityReviewPending: true, refuses: true, amountsReviewed: null, Claim);

        Assert.Equal("four-eyes", refusal!.Code);
    }

    [Fact]
    public void PlausibilityFourEyes_AnotherMemberOfStaff_Allowed()
    {
        Assert.Null(ClaimTrust.PlausibilityFourEyes("clerk-a", "clerk-b", plausibilityReviewPending: true, refuses: false, amountsReviewed: true, Claim));
        Assert.Null(ClaimTrust.PlausibilityFourEyes("clerk-a", "clerk-b", plausibilityReviewPending: true, refuses: true, amountsReviewed: null, Claim));
    }

    [Fact]
    public void PlausibilityFourEyes_EntererConfirmsAnotherFact_Allowed()
    {
        Assert.Null(ClaimTrust.PlausibilityFourEyes("clerk-a", "clerk-a", plausibilityReviewPending: true, refuses: false, amountsReviewed: null, Claim));
    }

    [Fact]
    public void PlausibilityFourEyes_EntererRefusesAClaimPendedForAnotherReason_Allowed()
    {
        Assert.Null(ClaimTrust.PlausibilityFourEyes("clerk-a", "clerk-a", plausibilityReviewPending: false, refuses: true, amountsReviewed: null, Claim));
    }

    [Fact]
    public void PlausibilityFourEyes_EntererNotKnown_Allowed()
    {
        Assert.Null(ClaimTrust.PlausibilityFourEyes(null, "clerk-a", plausibilityReviewPending: true, refuses: false, amountsReviewed: true, Claim));
    }

    [Fact]
    public void PlausibilityReviewPending_LineAboveTheLimit_True_ClaimPaid_False()
    {
        var member = MemberBuilder.AMember().Holding(CoverageLevel.RC_PP_DO).Build();
        var limits = new PlausibilityLimits(Eur(100_000m), null, new Dictionary<string, CmcmActors.Domain.Money.Money>());
        var stopped = Adjudicator.Adjudicate(member, [Line("RC.HOSP.LU", 150_000m)], AccumulatorBook.Empty, Adjudicate.Catalogue, limits);
        var paid = Adjudicator.Adjudicate(member, [Line("RC.HOSP.LU", 40m, 30m)], AccumulatorBook.Empty, Adjudicate.Catalogue, limits);

        Assert.Equal((true, false), (ClaimTrust.PlausibilityReviewPending(stopped), ClaimTrust.PlausibilityReviewPending(paid)));
    }
}
