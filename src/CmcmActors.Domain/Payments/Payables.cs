namespace CmcmActors.Domain.Payments;

/// <summary>
/// A change of what the CMCM owes a payee because one claim changed: positive when the claim's new version pays more
/// than its durable one (a decision, a top-up), negative when it pays less (a reversal, a correction downwards).
/// <paramref name="Payee"/> is the payee's key, <c>member/ID</c> or <c>provider/ID</c> (<see cref="Payables.MemberPayee"/>).
/// A claim version changes what is owed at most once: (claim, version) identifies the row.
/// </summary>
public sealed record Payable(string ClaimId, long ClaimVersion, string MemberId, string FamilyId, string Payee, Money.Money Amount, DateTimeOffset At);

/// <summary>What a claim's change makes owed: the difference between what its new version pays and what its durable one paid.</summary>
public static class Payables
{
    public static string MemberPayee(string memberId) => "member/" + memberId;

    public static string ProviderPayee(string providerId) => "provider/" + providerId;

    /// <summary>
    /// The payable that a claim's move from paying <paramref name="paidBefore"/> (zero for a new claim) to paying
    /// <paramref name="paidAfter"/> makes, or null when what it pays did not change (nothing to write).
    /// </summary>
    public static Payable? Change(string claimId, long claimVersion, string memberId, string familyId, string payee,
        Money.Money paidBefore, Money.Money paidAfter, DateTimeOffset at)
    {
        var delta = paidAfter - paidBefore;
        return delta.IsZero ? null : new Payable(claimId, claimVersion, memberId, familyId, payee, delta, at);
    }
}
