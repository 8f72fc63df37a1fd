using CmcmActors.Cli.Replay;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Routing;
using Money = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Cli.Reports;

/// <summary>
/// The decisions as a front-desk clerk reads them: one row per claim line with what each tier pays, a row per claim
/// and per reversal, the totals, then in words why each line was paid, limited, refused or pended.
/// </summary>
internal static class DecisionTable
{
    public static void Write(TextWriter output, ReplayResult replay)
    {
        output.WriteLine($"Scenario: {replay.Scenario.Source}{(replay.Scenario.Title is { } title ? " — " + title : "")}");
        output.WriteLine($"Catalogue: {DescribeEditions(replay.Catalogues)}");
        output.WriteLine();

        var table = new TextTable(
            new("claim"), new("line", true), new("care date"), new("code"), new("element"),
            new("invoiced", true), new("statutory", true), new("uncovered", true),
            new("RC", true), new("ASSIST", true), new("PP", true), new("DO", true), new("total", true),
            new("outcome / reason"));
        var steps = replay.Claims.Select(c => (c.Step.Index, Claim: (ClaimRecord?)c, Reversal: (ReversalRecord?)null))
            .Concat(replay.Reversals.Select(r => (r.Step.Index, Claim: (ClaimRecord?)null, Reversal: (ReversalRecord?)r)))
            .OrderBy(s => s.Index);
        var first = true;
        foreach (var (_, claim, reversal) in steps)
        {
            if (!first)
            {
                table.AddText("");
            }

            first = false;
            if (claim is not null)
            {
                AddClaim(table, claim);
            }
            else
            {
                AddReversal(table, reversal!);
            }
        }

        table.AddRule();
        table.Add(["", "", "", "paid on all claims", "", "", "", "", .. Amounts(replay.Paid, blankZero: false), replay.Paid.Total.ToString(), ""]);
        if (replay.Reversals.Count > 0)
        {
            table.Add(["", "", "", "reversed", "", "", "", "", .. Amounts(Negate(replay.Reversed), blankZero: false), (-replay.Reversed.Total).ToString(), ""]);
        }

        table.Add(["", "", "", "net paid by the CMCM", "", "", "", "", .. Amounts(replay.Net, blankZero: false), replay.NetTotal.ToString(), ""]);
        table.Write(output);

        output.WriteLine();
        output.WriteLine("Why:");
        foreach (var claim in replay.Claims)
        {
            WriteReasons(output, claim);
        }

        foreach (var reversal in replay.Reversals)
        {
            output.WriteLine($"  {reversal.Step.ClaimId} reversed on {reversal.Step.Date:yyyy-MM-dd} ({reversal.Step.Place}): {reversal.GivenBack.Total.ToDisplayString()} given back"
                + (reversal.Changes.Count > 0 ? "; cap room given back on " + string.Join(", ", reversal.Changes.Select(c => $"{c.Key} ({(-c.Paid).ToDisplayString()})")) : "")
                + (reversal.Step.Note is { } note ? ". " + note : "") + ".");
        }
    }

    public static string DescribeEditions(CatalogueSet catalogues) =>
        string.Join(", ", catalogues.Editions.Select(e => $"edition {e.Edition} in force from {e.EffectiveFrom:yyyy-MM-dd}"));

    private static void AddClaim(TextTable table, ClaimRecord claim)
    {
        var step = claim.Step;
        table.AddText($"{step.ClaimId}: member {step.MemberId} of family {claim.FamilyId}, received {step.Date:yyyy-MM-dd}"
            + (step.Note is { } note ? " — " + note : ""));
        var adjudication = claim.Adjudication;
        for (var i = 0; i < adjudication.Lines.Count; i++)
        {
            var line = adjudication.Lines[i];
            var paid = claim.PaidOnLine(i);
            table.Add([
                step.ClaimId, line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{line.DateOfCare:yyyy-MM-dd}",
                line.BenefitCode, step.Lines[i].Element ?? "",
                line.Invoiced.ToString(), line.StatutoryReimbursement.ToString(), line.Uncovered.ToString(),
                .. Amounts(paid, blankZero: true), paid.Total.ToString(), LineOutcomeText(claim, line),
            ]);
        }

        var invoiced = Sum(adjudication.Lines, l => l.Invoiced);
        var statutory = Sum(adjudication.Lines, l => l.StatutoryReimbursement);
        var uncovered = Sum(adjudication.Lines, l => l.Uncovered);
        table.Add([
            step.ClaimId, "claim", "", "", "", invoiced.ToString(), statutory.ToString(), uncovered.ToString(),
            .. Amounts(claim.Paid, blankZero: true), claim.Paid.Total.ToString(), ClaimOutcomeText(claim),
        ]);
    }

    private static void AddReversal(TextTable table, ReversalRecord reversal)
    {
        var back = Negate(reversal.GivenBack);
        table.Add([
            reversal.Step.ClaimId, "rev", $"{reversal.Step.Date:yyyy-MM-dd}", $"reversal of {reversal.Claim.Step.Place}", "", "", "", "",
            .. Amounts(back, blankZero: true), back.Total.ToString(), "REVERSED: payments and cap room given back",
        ]);
    }

    private static string[] Amounts(TierAmounts amounts, bool blankZero) =>
        TierAmounts.Tiers.Select(t => blankZero && amounts[t].IsZero ? "-" : amounts[t].ToString()).ToArray();

    private static TierAmounts Negate(TierAmounts amounts) => TierAmounts.Zero - amounts;

    private static Money Sum(IEnumerable<LineDecision> lines, Func<LineDecision, Money> amount) =>
        lines.Aggregate(Money.Zero, (sum, line) => sum + amount(line));

    public static string ClaimOutcomeText(ClaimRecord claim)
    {
        var text = claim.Adjudication.Outcome switch
        {
            ClaimOutcome.Approved => "APPROVED",
            ClaimOutcome.PartiallyApproved => "PARTIALLY APPROVED",
            ClaimOutcome.Refused => "REFUSED",
            _ => $"PENDED: to the {DepartmentName(claim.Adjudication.Department)} department",
        };
        return claim.ReversedBy is { } reversal ? $"{text} (reversed at {reversal.Place})" : text;
    }

    public static string LineOutcomeText(ClaimRecord claim, LineDecision line)
    {
        var waiting = line.NotPaying.Where(n => n.Reason == ReasonCode.WaitingPeriod && n.FirstCoveredDate is not null)
            .Select(n => $"{n.Tier} waiting until {n.FirstCoveredDate:yyyy-MM-dd}").ToArray();
        var waitingText = waiting.Length > 0 ? "; " + string.Join(", ", waiting) : "";
        return line.Outcome switch
        {
            LineOutcome.Pended => "PENDED: " + (line.Pending is { } p ? PendingText(p) : line.Explanation),
            _ when claim.IsPended => "on hold while the claim is pended",
            LineOutcome.Paid => "paid" + waitingText,
            LineOutcome.PartiallyPaid => "paid, limited by a cap" + waitingText,
            _ when line.Reason == ReasonCode.WaitingPeriod => "REFUSED: waiting period" + waitingText,
            _ => "REFUSED: " + ReasonText(line.Reason),
        };
    }

    public static string PendingText(PendingNeed need) => need.Reason == ReasonCode.MissingDocuments
        ? "documents missing: " + string.Join(", ", need.Items)
        : "to confirm: " + string.Join(", ", need.Items);

    public static string ReasonText(ReasonCode? reason) => reason switch
    {
        ReasonCode.NoEditionInForce => "no catalogue edition in force on the date of care",
        ReasonCode.UnknownBenefit => "benefit not in the catalogue edition",
        ReasonCode.ContributionUnpaid => "contribution not paid",
        ReasonCode.AffiliationNotStarted => "member's affiliation not started",
        ReasonCode.NotOnRoster => "member no longer on the family's roster",
        ReasonCode.NotCoAffiliated => "not co-affiliated on the date of care",
        ReasonCode.NoStatutoryCover => "no statutory (CCSS) cover on the date of care",
        ReasonCode.TierNotHeld => "tier not held on the date of care",
        ReasonCode.WaitingPeriod => "waiting period",
        ReasonCode.ConditionNotMet => "a condition is not met",
        ReasonCode.ElementNotCovered => "element not covered",
        ReasonCode.NothingUncovered => "nothing left uncovered",
        ReasonCode.AmountNotSet => "no amount set for this element",
        ReasonCode.CapReached => "cap reached",
        ReasonCode.MissingDocuments => "documents missing",
        ReasonCode.NeedsConfirmation => "needs confirmation",
        null => "",
        _ => reason.ToString()!,
    };

    public static string DepartmentName(Department department) => department switch
    {
        Department.National => "National",
        Department.Foreign => "Foreign",
        Department.DentalLuxembourg => "Dental (Luxembourg)",
        Department.DentalAbroad => "Dental (abroad)",
        _ => department.ToString(),
    };

    private static void WriteReasons(TextWriter output, ClaimRecord claim)
    {
        output.WriteLine($"  {claim.Step.ClaimId}: {claim.Adjudication.Explanation}");
        foreach (var line in claim.Adjudication.Lines)
        {
            var notes = line.Payments.Count > 0 && line.NotPaying.Count > 0
                ? " Not paying: " + string.Join(" ", line.NotPaying.Select(n => n.Explanation))
                : "";
            var onHold = claim.IsPended && line.Outcome != LineOutcome.Pended ? "on hold; once the claim is resolved: " : "";
            output.WriteLine($"    line {line.LineNumber} ({line.BenefitCode}): {onHold}{line.Explanation}{notes}");
        }
    }
}
