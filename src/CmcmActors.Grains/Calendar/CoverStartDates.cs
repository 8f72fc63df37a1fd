using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;

namespace CmcmActors.Grains.Calendar;

/// <summary>A day on which care under a tier starts being covered: for the family, or for one member who joined later.</summary>
public sealed record CoverStart(Tier Tier, DateOnly Date, string? MemberId)
{
    /// <summary>Words for a person: "Dental cover (DO) starts on 2026-04-01".</summary>
    public string Message => MemberId is null
        ? $"{CoverName(Tier)} starts on {Date:yyyy-MM-dd}."
        : $"{CoverName(Tier)} starts on {Date:yyyy-MM-dd} for member {MemberId}.";

    public static string CoverName(Tier tier) => tier switch
    {
        Tier.RC => "Base cover (RC)",
        Tier.ASSIST => "Assistance (ASSIST)",
        Tier.PP => "Prestaplus cover (PP)",
        Tier.DO => "Dental cover (DO)",
        _ => tier.ToString(),
    };
}

/// <summary>
/// When a family's waiting periods end. Candidates are each spell's first covered date and, for a member with dates of
/// his or her own, the end of a first-time wait from them; the domain's <see cref="TierCoverage"/> decides, so a date
/// counts only if care is covered that day and was waiting the day before.
/// </summary>
public static class CoverStartDates
{
    public static IReadOnlyList<CoverStart> Of(Family family)
    {
        var spells = family.Affiliation.Spells;
        var starts = new List<CoverStart>();
        foreach (var spell in spells.Where(s => s.WaitingMonths > 0))
        {
            if (StartsOn(spells, null, spell.Tier, spell.FirstCoveredDate))
            {
                starts.Add(new CoverStart(spell.Tier, spell.FirstCoveredDate, null));
            }
        }

        foreach (var member in family.Members)
        {
            if (member.OwnStart is not { } own)
            {
                continue;
            }

            foreach (var tier in spells.Select(s => s.Tier).Distinct())
            {
                var date = WaitingPeriods.FirstCoveredDate(own, WaitingPeriods.MonthsFor(tier, EnrolmentReason.FirstTime));
                if (member.IsOnRosterOn(date) && StartsOn(spells, own, tier, date))
                {
                    starts.Add(new CoverStart(tier, date, member.MemberId));
                }
            }
        }

        return [.. starts.Distinct().OrderBy(s => s.Date).ThenBy(s => s.Tier).ThenBy(s => s.MemberId, StringComparer.Ordinal)];
    }

    /// <summary>The members whose cover starts: the one member, or everyone on the roster that day who has the family's dates.</summary>
    public static IReadOnlyList<string> MembersOf(Family family, CoverStart start) => start.MemberId is { } member
        ? [member]
        : [.. family.Members.Where(m => m.OwnStart is null && m.IsOnRosterOn(start.Date)).Select(m => m.MemberId)];

    private static bool StartsOn(IReadOnlyList<TierSpell> spells, DateOnly? memberStart, Tier tier, DateOnly date) =>
        TierCoverage.Check(spells, memberStart, tier, date).Status == TierCoverageStatus.Covered
        && TierCoverage.Check(spells, memberStart, tier, date.AddDays(-1)).Status == TierCoverageStatus.InWaitingPeriod;
}
