namespace CmcmActors.Host.Live;

/// <summary>The SignalR groups a connection can join; each notification is sent to the groups it concerns.</summary>
public static class LiveGroups
{
    public const string FrontDesk = "frontdesk";

    public static string Family(string familyId) => "family:" + familyId;

    public static string Member(string memberId) => "member:" + memberId;

    /// <summary>A claim by its id (member and invoice reference).</summary>
    public static string Claim(string claimId) => "claim:" + claimId;
}
