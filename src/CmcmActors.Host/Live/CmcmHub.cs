using System.Security.Claims;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Contracts.Notices;
using CmcmActors.Host.Metrics;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CmcmActors.Host.Live;

/// <summary>
/// /hubs/cmcm: a page joins the groups it shows and receives their events (<see cref="LiveEvents"/>). Joining follows
/// the API's access rules (<see cref="AccessRules"/>); a refused join throws a <see cref="HubException"/> and joins
/// nothing. Events are notifications: after reconnecting, a page re-reads what it shows through the API.
/// </summary>
[Authorize(Policy = CmcmRoles.AnyUserPolicy)]
public sealed class CmcmHub(IGrainFactory grains, CmcmMetrics metrics, TimeProvider clock) : Hub
{
    private ClaimsPrincipal User => Context.User ?? new ClaimsPrincipal();

    public override async Task OnConnectedAsync()
    {
        metrics.IncrementLiveConnections();
        if (PresentMember() is { } presence)
        {
            // On the page until the connection closes, at the latest when its token expires: no e-mail notices meanwhile.
            var until = long.TryParse(User.FindFirst("exp")?.Value, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : clock.GetUtcNow().AddHours(1);
            await presence.ArriveAsync(Context.ConnectionId, until);
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.DecrementLiveConnections();
        if (PresentMember() is { } presence)
        {
            await presence.LeaveAsync(Context.ConnectionId);
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>The presence of the member whose own token opened this connection (members only: staff are never "on the page" for a member).</summary>
    private IMemberPresenceGrain? PresentMember() =>
        User.IsInRole(CmcmRoles.Member) && User.BoundMemberId() is { } memberId && GrainKeys.IsValidId(memberId)
            ? grains.GetGrain<IMemberPresenceGrain>(MemberPresence.Key(memberId))
            : null;

    /// <summary>Every claim and family change, for the front desk: staff only.</summary>
    public async Task JoinFrontDesk()
    {
        RequireUnexpiredToken();
        if (!User.IsStaff())
        {
            throw new HubException("Only front-desk staff can follow the front desk.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.FrontDesk);
    }

    /// <summary>The claims, caps and changes of a whole family: staff and the family's main affiliate.</summary>
    public async Task JoinFamily(string familyId)
    {
        RequireUnexpiredToken();
        RequireId(familyId, nameof(familyId));
        if (!User.CanSeeFamily(familyId))
        {
            throw Refused($"family {familyId}");
        }

        if (await grains.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId)).GetAsync() is null)
        {
            throw new HubException($"Family {familyId} is not enrolled.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Family(familyId));
    }

    /// <summary>One member's claims and caps: staff, the family's main affiliate, and the member.</summary>
    public async Task JoinMember(string familyId, string memberId)
    {
        RequireUnexpiredToken();
        RequireId(familyId, nameof(familyId));
        RequireId(memberId, nameof(memberId));
        if (!User.CanSeeMember(familyId, memberId))
        {
            throw Refused($"member {memberId}");
        }

        // The rules trust the family named in the call: check the member really belongs to it.
        var family = await grains.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId)).GetAsync();
        if (family is null || !family.Members.Any(m => m.MemberId == memberId))
        {
            throw Refused($"member {memberId}");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Member(memberId));
    }

    /// <summary>
    /// One claim (also before it is submitted, to see it received): staff, and whoever may see its member. The family is
    /// the claim's, else the member's, else the caller's own when the member is the caller.
    /// </summary>
    public async Task JoinClaim(string memberId, string invoiceReference)
    {
        RequireUnexpiredToken();
        RequireId(memberId, nameof(memberId));
        RequireId(invoiceReference, nameof(invoiceReference));
        var claimId = GrainKeys.ClaimId(memberId, invoiceReference);
        if (!User.IsStaff())
        {
            var claim = await grains.GetGrain<IMemberGrain>(GrainKeys.Member(memberId)).GetClaimAsync(claimId);
            var familyId = claim?.Submission.FamilyId
                ?? (await grains.GetGrain<IMemberGrain>(GrainKeys.Member(memberId)).GetAsync()).FamilyId
                ?? (User.BoundMemberId() == memberId ? User.BoundFamilyId() : null);
            if (familyId is null || !User.CanSeeMember(familyId, memberId))
            {
                throw Refused($"claim {claimId}");
            }
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Claim(claimId));
    }

    /// <summary>
    /// The server closes a connection once its token expires (it looks every second): in that second a join is refused.
    /// </summary>
    private void RequireUnexpiredToken()
    {
        if (long.TryParse(User.FindFirst("exp")?.Value, out var exp) && DateTimeOffset.FromUnixTimeSeconds(exp) <= clock.GetUtcNow())
        {
            throw new HubException("Your token has expired: sign in again.");
        }
    }

    private static void RequireId(string? id, string name)
    {
        if (!GrainKeys.IsValidId(id))
        {
            throw new HubException($"{name} must be 1 to {GrainKeys.MaxIdLength} letters, digits, '-', '_' or '.'.");
        }
    }

    private static HubException Refused(string what) => new($"You may not follow {what}.");
}
