using CmcmActors.Contracts.Claims;
using CmcmActors.LoadTest.Targets;

namespace CmcmActors.LoadTest.Measurement;

/// <summary>
/// Reads back every member touched by a burst and checks the invariants: every accepted claim is settled, no cap is
/// exceeded, no claim was applied twice (each claim's cap movements, through corrections, cascades and reversals, net to
/// what its current decision holds), the claims' cap changes add up to the members' accumulators (over their opening balances, for imported members), and every answer for
/// the same claim (duplicates, re-driven attempts) agreed with the first.
/// </summary>
public static class Audit
{
    public static async Task<AuditResult> RunAsync(ILoadTarget target, IReadOnlyDictionary<string, ClaimSubmission> accepted, IReadOnlyList<string> answerDisagreements,
        CancellationToken cancellationToken)
    {
        var violations = new List<string>(answerDisagreements.Select(d => $"answers disagree: {d}"));
        var members = accepted.Values.GroupBy(s => (s.FamilyId, s.MemberId)).ToArray();
        long paidCents = 0;
        var claimsChecked = 0;
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var (familyId, memberId) = group.Key;
            var claims = (await target.ClaimsOfMemberAsync(familyId, memberId, ct)).ToDictionary(c => c.ClaimId);
            var audit = await target.AuditOfMemberAsync(familyId, memberId, ct);
            var caps = await target.CapsOfMemberAsync(familyId, memberId, 2026, ct);
            var found = new List<string>();
            foreach (var submission in group.DistinctBy(s => s.ClaimId))
            {
                if (!claims.TryGetValue(submission.ClaimId, out var claim))
                {
                    found.Add($"{submission.ClaimId}: accepted but unknown to its member");
                    continue;
                }

                if (claim.Status is ClaimStatus.Received or ClaimStatus.Adjudicating)
                {
                    found.Add($"{submission.ClaimId}: not settled ({claim.Status})");
                }
            }

            // Each claim's cap movements (its first decision, a correction's give-back and retake, a cascade's top-up, a
            // reversal) must net, per accumulator, to what its current decision holds: nothing if it is not paid now.
            // Family-scoped movements show the family's total before and after (shared by its members): this check is per
            // member, so it nets the member's own accumulators only.
            var netOfClaim = audit.Where(m => !IsFamilyKey(m.Key)).GroupBy(m => m.ClaimId).ToDictionary(
                g => g.Key, g => g.GroupBy(m => m.Key).ToDictionary(k => k.Key, k => k.Sum(m => (m.After - m.Before).Cents)));
            var expected = new Dictionary<string, long>();
            foreach (var claim in claims.Values)
            {
                Interlocked.Add(ref paidCents, claim.TotalPaidCents);
                Interlocked.Increment(ref claimsChecked);
                var applied = claim.Status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved;
                var holds = applied
                    ? claim.MemberChanges.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.PaidCents))
                    : [];
                var net = netOfClaim.GetValueOrDefault(claim.ClaimId) ?? [];
                foreach (var key in holds.Keys.Union(net.Keys).Where(k => holds.GetValueOrDefault(k) != net.GetValueOrDefault(k)))
                {
                    var (held, moved) = (holds.GetValueOrDefault(key), net.GetValueOrDefault(key));
                    found.Add($"{claim.ClaimId}: its movements of {key} net {moved / 100m:0.00}, its {claim.Status} decision holds {held / 100m:0.00}"
                        + (moved > held ? " (applied twice)" : ""));
                }

                foreach (var (key, cents) in holds)
                {
                    expected[key] = expected.GetValueOrDefault(key) + cents;
                }
            }

            foreach (var cap in caps)
            {
                if (cap.Limit is { } limit && cap.Used > limit)
                {
                    found.Add($"{cap.Key}: used {cap.Used} above the cap of {limit}");
                }

                if (!IsFamilyKey(cap.Key) && (cap.Key.Contains("|2026", StringComparison.Ordinal) || cap.Key.Contains("|lifetime", StringComparison.Ordinal)))
                {
                    // An imported member starts with what he had used before (his opening balance): the claims add to it.
                    var opening = cap.Opening?.Cents ?? 0;
                    var sum = expected.GetValueOrDefault(cap.Key) + opening;
                    if (sum != cap.Used.Cents)
                    {
                        found.Add($"{cap.Key}: claims add up to {(sum - opening) / 100m:0.00} over an opening balance of {opening / 100m:0.00}, the accumulator says {cap.Used}");
                    }
                }
            }

            if (found.Count > 0)
            {
                lock (violations)
                {
                    violations.AddRange(found.Select(f => $"member {memberId}: {f}"));
                }
            }
        });

        return new AuditResult(members.Length, claimsChecked, accepted.Count, paidCents / 100m, violations);
    }

    private static bool IsFamilyKey(string key) => key.StartsWith("family:", StringComparison.Ordinal);
}

public sealed record AuditResult(int Members, int ClaimsRead, int ClaimsAccepted, decimal TotalPaid, IReadOnlyList<string> Violations)
{
    public bool Passed => Violations.Count == 0;
}
