using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;

namespace CmcmActors.Domain.Claims;

/// <summary>The facts a person of staff confirmed on a pended claim, as a claim's history names them.</summary>
public sealed record ConfirmedFacts(
    bool? Authorised = null,
    bool? Serious = null,
    bool? ProgrammeCompleted = null,
    IReadOnlyList<string>? Circumstances = null,
    IReadOnlyList<string>? Documents = null,
    decimal? OfficialTariff = null,
    bool AmountsReviewed = false);

/// <summary>
/// The words of a claim's history, one function per step of its life, so that every place that writes a step writes
/// the same sentence (the pages show them; tests compare them).
/// </summary>
public static class ClaimNotes
{
    public const string Received = "Received.";

    /// <summary>A member's claim that declares facts only staff may confirm says so from its first line.</summary>
    public static string ReceivedFrom(ClaimSource source, IEnumerable<string> declaredStaffOnlyFacts) =>
        source == ClaimSource.Member && declaredStaffOnlyFacts.Distinct().ToArray() is { Length: > 0 } declared
            ? $"Received from the member, who declares {string.Join(", ", declared)}: only the CMCM's staff may confirm these."
            : Received;

    public static string RefusedBy(string by, string? reason) => $"Refused by {by}: {reason}";

    public static string DocumentsAttached(string by, IEnumerable<string> documents) =>
        $"Documents attached by {by}: {string.Join(", ", documents)}; staff will check them.";

    /// <summary>"Facts confirmed by agent-1: serious yes; documents X" — which facts a person confirmed.</summary>
    public static string FactsConfirmed(string by, ConfirmedFacts facts)
    {
        var named = new List<string>();
        if (facts.Authorised is { } authorised)
        {
            named.Add($"authorised {YesNo(authorised)}");
        }

        if (facts.Serious is { } serious)
        {
            named.Add($"serious {YesNo(serious)}");
        }

        if (facts.ProgrammeCompleted is { } completed)
        {
            named.Add($"programme completed {YesNo(completed)}");
        }

        if (facts.Circumstances is { Count: > 0 } circumstances)
        {
            named.Add("circumstances " + string.Join(", ", circumstances));
        }

        if (facts.Documents is { Count: > 0 } documents)
        {
            named.Add("documents " + string.Join(", ", documents));
        }

        if (facts.OfficialTariff is { } tariff)
        {
            named.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"official tariff {tariff:0.00}"));
        }

        if (facts.AmountsReviewed)
        {
            named.Add("amounts reviewed");
        }

        return $"Facts confirmed by {by}" + (named.Count == 0 ? "" : ": " + string.Join("; ", named)) + ".";
    }

    public static string Reversed(string reason) => "Reversed: " + reason;

    /// <summary>
    /// "Corrected by agent-2: wrong amount. Pays €30.00 (was €80.00), to recover: DO −50.00." — what a correction changes,
    /// in total and per tier. <paramref name="before"/> is the earlier decision when it paid, else null.
    /// </summary>
    public static string Corrected(string by, string reason, Money.Money paidBefore, ClaimAdjudication? before, ClaimAdjudication after)
    {
        var pended = after.Outcome == ClaimOutcome.Pended;
        var paidAfter = pended ? Money.Money.Zero : after.TotalPaid;
        var tiers = Enum.GetValues<Tier>()
            .Select(t => (Tier: t, Delta: (pended ? Money.Money.Zero : after.PaidBy(t)) - (before?.PaidBy(t) ?? Money.Money.Zero)))
            .Where(t => t.Delta.Cents != 0)
            .Select(t => $"{t.Tier} {(t.Delta.Cents > 0 ? "+" : "−")}{Money.Money.Max(t.Delta, -t.Delta).ToDisplayString()}")
            .ToArray();
        var difference = (paidAfter - paidBefore).Cents switch
        {
            > 0 => "to pay",
            < 0 => "to recover",
            _ => "no difference",
        };
        return $"Corrected by {by}: {reason}. Pays {paidAfter.ToDisplayString()} (was {paidBefore.ToDisplayString()}), {difference}"
            + (tiers.Length > 0 ? ": " + string.Join(", ", tiers) + "." : ".");
    }

    public static string Redecided(string causeClaimId, string what, Money.Money previous, Money.Money next) =>
        $"Re-decided after claim {causeClaimId} was {what}: pays {next.ToDisplayString()} (was {previous.ToDisplayString()}), a top-up of {(next - previous).ToDisplayString()}.";

    private static string YesNo(bool value) => value ? "yes" : "no";
}
