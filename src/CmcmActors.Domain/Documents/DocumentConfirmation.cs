using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;

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
/// claim's benefits require is confirmed while the claim is pended (and the claim decided again); one it counts already
/// is only recorded on the file; any other is refused.
/// </summary>
public static class DocumentConfirmation
{
    /// <param name="pended">Whether the claim is pended now.</param>
    /// <param name="required">The documents the claim's benefits require (<see cref="RequiredBy"/>).</param>
    /// <param name="trustedLines">The claim's lines as the CMCM holds them: the documents counted already.</param>
    /// <param name="requested">The document the clerk ticked, in any case.</param>
    /// <returns>The outcome, and the document under the catalogue's spelling.</returns>
    public static (ConfirmationOutcome Outcome, string? Document) Decide(bool pended, IReadOnlyList<string> required, IEnumerable<ClaimLine> trustedLines, string requested)
    {
        if (trustedLines.SelectMany(l => l.Documents ?? []).FirstOrDefault(d => Same(d, requested)) is { } held)
        {
            return (ConfirmationOutcome.RecordOnly, held);
        }

        if (required.FirstOrDefault(d => Same(d, requested)) is { } needed)
        {
            return (pended ? ConfirmationOutcome.Resolve : ConfirmationOutcome.NotPended, needed);
        }

        return (ConfirmationOutcome.NotRequired, null);
    }

    /// <summary>
    /// The documents the benefits of the claim's lines require (every benefit of each line's chain, in the edition in force
    /// on its date of care), whatever the line's circumstance: the clerk picks among them.
    /// </summary>
    public static IReadOnlyList<string> RequiredBy(CatalogueSet catalogues, IEnumerable<ClaimLine> lines) =>
    [
        .. lines.SelectMany(l => catalogues.InForceOn(l.DateOfCare) is { } edition && edition.TryGet(l.BenefitCode, out _) ? edition.ChainFor(l.BenefitCode) : [])
            .SelectMany(b => b.Conditions).Where(c => c.Kind == ConditionKind.RequiredDocuments).SelectMany(c => c.Values)
            .Distinct(StringComparer.OrdinalIgnoreCase),
    ];

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
