using System.Security.Claims;

namespace CmcmActors.Host.Security;

/// <summary>
/// Who may see what. Front-desk staff and admins see every family. A member's token is bound to one member of one
/// family: the main affiliate sees the whole family, a co-affiliate only himself or herself, and nobody sees
/// another family. The API and the SignalR hub use these same rules.
/// </summary>
public static class AccessRules
{
    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(CmcmRoles.FrontDesk) || user.IsInRole(CmcmRoles.Admin);

    public static string? BoundFamilyId(this ClaimsPrincipal user) => user.FindFirstValue(CmcmRoles.FamilyIdClaim);

    public static string? BoundMemberId(this ClaimsPrincipal user) => user.FindFirstValue(CmcmRoles.MemberIdClaim);

    public static bool IsMainAffiliate(this ClaimsPrincipal user) =>
        string.Equals(user.FindFirstValue(CmcmRoles.MainAffiliateClaim), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>May see the family as a whole (its roster, all its claims).</summary>
    public static bool CanSeeFamily(this ClaimsPrincipal user, string familyId) =>
        user.IsStaff() || (user.IsInRole(CmcmRoles.Member) && user.BoundFamilyId() == familyId && user.IsMainAffiliate());

    /// <summary>May see one member of a family (caps, claims, audit).</summary>
    public static bool CanSeeMember(this ClaimsPrincipal user, string familyId, string memberId) =>
        user.IsStaff()
        || (user.IsInRole(CmcmRoles.Member) && user.BoundFamilyId() == familyId && (user.IsMainAffiliate() || user.BoundMemberId() == memberId));
}
