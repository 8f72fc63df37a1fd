using System.Globalization;
using CmcmActors.Cli.Replay;
using CmcmActors.Cli.Reports;
using CmcmActors.Domain.Adjudication;
using Money = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Cli.ShadowRun;

/// <summary>The shadow run in words and columns: every line paid before and after, what changes, and the total difference.</summary>
internal static class ComparisonTable
{
    public static void Write(TextWriter output, CatalogueComparison comparison)
    {
        output.WriteLine($"Shadow run of {comparison.Scenario}");
        output.WriteLine($"  before: built-in catalogue ({Editions(comparison.CatalogueBefore)})");
        output.WriteLine($"  after:  draft {comparison.Draft} ({Editions(comparison.CatalogueAfter)}"
            + (comparison.ReplacedEdition is { } replaced ? $"; the draft replaces edition {replaced})" : "; the draft is added as a new edition)"));
        output.WriteLine();

        var table = new TextTable(
            new("claim"), new("line", true), new("care date"), new("code"), new("element"),
            new("before", true), new("after", true), new("difference", true), new("what changes"));
        foreach (var claim in comparison.Claims)
        {
            foreach (var line in claim.Lines)
            {
                table.Add(
                    claim.ClaimId, line.Line.ToString(CultureInfo.InvariantCulture), $"{line.DateOfCare:yyyy-MM-dd}", line.BenefitCode, line.Element ?? "",
                    line.PaidBefore.Total.ToString(), line.PaidAfter.Total.ToString(), Signed(line.Difference), WhatChanges(line));
            }

            table.Add(
                claim.ClaimId, "claim", "", "", "", claim.PaidBefore.Total.ToString(), claim.PaidAfter.Total.ToString(), Signed(claim.Difference),
                claim.OutcomeBefore == claim.OutcomeAfter ? "" : $"outcome {OutcomeName(claim.OutcomeBefore)} → {OutcomeName(claim.OutcomeAfter)}");
        }

        foreach (var reversal in comparison.Reversals)
        {
            table.Add(
                reversal.ClaimId, "rev", "", $"reversal (steps[{reversal.Step}])", "",
                (-reversal.ReversedBefore.Total).ToString(), (-reversal.ReversedAfter.Total).ToString(), Signed(-reversal.Difference),
                reversal.Difference.IsZero ? "" : "the reversal gives back what the claim paid");
        }

        var summary = comparison.Summary;
        table.AddRule();
        table.Add("", "", "", "net paid by the CMCM", "", summary.NetBefore.ToString(), summary.NetAfter.ToString(), Signed(summary.NetDifference), "");
        table.Write(output);

        output.WriteLine();
        var byTier = TierAmounts.Tiers.Where(t => !summary.NetDifferenceByTier[t].IsZero)
            .Select(t => $"{t} {Signed(summary.NetDifferenceByTier[t])}").ToArray();
        output.WriteLine($"Summary: {summary.LinesChanged} of {summary.Lines} line(s) change, {summary.LineOutcomesChanged} line outcome(s) and "
            + $"{summary.ClaimOutcomesChanged} claim outcome(s) change; net paid {summary.NetBefore} → {summary.NetAfter} "
            + $"(difference {Signed(summary.NetDifference, zero: "0.00")}{(byTier.Length > 0 ? ": " + string.Join(", ", byTier) : "")}).");
    }

    private static string Editions(IReadOnlyList<EditionView> editions) =>
        string.Join(", ", editions.Select(e => $"edition {e.Edition} in force from {e.EffectiveFrom:yyyy-MM-dd}"));

    private static string WhatChanges(LineComparison line)
    {
        if (!line.Changes)
        {
            return "";
        }

        var parts = TierAmounts.Tiers.Where(t => line.PaidBefore[t] != line.PaidAfter[t])
            .Select(t => $"{t} {line.PaidBefore[t]} → {line.PaidAfter[t]}").ToList();
        if (line.OutcomeTextBefore != line.OutcomeTextAfter)
        {
            parts.Add($"{line.OutcomeTextBefore} → {line.OutcomeTextAfter}");
        }

        return string.Join("; ", parts);
    }

    private static string OutcomeName(ClaimOutcome outcome) => outcome switch
    {
        ClaimOutcome.Approved => "approved",
        ClaimOutcome.PartiallyApproved => "partially approved",
        ClaimOutcome.Refused => "refused",
        _ => "pended",
    };

    /// <summary>A difference with its sign, blank when there is none.</summary>
    private static string Signed(Money amount, string zero = "") =>
        amount.IsZero ? zero : amount.IsNegative ? amount.ToString() : "+" + amount;
}
