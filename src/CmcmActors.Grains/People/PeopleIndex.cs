using CmcmActors.Contracts;
using CmcmActors.Domain.People;

namespace CmcmActors.Grains.People;

/// <summary>A member as the desk's search finds him or her. Names are null for a member entered without them.</summary>
public sealed record PersonEntry(string MemberId, string FamilyId, string? Surname, string? GivenNames, string? NationalNumber, DateOnly BirthDate, bool OnRoster)
{
    /// <summary>The order of the results and of the cursor: folded names, then member id.</summary>
    public string SortName => Surname is null ? "" : SearchText.Fold($"{Surname} {GivenNames}");
}

/// <summary>Where the previous page of a search ended.</summary>
public sealed record PeopleCursor(string SortName, string MemberId);

/// <summary>
/// What a search looks for: every word in the names (accents and case ignored, parts of words match), the exact
/// 13-digit national number, or the exact member or family id.
/// </summary>
public sealed record PeopleQuery(string[] Words, string? NationalNumber, string? Id)
{
    public const int MaxLength = 100;

    /// <summary>Words of a query that count; a name matches when it contains each of them.</summary>
    public const int MaxWords = 8;

    public static PeopleQuery Of(string text)
    {
        var trimmed = text.Trim();
        var digits = trimmed.Replace(" ", "", StringComparison.Ordinal);
        var number = digits.Length == Domain.People.NationalNumber.Length && digits.All(char.IsAsciiDigit) ? digits : null;
        return new PeopleQuery([.. SearchText.Words(trimmed).Distinct(StringComparer.Ordinal).Take(MaxWords)], number, GrainKeys.IsValidId(trimmed) ? trimmed : null);
    }

    public bool Matches(PersonEntry entry)
    {
        if (NationalNumber is not null && entry.NationalNumber == NationalNumber)
        {
            return true;
        }

        if (Id is not null && (entry.MemberId == Id || entry.FamilyId == Id))
        {
            return true;
        }

        if (Words.Length == 0 || entry.Surname is null)
        {
            return false;
        }

        var name = entry.SortName;
        return Words.All(w => name.Contains(w, StringComparison.Ordinal));
    }
}

/// <summary>
/// The index the desk searches people in (280,000 members: not something to ask every family grain). Families write
/// their roster to it after each change of their people (<see cref="Families.FamilyGrain"/>); in memory for the embedded
/// default, a table on PostgreSQL (deploy/sql/007-people.sql) shared by every host of the cluster.
/// </summary>
public interface IPeopleIndex
{
    /// <summary>Writes the family's roster (insert or replace, by member id).</summary>
    Task UpsertAsync(IReadOnlyList<PersonEntry> entries);

    /// <summary>Up to <paramref name="limit"/> matches after <paramref name="after"/>, in <see cref="PersonEntry.SortName"/>, member id order.</summary>
    Task<IReadOnlyList<PersonEntry>> SearchAsync(PeopleQuery query, PeopleCursor? after, int limit);
}
