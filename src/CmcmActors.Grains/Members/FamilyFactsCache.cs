using CmcmActors.Contracts.Families;

namespace CmcmActors.Grains.Members;

/// <summary>
/// The member's family facts (roster, tiers, payments), read from the family and kept until the family says they
/// changed (<see cref="Changed"/>): a claim of a member-scoped benefit then costs no call to the family.
/// </summary>
internal sealed class FamilyFactsCache(string memberId, Func<string, IFamilyGrain> family)
{
    private FamilyFacts? _facts;
    private string? _familyId;
    private long _floor;

    /// <summary>The facts for this member, from the cache unless the family said they changed; null when not on its roster.</summary>
    public async Task<FamilyFacts?> GetAsync(string familyId)
    {
        if (_facts is { } cached && _familyId == familyId && cached.FamilyVersion >= _floor)
        {
            return cached;
        }

        var facts = await family(familyId).GetFactsAsync(memberId, null);
        if (facts is not null && (_familyId != familyId || facts.FamilyVersion >= (_facts?.FamilyVersion ?? 0)))
        {
            if (_familyId != familyId)
            {
                _floor = 0;
            }

            _facts = facts;
            _familyId = familyId;
        }

        return facts;
    }

    /// <summary>
    /// The family changed: facts cached before <paramref name="version"/> are stale. Also before the first facts arrive: a
    /// read already on its way may carry the version before this change, and must then be read again.
    /// </summary>
    public void Changed(string familyId, long version)
    {
        if (_familyId is null || _familyId == familyId)
        {
            _familyId = familyId;
            _floor = Math.Max(_floor, version);
        }
    }
}
