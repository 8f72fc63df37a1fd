using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.StatutoryCover;

namespace CmcmActors.Host.Api.Members;

/// <summary>A member as the family knows him or her, the statutory cover, and per tier whether care on <see cref="On"/> is covered.</summary>
public sealed record MemberResponse(
    string MemberId,
    string FamilyId,
    MemberKind Kind,
    DateOnly BirthDate,
    bool CoInsuredWithMainAffiliate,
    DateOnly AddedOn,
    DateOnly? OwnStart,
    DateOnly? LeftOn,
    IReadOnlyList<StatutoryPeriodResponse> StatutoryPeriods,
    int ClaimCount,
    decimal TotalPaid,
    DateOnly On,
    IReadOnlyList<WaitingPeriodResponse> WaitingPeriods)
{
    public static MemberResponse From(string familyId, FamilyMember member, MemberView view, DateOnly on, IReadOnlyList<WaitingPeriodStatus> waiting) => new(
        member.MemberId, familyId, member.Kind, member.BirthDate, member.CoInsuredWithMainAffiliate, member.AddedOn, member.OwnStart, member.LeftOn,
        [.. view.StatutoryPeriods.Select(StatutoryPeriodResponse.Of)], view.ClaimCount, view.TotalPaid.Euros, on,
        [.. waiting.Select(w => new WaitingPeriodResponse(w.Tier, w.Status, w.FirstCoveredDate))]);
}

/// <param name="To">The last day covered (inclusive), or null while the cover lasts.</param>
public sealed record StatutoryPeriodResponse(DateOnly From, DateOnly? To, bool IllnessUnderTreatmentAtEnd, bool OtherLegalCoverAfterEnd)
{
    public static StatutoryPeriodResponse Of(StatutoryPeriod p) => new(p.From, p.To, p.IllnessUnderTreatmentAtEnd, p.OtherLegalCoverAfterEnd);
}

/// <param name="FirstCoveredDate">While in the waiting period: the first date of care the tier pays.</param>
public sealed record WaitingPeriodResponse(Tier Tier, TierCoverageStatus Status, DateOnly? FirstCoveredDate);

/// <summary>One cap for a member and a year of care. Amounts in euros; null limits mean the cap counts units only.</summary>
public sealed record CapResponse(
    string CapId,
    IReadOnlyList<string> BenefitCodes,
    string Description,
    string Key,
    decimal? Limit,
    decimal Used,
    decimal? Remaining,
    int? UnitsLimit,
    int UnitsUsed,
    string Scope)
{
    /// <summary>Of <see cref="Used"/>, what was used before the member was imported (docs/import.md); null when none.</summary>
    public decimal? OpeningBalance { get; init; }

    /// <summary><c>scope</c>: "member" (the member's own use), or "family" (the family's total, shared by its members).</summary>
    public static CapResponse From(CapUsage c) =>
        new(c.CapId, c.BenefitCodes, c.Description, c.Key, c.Limit?.Euros, c.Used.Euros, c.Remaining?.Euros, c.UnitsLimit, c.UnitsUsed, c.Family ? "family" : "member")
        {
            OpeningBalance = c.Opening?.Euros,
        };
}

/// <summary>One movement of one cap: what a claim (or its reversal) took or gave back.</summary>
public sealed record CapMovementResponse(
    string ClaimId,
    string Key,
    decimal Before,
    decimal After,
    int UnitsBefore,
    int UnitsAfter,
    DateTimeOffset At,
    bool Reversal,
    string Scope)
{
    /// <summary><c>scope</c> "family": before and after are the family's total for a family-scoped cap.</summary>
    public static CapMovementResponse From(CapMovement m) =>
        new(m.ClaimId, m.Key, m.Before.Euros, m.After.Euros, m.UnitsBefore, m.UnitsAfter, m.At, m.Reversal, m.Family ? "family" : "member");
}
