using CmcmActors.Contracts;
using CmcmActors.Contracts.Members;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Families;

/// <summary>The members on the roster: told when the family changes, released when they leave.</summary>
public sealed partial class FamilyGrain
{
    private IMemberGrain Member(string memberId) => GrainFactory.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));

    /// <summary>Members cache the family's facts: after a change each is told the version from which its cache is stale.</summary>
    private async Task TellMembersAsync()
    {
        var version = state.State.Version;
        var calls = state.State.Family!.Members.Select(async m =>
        {
            try
            {
                await Member(m.MemberId).FamilyChangedAsync(FamilyId, version);
            }
            catch (Exception e)
            {
                LogTellFailed(logger, e, FamilyId, m.MemberId);
            }
        });
        await Task.WhenAll(calls);
    }

    private async Task LeaveSafelyAsync(string memberId)
    {
        try
        {
            await Member(memberId).LeaveFamilyAsync(FamilyId);
        }
        catch (Exception e)
        {
            LogTellFailed(logger, e, FamilyId, memberId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: member {MemberId} could not be told of a change")]
    private static partial void LogTellFailed(ILogger logger, Exception exception, string familyId, string memberId);
}
