using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Import;

namespace CmcmActors.Grains.Members;

/// <summary>An imported member: statutory periods and opening balances, taken once, in one journal append.</summary>
public sealed partial class MemberGrain
{
    public Task<MemberView> ImportAsync(string familyId, long familyVersion, ImportedMember member, string fingerprint)
    {
        // The family wrote the roster before asking: facts cached before its version are stale.
        _facts.Changed(familyId, familyVersion);
        return Enqueue<MemberView>(new TakeOpening(familyId, member, fingerprint));
    }

    private MemberView TakeOpening(TakeOpening take, MemberBatch work)
    {
        if (take.Member.MemberId != MemberId)
        {
            throw new ArgumentException($"The opening balances of member {take.Member.MemberId} were sent to member {MemberId}.", nameof(take));
        }

        if ((work.Opening?.Fingerprint ?? _head.OpeningImport) is { } taken)
        {
            return taken == take.Fingerprint
                ? View(work)
                : throw new ClaimConflictException($"Member {MemberId} took opening balances from another import already.");
        }

        if ((_head.FamilyId ?? work.BoundFamilyId) is { } bound && bound != take.FamilyId)
        {
            throw new ClaimConflictException($"Member {MemberId} belongs to family {bound}, not {take.FamilyId}.");
        }

        work.BoundFamilyId ??= take.FamilyId;
        work.StatutoryPeriods = [.. take.Member.StatutoryPeriods.OrderBy(p => p.From)];
        work.Book.Apply(take.Member.Opening);
        foreach (var balance in take.Member.Opening)
        {
            work.MovedKeys.Add(balance.Key);
        }

        work.Opening = (take.Fingerprint, take.Member.Opening);
        return View(work);
    }
}
