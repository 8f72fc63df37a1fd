using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.People;

namespace CmcmActors.Host.Api.Families;

/// <summary>A family: roster, tiers with their first covered dates, contributions paid.</summary>
/// <param name="Level">The level held now, or null after a resignation.</param>
/// <param name="AffiliationInEffect">True once a contribution is paid: before that the family is enrolled but nothing is paid.</param>
public sealed record FamilyResponse(
    string FamilyId,
    CoverageLevel? Level,
    bool AffiliationInEffect,
    DateOnly? ResignedOn,
    EnrolmentReason EnrolmentReason,
    IReadOnlyList<FamilyMemberResponse> Members,
    IReadOnlyList<TierResponse> Tiers,
    IReadOnlyList<PaymentResponse> Payments,
    long Version)
{
    public static FamilyResponse From(FamilyView view) => new(
        view.FamilyId, view.Level, view.AffiliationInEffect, view.ResignedOn, view.EnrolmentReason,
        [.. view.Members.Select(m => FamilyMemberResponse.From(m, view.People?.GetValueOrDefault(m.MemberId)))],
        [.. view.Tiers.Select(t => new TierResponse(t.Tier, t.Start, t.End, t.WaitingMonths, t.FirstCoveredDate))],
        [.. view.Payments.Select(p => new PaymentResponse(p.Year, p.Amount.Euros, p.PaidOn))],
        view.Version);
}

/// <param name="OwnStart">The member's own start when added after the family (else the family's dates apply).</param>
/// <param name="LeftOn">The first day no longer on the roster, when removed.</param>
/// <param name="Surname">Null when the member was entered without names.</param>
/// <param name="NationalNumber">The 13-digit national number, or null when not known.</param>
public sealed record FamilyMemberResponse(
    string MemberId,
    MemberKind Kind,
    DateOnly BirthDate,
    bool CoInsuredWithMainAffiliate,
    DateOnly AddedOn,
    DateOnly? OwnStart,
    DateOnly? LeftOn,
    string? Surname,
    string? GivenNames,
    string? NationalNumber)
{
    public static FamilyMemberResponse From(FamilyMember m, Person? person) =>
        new(m.MemberId, m.Kind, m.BirthDate, m.CoInsuredWithMainAffiliate, m.AddedOn, m.OwnStart, m.LeftOn, person?.Surname, person?.GivenNames, person?.NationalNumber);
}

/// <param name="End">The first day the tier is no longer held (exclusive), or null while it is held.</param>
/// <param name="FirstCoveredDate">The first date of care the tier pays, once its waiting period is over.</param>
public sealed record TierResponse(Tier Tier, DateOnly Start, DateOnly? End, int WaitingMonths, DateOnly FirstCoveredDate);

public sealed record PaymentResponse(int Year, decimal Amount, DateOnly PaidOn);
