using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Import;

namespace CmcmActors.Grains.Families;

/// <summary>
/// A family of the system the CMCM replaces, enrolled whole: every member joins (one family per member, as for any
/// enrolment), every national number is claimed, then the family writes itself with its family-scoped opening balances
/// in one write, and only then each member takes his or her opening balances. A refusal undoes the joins and claims
/// made for it; an import cut off after the family's write is finished by the same import sent again.
/// </summary>
public sealed partial class FamilyGrain
{
    public async Task<FamilyImportResult> ImportAsync(ImportedFamily import)
    {
        if (import.FamilyId != FamilyId)
        {
            return ImportRefused("wrong-family", "The import is for another family.", "familyId");
        }

        if (state.State.Family is not null)
        {
            if (state.State.ImportFingerprint != import.Fingerprint)
            {
                return ImportRefused("already-enrolled", $"Family {FamilyId} is already enrolled (through the API or from other rows).", "familyId");
            }

            await OpenMembersAsync(import);
            return new FamilyImportResult(FamilyImportOutcome.AlreadyImported);
        }

        var joined = new List<string>();
        var claimed = new List<(string Number, string MemberId)>();
        try
        {
            var joins = await Task.WhenAll(import.Family.Members.Select(async m => (m.MemberId, Join: await Member(m.MemberId).JoinFamilyAsync(FamilyId))));
            joined.AddRange(joins.Where(j => j.Join.NewlyBound).Select(j => j.MemberId));
            if (joins.FirstOrDefault(j => !j.Join.Joined) is { MemberId: not null } other)
            {
                await UndoImportAsync(joined, claimed);
                return ImportRefused("member-in-other-family", $"Member {other.MemberId} is already in family {other.Join.OtherFamilyId}.", "memberId");
            }

            foreach (var (memberId, person) in import.People)
            {
                var (newlyBound, refused) = await ClaimNumberAsync(memberId, person, "nationalNumber");
                if (newlyBound is not null)
                {
                    claimed.Add((newlyBound, memberId));
                }

                if (refused is not null)
                {
                    await UndoImportAsync(joined, claimed);
                    return new FamilyImportResult(FamilyImportOutcome.Refused, refused.Rejection);
                }
            }

            state.State.Family = import.Family;
            state.State.People = new Dictionary<string, Domain.People.Person>(import.People, StringComparer.Ordinal);
            state.State.Usage = [.. import.FamilyOpening];
            state.State.OpeningUsage = [.. import.FamilyOpening];
            state.State.ImportFingerprint = import.Fingerprint;
            state.State.AccumulatorVersion++;
            state.State.Version++;
            state.State.PushSequence++;
            state.State.CoverAnnouncedThrough ??= calendar.Today;
            await state.WriteStateAsync();
        }
        catch
        {
            if (state.State.ImportFingerprint == import.Fingerprint)
            {
                // The write failed (or its answer was lost): forget it here; the next activation reads what is stored.
                state.State = new FamilyState();
                DeactivateOnIdle();
            }

            await UndoImportAsync(joined, claimed);
            throw;
        }

        _factReaders ??= []; // each member learns the family's version as it takes its opening balances
        await OpenMembersAsync(import);
        await IndexPeopleSafelyAsync();
        await PublishSafelyAsync(new FamilyChanged(FamilyId, clock.GetUtcNow(), "imported") { Sequence = state.State.PushSequence });
        await ScheduleCoverStartsAsync(afterTick: false);
        return new FamilyImportResult(FamilyImportOutcome.Imported);
    }

    /// <summary>Each member takes statutory periods and opening balances; a member who took them already answers at once.</summary>
    private async Task OpenMembersAsync(ImportedFamily import) =>
        await Task.WhenAll(import.Members.Select(m => Member(m.MemberId).ImportAsync(FamilyId, state.State.Version, m, import.Fingerprint)));

    private async Task UndoImportAsync(List<string> joined, List<(string Number, string MemberId)> claimed)
    {
        foreach (var (number, memberId) in claimed)
        {
            await ReleaseNumberSafelyAsync(number, memberId);
        }

        foreach (var memberId in joined)
        {
            await LeaveSafelyAsync(memberId);
        }
    }

    private static FamilyImportResult ImportRefused(string code, string message, string field) =>
        new(FamilyImportOutcome.Refused, new Rejection(code, message, field));
}
