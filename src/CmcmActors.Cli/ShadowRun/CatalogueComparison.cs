using CmcmActors.Cli.Replay;
using CmcmActors.Cli.Reports;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using Money = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Cli.ShadowRun;

/// <summary>
/// An actuary's shadow run: the same scenario replayed under the built-in catalogue and under a draft edition, and
/// what the draft would change, claim by claim and line by line.
/// </summary>
internal sealed record CatalogueComparison(
    string Scenario,
    string Draft,
    string? ReplacedEdition,
    IReadOnlyList<EditionView> CatalogueBefore,
    IReadOnlyList<EditionView> CatalogueAfter,
    IReadOnlyList<ClaimComparison> Claims,
    IReadOnlyList<ReversalComparison> Reversals,
    ComparisonSummary Summary)
{
    public static CatalogueComparison Of(ReplayResult before, ReplayResult after, string draft, string? replacedEdition)
    {
        var claims = before.Claims.Zip(after.Claims, ClaimComparison.Of).ToArray();
        var reversals = before.Reversals.Zip(after.Reversals,
            (b, a) => new ReversalComparison(b.Step.Index, b.Step.ClaimId, b.GivenBack, a.GivenBack)).ToArray();
        var lines = claims.SelectMany(c => c.Lines).ToArray();
        var summary = new ComparisonSummary(
            lines.Length,
            lines.Count(l => l.Changes),
            lines.Count(l => l.OutcomeBefore != l.OutcomeAfter),
            claims.Count(c => c.OutcomeBefore != c.OutcomeAfter),
            before.NetTotal,
            after.NetTotal,
            after.NetTotal - before.NetTotal,
            after.Net - before.Net);
        return new CatalogueComparison(before.Scenario.Source, draft, replacedEdition,
            EditionView.Of(before.Catalogues), EditionView.Of(after.Catalogues), claims, reversals, summary);
    }
}

internal sealed record ClaimComparison(
    int Step,
    string ClaimId,
    string MemberId,
    ClaimOutcome OutcomeBefore,
    ClaimOutcome OutcomeAfter,
    TierAmounts PaidBefore,
    TierAmounts PaidAfter,
    IReadOnlyList<LineComparison> Lines)
{
    public Money Difference => PaidAfter.Total - PaidBefore.Total;

    public static ClaimComparison Of(ClaimRecord before, ClaimRecord after) => new(
        before.Step.Index,
        before.Step.ClaimId,
        before.Step.MemberId,
        before.Adjudication.Outcome,
        after.Adjudication.Outcome,
        before.Paid,
        after.Paid,
        before.Adjudication.Lines.Select((line, i) => new LineComparison(
            line.LineNumber,
            line.BenefitCode,
            before.Step.Lines[i].Element,
            line.DateOfCare,
            line.Outcome,
            after.Adjudication.Lines[i].Outcome,
            DecisionTable.LineOutcomeText(before, line),
            DecisionTable.LineOutcomeText(after, after.Adjudication.Lines[i]),
            before.PaidOnLine(i),
            after.PaidOnLine(i))).ToArray());
}

/// <param name="OutcomeTextBefore">The line's outcome and reason as the decision table words it, before.</param>
internal sealed record LineComparison(
    int Line,
    string BenefitCode,
    string? Element,
    DateOnly DateOfCare,
    LineOutcome OutcomeBefore,
    LineOutcome OutcomeAfter,
    string OutcomeTextBefore,
    string OutcomeTextAfter,
    TierAmounts PaidBefore,
    TierAmounts PaidAfter)
{
    public Money Difference => PaidAfter.Total - PaidBefore.Total;

    public bool Changes => PaidBefore != PaidAfter || OutcomeTextBefore != OutcomeTextAfter;
}

internal sealed record ReversalComparison(int Step, string ClaimId, TierAmounts ReversedBefore, TierAmounts ReversedAfter)
{
    public Money Difference => ReversedAfter.Total - ReversedBefore.Total;
}

/// <param name="NetBefore">What the CMCM pays in the end (paid minus reversed) under the built-in catalogue.</param>
/// <param name="NetDifferenceByTier">After minus before, by tier.</param>
internal sealed record ComparisonSummary(
    int Lines,
    int LinesChanged,
    int LineOutcomesChanged,
    int ClaimOutcomesChanged,
    Money NetBefore,
    Money NetAfter,
    Money NetDifference,
    TierAmounts NetDifferenceByTier);
