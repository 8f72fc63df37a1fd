using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.People;
using CmcmActors.Domain.People;
using CmcmActors.Grains.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Families;

/// <summary>The family's people (names and national numbers): the national-number register and the desk's search index.</summary>
public sealed partial class FamilyGrain
{
    /// <summary>
    /// Writes the roster with its people to the desk's search index. Best effort after a durable change: a failure is
    /// logged (without personal data) and the family writes its roster again after its next command, since the index
    /// version stays behind.
    /// </summary>
    private async Task IndexPeopleSafelyAsync()
    {
        if (state.State.Family is not { } family || state.State.PeopleIndexedVersion == state.State.Version)
        {
            return;
        }

        try
        {
            var entries = family.Members.Select(m =>
            {
                var person = state.State.People.GetValueOrDefault(m.MemberId);
                return new PersonEntry(m.MemberId, FamilyId, person?.Surname, person?.GivenNames, person?.NationalNumber, m.BirthDate, m.LeftOn is null);
            }).ToArray();
            await ServiceProvider.GetRequiredService<IPeopleIndex>().UpsertAsync(entries);
            state.State.PeopleIndexedVersion = state.State.Version;
        }
        catch (Exception e)
        {
            LogIndexFailed(logger, e.GetType().Name, FamilyId);
        }
    }

    /// <summary>
    /// Records the person's national number for the member when it is new for him or her (see
    /// <see cref="INationalNumberGrain"/>): <c>NewlyBound</c> is the number this call bound (to release if the family's
    /// write fails), <c>Refused</c> the answer when another member holds it, naming <paramref name="field"/>.
    /// </summary>
    private async Task<(string? NewlyBound, FamilyResult? Refused)> ClaimNumberAsync(string memberId, Person person, string field)
    {
        if (person.NationalNumber is not { } number || state.State.People.GetValueOrDefault(memberId)?.NationalNumber == number)
        {
            return (null, null);
        }

        var claim = await NationalNumbers.Of(GrainFactory, number).ClaimAsync(number, memberId);
        return claim.Claimed
            ? (claim.NewlyBound ? number : null, null)
            : (null, Rejected("national-number-in-use", $"This national number is already recorded for member {claim.HeldBy}: a person has one member id.", field));
    }

    /// <summary>The number the member had before and no longer has, or null.</summary>
    private static string? NumberLeft(Person? before, Person after) =>
        before?.NationalNumber is { } old && old != after.NationalNumber ? old : null;

    /// <summary>Frees <paramref name="number"/> for others; a failure keeps it recorded for the member (logged, without the number).</summary>
    private async Task ReleaseNumberSafelyAsync(string? number, string memberId)
    {
        if (number is null)
        {
            return;
        }

        try
        {
            await NationalNumbers.Of(GrainFactory, number).ReleaseAsync(memberId);
        }
        catch (Exception e)
        {
            LogReleaseNumberFailed(logger, e, FamilyId, memberId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: a national number of member {MemberId} (a former one, or one claimed for a write that failed) could not be freed; it stays recorded for that member")]
    private static partial void LogReleaseNumberFailed(ILogger logger, Exception exception, string familyId, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: the people index could not be written ({ExceptionType}); it is written again after the next command")]
    private static partial void LogIndexFailed(ILogger logger, string exceptionType, string familyId);
}
