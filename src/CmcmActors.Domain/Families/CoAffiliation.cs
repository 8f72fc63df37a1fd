namespace CmcmActors.Domain.Families;

/// <summary>Whether a person counts as a co-affiliate of the family on a given date (spec, section 3).</summary>
public static class CoAffiliation
{
    /// <summary>
    /// Rule "child to 19": a child co-affiliate stays co-affiliated until the 19th birthday even if personally insured.
    /// From that birthday on (inclusive), the child must be co-insured with the main affiliate's statutory fund like any other co-affiliate.
    /// </summary>
    public const int ChildKeptUntilAge = 19;

    public static bool IsCoAffiliatedOn(MemberKind kind, DateOnly birthDate, bool coInsuredWithMainAffiliate, DateOnly on)
    {
        if (kind == MemberKind.MainAffiliate)
        {
            return true;
        }

        if (kind.IsChild() && Age.InYears(birthDate, on) < ChildKeptUntilAge)
        {
            return true;
        }

        return coInsuredWithMainAffiliate;
    }

    /// <summary>Checks that a person may join the roster as <paramref name="kind"/>; returns null when allowed, else the reason.</summary>
    public static string? CheckCanJoin(MemberKind kind, IReadOnlyCollection<MemberKind> currentRoster, DateOnly birthDate, bool coInsuredWithMainAffiliate, DateOnly on)
    {
        switch (kind)
        {
            case MemberKind.MainAffiliate:
                return "A family has exactly one main affiliate; it is set at enrolment.";
            case MemberKind.SpouseOrPartner when currentRoster.Contains(MemberKind.SpouseOrPartner):
                return "The family already has a spouse or partner.";
            case MemberKind.SpouseOrPartner when currentRoster.Contains(MemberKind.HouseholdRelative):
                return "A spouse or partner cannot join while a household relative is co-affiliated in place of one.";
            case MemberKind.HouseholdRelative when currentRoster.Contains(MemberKind.SpouseOrPartner):
                return "A household relative can be co-affiliated only where there is no spouse or partner.";
            case MemberKind.HouseholdRelative when currentRoster.Contains(MemberKind.HouseholdRelative):
                return "The family already has a household relative in place of a spouse or partner.";
        }

        if (birthDate > on)
        {
            return "The birth date is in the future.";
        }

        return IsCoAffiliatedOn(kind, birthDate, coInsuredWithMainAffiliate, on)
            ? null
            : "A co-affiliate must be co-insured with the main affiliate's (or spouse's) statutory fund; only a child under 19 is exempt.";
    }
}
