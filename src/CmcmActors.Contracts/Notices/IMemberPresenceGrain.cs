namespace CmcmActors.Contracts.Notices;

/// <summary>
/// Whether a member is on his or her page: the live connections open with the member's own token, on any host. Held in
/// memory only: a connection is counted until it closes or its token expires (the hub closes a connection when its token
/// expires), so a host that dies leaves nothing counted for longer than a token lives. Lost with the activation (the
/// member then counts as away, and at worst receives an e-mail while on the page).
/// Key: "presence/{memberId}".
/// </summary>
public interface IMemberPresenceGrain : IGrainWithStringKey
{
    Task ArriveAsync(string connectionId, DateTimeOffset until);

    Task LeaveAsync(string connectionId);

    Task<bool> IsPresentAsync();
}

public static class MemberPresence
{
    public static string Key(string memberId) => "presence/" + memberId;
}
