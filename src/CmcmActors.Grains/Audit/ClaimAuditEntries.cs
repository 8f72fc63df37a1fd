using System.Globalization;
using CmcmActors.Contracts.Audit;
using CmcmActors.Contracts.Claims;
using CmcmActors.Grains.Journal;

namespace CmcmActors.Grains.Audit;

/// <summary>
/// A claim's acts as entries of the trail, read from its journal row: each history entry (received, pended, resolved,
/// corrected, reversed, re-decided by a cascade) and each cap movement, with the actor written with it.
/// </summary>
public static class ClaimAuditEntries
{
    public static IEnumerable<AuditEntry> Of(JournaledClaim claim)
    {
        var record = claim.Record;
        var familyId = record.Submission.FamilyId;
        var memberId = record.Submission.MemberId;
        for (var i = 0; i < record.History.Count; i++)
        {
            var step = record.History[i];
            yield return new AuditEntry($"claim/{record.ClaimId}/h{i.ToString(CultureInfo.InvariantCulture)}", step.At, familyId, memberId, record.ClaimId, step.By,
                AuditActions.ClaimPrefix + JsonNamingPolicyCamel(step.Status), step.Note);
        }

        for (var i = 0; i < claim.Movements.Count; i++)
        {
            var m = claim.Movements[i];
            var scope = m.Family ? "family total" : "member";
            var detail = m.UnitsBefore != m.UnitsAfter
                ? $"{m.Key} ({scope}): {m.Before.ToDisplayString()} → {m.After.ToDisplayString()}, {m.UnitsBefore.ToString(CultureInfo.InvariantCulture)} → {m.UnitsAfter.ToString(CultureInfo.InvariantCulture)} units"
                : $"{m.Key} ({scope}): {m.Before.ToDisplayString()} → {m.After.ToDisplayString()}";
            yield return new AuditEntry($"claim/{record.ClaimId}/m{i.ToString(CultureInfo.InvariantCulture)}", m.At, familyId, memberId, record.ClaimId, m.By,
                m.Reversal ? AuditActions.CapGivenBack : AuditActions.CapUsed, detail);
        }
    }

    private static string JsonNamingPolicyCamel(ClaimStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
