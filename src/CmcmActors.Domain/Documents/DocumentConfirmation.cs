using CmcmActors.Domain.Adjudication;

namespace CmcmActors.Domain.Documents;

/// <summary>What confirming a file as one of its claim's required documents does.</summary>
public enum ConfirmationOutcome
{
    /// <summary>The claim waits for that document: staff confirm it through the claim's resolution, which decides it again.</summary>
    Resolve,

    /// <summary>The claim already counts that document (a retry, or a second file of the same document): only the file records it.</summary>
    RecordOnly,

    /// <summary>No benefit of the claim requires that document.</summary>
    NotRequired,

    /// <summary>The claim is decided and never counted that document: there is nothing left to confirm.</summary>
    NotPended,
}

/// <summary>
/// <b>Rule: a file is confirmed as a document its claim requires.</b> The clerk ticks, for a file, which required
/// document it is; the claim counts it only through staff's confirmation (<see cref="ClaimTrust"/>). A document the
/// pended claim still misses is confirmed (and the claim decided again); one it counts already is only recorded on the
/// file; any other is refused.
/// </summary>
public static class DocumentConfirmation
{
    /// <param name="pended">Whether the claim is pended now.</param>
    /// <param name="decision">The claim's lines as last decided: their missing documents.</param>
    /// <param name="trustedLines">The claim's lines as the CMCM holds them: the documents counted already.</param>
    /// <param name="requested">The document the clerk ticked, in any case.</param>
    /// <returns>The outcome, and the document under the catalogue's spelling.</returns>
    public static (ConfirmationOutcome Outcome, string? Document) Decide(bool pended, IEnumerable<LineDecision> decision, IEnumerable<ClaimLine> trustedLines, string requested)
    {
        var missing = decision.Where(l => l.Pending is { Reason: ReasonCode.MissingDocuments }).SelectMany(l => l.Pending!.Items);
        var counted = trustedLines.SelectMany(l => l.Documents ?? []);
        if (counted.FirstOrDefault(d => Same(d, requested)) is { } held)
        {
            return (ConfirmationOutcome.RecordOnly, held);
        }

        if (missing.FirstOrDefault(d => Same(d, requested)) is { } needed)
        {
            return pended ? (ConfirmationOutcome.Resolve, needed) : (ConfirmationOutcome.NotPended, needed);
        }

        return (pended ? ConfirmationOutcome.NotRequired : ConfirmationOutcome.NotPended, null);
    }

    /// <summary>The documents the pended claim still waits for, for the clerk to tick.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<LineDecision> decision) =>
        [.. decision.Where(l => l.Pending is { Reason: ReasonCode.MissingDocuments }).SelectMany(l => l.Pending!.Items).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
