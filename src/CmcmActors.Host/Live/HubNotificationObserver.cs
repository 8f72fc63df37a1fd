using CmcmActors.Contracts.Notifications;
using Microsoft.AspNetCore.SignalR;

namespace CmcmActors.Host.Live;

/// <summary>
/// This host's end of the bridge from grains to pages: the registry forwards every notification of the cluster here,
/// and it sends each to the groups it concerns among this host's connections. A connection in several of those groups
/// receives the event once per group; pages keep the newest state per claim, so a repeat changes nothing.
/// Sends are awaited one after the other, so a page sees a claim's changes in the order they were published.
/// </summary>
public sealed partial class HubNotificationObserver(IHubContext<CmcmHub> hub, ILogger<HubNotificationObserver> logger) : ICmcmEventObserver
{
    public async Task OnEventAsync(CmcmEvent notification)
    {
        try
        {
            await (notification switch
            {
                ClaimStatusChanged e => hub.Clients
                    .Groups(LiveGroups.Claim(e.ClaimId), LiveGroups.Member(e.MemberId), LiveGroups.Family(e.FamilyId), LiveGroups.FrontDesk)
                    .SendAsync(LiveEvents.ClaimStatusChanged, ClaimStatusMessage.From(e)),
                MemberCapsChanged e => hub.Clients
                    .Groups(LiveGroups.Member(e.MemberId), LiveGroups.Family(e.FamilyId))
                    .SendAsync(LiveEvents.CapsChanged, CapsChangedMessage.From(e)),
                FamilyChanged e => hub.Clients
                    .Groups(LiveGroups.Family(e.FamilyId), LiveGroups.FrontDesk)
                    .SendAsync(LiveEvents.FamilyChanged, FamilyChangedMessage.From(e)),
                CoverStarts e => hub.Clients
                    .Groups([LiveGroups.Family(e.FamilyId), .. e.MemberIds.Select(LiveGroups.Member)])
                    .SendAsync(LiveEvents.CoverStarts, CoverStartsMessage.From(e)),
                CapsReset e => hub.Clients.All.SendAsync(LiveEvents.CapsReset, CapsResetMessage.From(e)),
                _ => Task.CompletedTask,
            });
        }
        catch (Exception e)
        {
            LogSendFailed(logger, e, notification.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live: a {Event} could not be sent to the connected pages")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string @event);
}
