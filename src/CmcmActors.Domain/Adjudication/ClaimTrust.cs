namespace CmcmActors.Domain.Adjudication;

/// <summary>Who entered a claim: the member himself or herself (the app), or the CMCM's staff (the desk, the post).</summary>
public enum ClaimSource
{
    /// <summary>Entered by the CMCM's staff: every fact on the claim is the CMCM's own, recorded as theirs.</summary>
    Staff = 0,

    /// <summary>Declared by the member: what was invoiced and reimbursed, dates, the documents attached; nothing only the CMCM may confirm.</summary>
    Member = 1,
}

/// <summary>
/// The trust boundary of a claim, in one place. A member may declare what was invoiced, what the statutory fund
/// reimbursed, the dates, the act and its element, where the care took place, the incident or trip, and attach
/// documents. Only the CMCM's staff may confirm that the statutory fund authorised the care, that it relates to a
/// serious intervention, that a programme was completed, that a circumstance applies, and that an attached document
/// is the one a benefit requires. A member's line therefore reaches adjudication without those facts: a benefit that
/// needs one is pended for confirmation (department and expected time), never paid on the member's word.
/// </summary>
public static class ClaimTrust
{
    /// <summary>The facts only staff may confirm, by the name a clerk sees.</summary>
    public static readonly IReadOnlyList<string> StaffOnlyFacts = ["authorised", "serious", "programmeCompleted", "circumstances", "documents"];

    /// <summary>The line as the CMCM holds it true: a member's declaration of a staff-only fact is set aside until staff confirm it.</summary>
    public static ClaimLine Trusted(ClaimLine line, ClaimSource source) => source == ClaimSource.Staff
        ? line
        : line with { Authorised = null, Serious = null, ProgrammeCompleted = null, Circumstances = null, Documents = null };

    public static IReadOnlyList<ClaimLine> Trusted(IReadOnlyList<ClaimLine> lines, ClaimSource source) =>
        source == ClaimSource.Staff ? lines : [.. lines.Select(l => Trusted(l, source))];

    /// <summary>
    /// Which attached documents count as the required ones once a pended claim is resolved: on a claim staff entered,
    /// every attached document (staff entered them); on a member's claim, those staff confirm now or confirmed before;
    /// none when a member attaches them (recorded only, never counted on his word: null).
    /// </summary>
    public static IReadOnlyList<string>? CountedDocuments(ClaimSource enteredBy, ClaimSource attachedBy, IReadOnlyList<string> attached,
        IEnumerable<ClaimLine> trustedLines, IEnumerable<string> confirmedNow) => attachedBy == ClaimSource.Member ? null
        : enteredBy == ClaimSource.Staff ? attached
        : [.. trustedLines.SelectMany(l => l.Documents ?? []).Concat(confirmedNow).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// <b>Decision: the plausibility guard.</b> A claim's amounts count as reviewed once staff said so (a member cannot),
    /// and stay reviewed: the guard is then waived for that claim.
    /// </summary>
    public static bool AmountsReviewed(bool alreadyReviewed, ClaimSource by, bool? reviewedNow) =>
        alreadyReviewed || (by == ClaimSource.Staff && reviewedNow == true);

    /// <summary>
    /// <b>Four eyes on the plausibility guard</b> (<c>benefits.md</c> §10): whoever entered a claim cannot resolve its
    /// plausibility review: neither state its amounts reviewed nor refuse it while the review is pending. Anything else
    /// the same person may still do (confirm a document, say). <paramref name="enteredBy"/> and
    /// <paramref name="resolvedBy"/> are the token subjects; a claim whose enterer is not known (written before it was
    /// kept) is not held back. Null when allowed.
    /// </summary>
    public static Claims.ClaimActionRefusal? PlausibilityFourEyes(string? enteredBy, string resolvedBy, bool plausibilityReviewPending,
        bool refuses, bool? amountsReviewed, string claimId)
    {
        var resolvesTheReview = amountsReviewed == true || (refuses && plausibilityReviewPending);
        return resolvesTheReview && enteredBy is not null && string.Equals(enteredBy, resolvedBy, StringComparison.Ordinal)
            ? new Claims.ClaimActionRefusal("four-eyes", "amountsReviewed",
                $"Claim {claimId} was entered by {enteredBy}: another member of staff resolves its plausibility review.")
            : null;
    }

    /// <summary>True when a line of the decision waits for a person to review its amounts (the plausibility guard).</summary>
    public static bool PlausibilityReviewPending(ClaimAdjudication? decision) =>
        decision is not null && decision.Lines.Any(l => l.Outcome == LineOutcome.Pended && l.Pending?.Reason == ReasonCode.PlausibilityReview);

    /// <summary>The staff-only facts a line declares (to show what the member asserted and staff must check).</summary>
    public static IReadOnlyList<string> DeclaredStaffOnlyFacts(ClaimLine line)
    {
        var facts = new List<string>(5);
        if (line.Authorised is not null)
        {
            facts.Add("authorised");
        }

        if (line.Serious is not null)
        {
            facts.Add("serious");
        }

        if (line.ProgrammeCompleted is not null)
        {
            facts.Add("programmeCompleted");
        }

        if (line.Circumstances is { Count: > 0 })
        {
            facts.Add("circumstances");
        }

        if (line.Documents is { Count: > 0 })
        {
            facts.Add("documents");
        }

        return facts;
    }
}
