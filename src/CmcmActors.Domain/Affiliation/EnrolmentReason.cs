namespace CmcmActors.Domain.Affiliation;

/// <summary>Why a person joins; decides the waiting period (spec, section 4).</summary>
public enum EnrolmentReason
{
    /// <summary>First affiliation with the CMCM: 3 months for RC, PP and DO.</summary>
    FirstTime,

    /// <summary>Re-admission after resignation, striking off or exclusion: 12 months for RC and PP, 36 for DO.</summary>
    Readmission,

    /// <summary>A co-affiliate who becomes main affiliate within 12 months of reaching the age limit, a change of civil status or the end of co-affiliate status: no waiting period.</summary>
    FormerCoAffiliate,

    /// <summary>A spouse or partner who joins within 12 months of a divorce or the end of a partnership: no waiting period.</summary>
    AfterDivorceOrEndOfPartnership,
}
