using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.StatutoryCover;

namespace CmcmActors.Domain.Adjudication;

/// <summary>Everything adjudication needs to know about the patient and the family, on any date.</summary>
/// <param name="OwnStart">The member's own start date when added after the family, else null (takes the family's dates).</param>
/// <param name="LeftOn">First day the member is no longer on the roster, if removed.</param>
/// <param name="FamilySpells">The family's tier spells.</param>
/// <param name="AffiliationInEffect">The due contribution has been paid, so the affiliation takes effect.</param>
public sealed record MemberProfile(
    string MemberId,
    string FamilyId,
    MemberKind Kind,
    DateOnly BirthDate,
    bool CoInsuredWithMainAffiliate,
    DateOnly? OwnStart,
    DateOnly? LeftOn,
    IReadOnlyList<TierSpell> FamilySpells,
    IReadOnlyList<StatutoryPeriod> StatutoryPeriods,
    bool AffiliationInEffect);
