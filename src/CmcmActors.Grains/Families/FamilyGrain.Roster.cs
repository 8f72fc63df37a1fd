using CmcmActors.Contracts;
using CmcmActors.Contracts.Members;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Families;

/// <summary>The members on the roster: told when the family changes, released when they leave.</summary>
public sealed partial class FamilyGrain
{
    private IMemberGrain Member(string memberId) => GrainFactory.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));

    /// <summary>
    /// The members who read the family's facts since they were last told of a change (only they may cache facts that
    /// are now stale); null while unknown: in a new activation of an enrolled family, any member may hold facts read from
    /// an earlier one.
    /// </summary>
    private HashSet<string>? _factReaders;

    /// <summary>A member read the facts (<see cref="GetFactsAsync"/>): it is told of the next change.</summary>
    private void FactsRead(string memberId) => _factReaders?.Add(memberId);

    /// <summary>
    /// Members cache the family's facts: after a change those who may hold them are told the version from which their
    /// cache is stale, before the command is answered, so that a claim sent after the answer is decided on the change.
    /// A member who never read the facts has nothing to drop and is not called: enrolling a family and adding its
    /// co-affiliates waits on no member. A member who could not be told is told again at the next change.
    /// </summary>
    /// <param name="wasEnrolled">The family was enrolled before this command (else nobody can hold its facts).</param>
    private async Task TellMembersAsync(bool wasEnrolled)
    {
        var version = state.State.Version;
        var roster = state.State.Family!.Members.Select(m => m.MemberId);
        var told = _factReaders is { } readers ? roster.Where(readers.Contains).ToArray() : wasEnrolled ? roster.ToArray() : [];
        var untold = new HashSet<string>(StringComparer.Ordinal);
        _factReaders = untold;
        var calls = told.Select(async memberId =>
        {
            try
            {
                await Member(memberId).FamilyChangedAsync(FamilyId, version);
            }
            catch (Exception e)
            {
                untold.Add(memberId);
                LogTellFailed(logger, e, FamilyId, memberId);
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
