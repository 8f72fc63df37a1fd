using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Routing;
using CmcmActors.Domain.StatutoryCover;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Grains.Tests.Support;

/// <summary>Short ways to set up families and claims through the grains, with unique ids per test.</summary>
public static class Scenario
{
    public static readonly DateOnly Care = new(2026, 9, 15);
    public static readonly DateOnly Received = new(2026, 9, 20);

    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    public static readonly EligibilityFacts Eligible = new(true, false, StatutoryInsuranceKind.LuxembourgFund, new Domicile("LU"));

    /// <summary>Enrols a family (application 2025-12-10, so cover from 2026-01-01, waiting periods over by April), pays, and gives the main member statutory cover.</summary>
    public static async Task<(string FamilyId, string MemberId)> EnrolledFamilyAsync(IGrainFactory grains, CoverageLevel level = CoverageLevel.RC_PP_DO, DateOnly? birth = null)
    {
        var familyId = NewId("F");
        var memberId = NewId("M");
        var family = grains.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId));
        var enrolled = await family.EnrolAsync(new EnrolFamily(familyId, memberId, birth ?? new DateOnly(1980, 5, 1), new DateOnly(2025, 12, 10), level, EnrolmentReason.FirstTime, Eligible));
        Assert.True(enrolled.IsSuccess, enrolled.Rejection?.Message);
        var paid = await family.RecordPaymentAsync(2026, M.FromEuros(300m), new DateOnly(2025, 12, 20));
        Assert.True(paid.IsSuccess, paid.Rejection?.Message);
        await grains.GetGrain<IMemberGrain>(GrainKeys.Member(memberId)).SetStatutoryPeriodsAsync(familyId, [new StatutoryPeriod(new DateOnly(2010, 1, 1), null)]);
        return (familyId, memberId);
    }

    public static ClaimSubmission Claim(string familyId, string memberId, string invoice, params ClaimLine[] lines) =>
        new(familyId, memberId, invoice, Received, Channel.App, lines);

    public static ClaimLine Line(string code, decimal invoiced, decimal statutory = 0m, string? element = null, int units = 1, DateOnly? on = null) =>
        new(code, on ?? Care, M.FromEuros(invoiced), M.FromEuros(statutory), Units: units, Element: element);

    public static IClaimGrain ClaimGrain(this IGrainFactory grains, ClaimSubmission submission) =>
        grains.GetGrain<IClaimGrain>(GrainKeys.Claim(submission.MemberId, submission.InvoiceReference));

    public static Task<ClaimRecord> SubmitAsync(this IGrainFactory grains, ClaimSubmission submission) =>
        grains.ClaimGrain(submission).SubmitAsync(submission);
}
