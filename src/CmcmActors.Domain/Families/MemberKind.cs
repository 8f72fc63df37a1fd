namespace CmcmActors.Domain.Families;

/// <summary>The roles a person can hold in a CMCM family (spec, section 3).</summary>
public enum MemberKind
{
    MainAffiliate,

    /// <summary>Spouse, or partner under the law of 9 July 2004.</summary>
    SpouseOrPartner,

    /// <summary>A relative up to the 3rd degree who keeps the household, only where there is no spouse or partner.</summary>
    HouseholdRelative,

    /// <summary>A legitimate, legitimated, natural or adopted child.</summary>
    Child,

    /// <summary>A child durably taken into the household and fully supported.</summary>
    FosterChild,
}

public static class MemberKinds
{
    public static bool IsChild(this MemberKind kind) => kind is MemberKind.Child or MemberKind.FosterChild;
}
