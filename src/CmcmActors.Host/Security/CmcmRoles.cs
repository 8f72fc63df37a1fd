namespace CmcmActors.Host.Security;

/// <summary>The kinds of user, and the claims a token carries.</summary>
public static class CmcmRoles
{
    public const string FrontDesk = "frontdesk";
    public const string Member = "member";
    public const string Admin = "admin";

    /// <summary>Finance staff: payment runs, bank returns, confirmations of accounts and large payments.</summary>
    public const string Finance = "finance";

    /// <summary>Claim types of a member's token: the member and family it is bound to, and whether it is the main affiliate's.</summary>
    public const string MemberIdClaim = "member_id";
    public const string FamilyIdClaim = "family_id";
    public const string MainAffiliateClaim = "main_affiliate";

    public const string StaffPolicy = "staff";
    public const string AdminPolicy = "admin";
    public const string FinancePolicy = "finance";
    public const string AnyUserPolicy = "any-user";
}
