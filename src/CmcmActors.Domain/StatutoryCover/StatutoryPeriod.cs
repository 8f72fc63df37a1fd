namespace CmcmActors.Domain.StatutoryCover;

/// <summary>
/// A period of affiliation with the statutory health insurance (CCSS: CNS or CMFEP).
/// </summary>
/// <param name="From">First day affiliated (inclusive).</param>
/// <param name="To">Last day affiliated (inclusive), or null while it lasts.</param>
/// <param name="IllnessUnderTreatmentAtEnd">An illness was under treatment when the affiliation ended: 3 more months of continuation.</param>
/// <param name="OtherLegalCoverAfterEnd">The member has other legal cover for the same risks after the end: no continuation.</param>
public sealed record StatutoryPeriod(DateOnly From, DateOnly? To, bool IllnessUnderTreatmentAtEnd = false, bool OtherLegalCoverAfterEnd = false);
