namespace CmcmActors.Contracts.Members;

/// <summary>
/// Member ids are compared without case: "M-1" and "m-1" are one member. Ids keep the spelling they were enrolled with
/// (answers and grain keys use it); this grain, keyed by the id without case, holds that spelling, so a second spelling
/// cannot become a second member (a second set of caps, or the same person in a second family). Families ask it before
/// a member joins their roster. One call at a time: of two spellings enrolled at once, one wins.
/// </summary>
public interface IMemberIdGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="memberId"/> as the spelling of its id when none is yet; returns the spelling recorded.</summary>
    Task<string> ClaimSpellingAsync(string memberId);
}

public static class MemberIds
{
    /// <summary>The grain key of a member id without case (ids are ASCII letters, digits, '-', '_' and '.').</summary>
    public static string SpellingKey(string memberId) => GrainKeys.MemberSpelling(memberId);
}
