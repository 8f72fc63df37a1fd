using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.People;
using CmcmActors.Domain.StatutoryCover;

namespace CmcmActors.Domain.Import;

/// <summary>
/// A family of the system the CMCM replaces, checked and built by the domain's own commands (<see cref="Family"/>):
/// its roster, tiers and payments, its people, each member's statutory periods and opening balances, and the family's
/// opening balances of family-scoped caps. <see cref="Fingerprint"/> names its rows' content: the same files give the
/// same fingerprint, so a second import of it changes nothing.
/// </summary>
public sealed record ImportedFamily(
    string FamilyId,
    Family Family,
    IReadOnlyDictionary<string, Person> People,
    IReadOnlyList<ImportedMember> Members,
    IReadOnlyList<AccumulatorChange> FamilyOpening,
    string Fingerprint);

/// <summary>A member's statutory periods and what he or she had used of member-scoped caps when imported.</summary>
public sealed record ImportedMember(string MemberId, IReadOnlyList<StatutoryPeriod> StatutoryPeriods, IReadOnlyList<AccumulatorChange> Opening);
