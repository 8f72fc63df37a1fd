using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Claims;

namespace CmcmActors.Domain.Statements;

/// <summary>
/// The figures of a decided claim's statement ("décompte"), as the member reads them: per line what was invoiced, what
/// the statutory fund paid, what each tier of the CMCM paid and why a tier paid less or nothing, and what remains for the
/// member; then the same totals for the claim. Built from the decision alone, so the statement says exactly what the
/// decision says (the pages' words for the reasons come from the same reason codes).
/// </summary>
public sealed record ClaimStatement(
    IReadOnlyList<StatementLine> Lines,
    Money.Money Invoiced,
    Money.Money StatutoryReimbursement,
    Money.Money PaidByCmcm,
    IReadOnlyList<TierShare> PaidByTier,
    Money.Money MemberRemains)
{
    /// <summary>
    /// A statement is issued for a claim the CMCM decided and still stands by: approved, limited by a cap, or refused.
    /// A pended or received claim has no decision yet; a reversed claim's payment was taken back, so its statement would
    /// state a payment that no longer exists.
    /// </summary>
    public static bool CanIssue(ClaimState state) => state is ClaimState.Approved or ClaimState.PartiallyApproved or ClaimState.Refused;

    /// <summary>The statement of <paramref name="decision"/>. A refused claim pays nothing, whatever its lines computed.</summary>
    public static ClaimStatement Of(ClaimAdjudication decision, ClaimState state)
    {
        var refused = state == ClaimState.Refused;
        var lines = decision.Lines.Select(l => Line(l, refused)).ToArray();
        var tiers = lines.SelectMany(l => l.Payments)
            .GroupBy(p => p.Tier)
            .OrderBy(g => g.Key)
            .Select(g => new TierShare(g.Key, g.Aggregate(Money.Money.Zero, (sum, p) => sum + p.Paid)))
            .Where(t => !t.Paid.IsZero)
            .ToArray();
        return new ClaimStatement(
            lines,
            Sum(lines, l => l.Invoiced),
            Sum(lines, l => l.StatutoryReimbursement),
            Sum(lines, l => l.PaidByCmcm),
            tiers,
            Sum(lines, l => l.MemberRemains));
    }

    private static StatementLine Line(LineDecision line, bool refused)
    {
        var payments = refused
            ? []
            : line.Payments.Where(p => !p.Paid.IsZero).Select(p => new StatementPayment(p.Tier, p.BenefitCode, p.Paid, p.Caps.Any(c => c.Limited))).ToArray();
        var paid = refused ? Money.Money.Zero : line.TotalPaid;
        var reasons = new List<StatementReason>();
        if (line.Reason is { } reason && (payments.Length == 0 || line.Outcome == LineOutcome.PartiallyPaid))
        {
            reasons.Add(new StatementReason(null, reason, line.NotPaying.Select(n => n.FirstCoveredDate).FirstOrDefault(d => d is not null), line.Pending?.Items ?? []));
        }

        foreach (var note in line.NotPaying)
        {
            if (!reasons.Any(r => r.Tier is null && r.Reason == note.Reason))
            {
                reasons.Add(new StatementReason(note.Tier, note.Reason, note.FirstCoveredDate, []));
            }
        }

        return new StatementLine(
            line.LineNumber, line.BenefitCode, line.DateOfCare, line.Invoiced, line.StatutoryReimbursement, line.Uncovered,
            payments, reasons, paid, Money.Money.Max(Money.Money.Zero, line.Uncovered - paid));
    }

    private static Money.Money Sum(IEnumerable<StatementLine> lines, Func<StatementLine, Money.Money> amount) =>
        lines.Aggregate(Money.Money.Zero, (sum, l) => sum + amount(l));
}

/// <param name="Uncovered">Invoiced minus the statutory fund's share, never negative: what the CMCM's tiers may pay from.</param>
/// <param name="MemberRemains">What is left for the member: the uncovered amount minus what the CMCM paid.</param>
public sealed record StatementLine(
    int LineNumber,
    string BenefitCode,
    DateOnly DateOfCare,
    Money.Money Invoiced,
    Money.Money StatutoryReimbursement,
    Money.Money Uncovered,
    IReadOnlyList<StatementPayment> Payments,
    IReadOnlyList<StatementReason> Reasons,
    Money.Money PaidByCmcm,
    Money.Money MemberRemains);

/// <param name="CapLimited">A cap reduced what this tier paid.</param>
public sealed record StatementPayment(Tier Tier, string BenefitCode, Money.Money Paid, bool CapLimited);

/// <summary>Why a line (<see cref="Tier"/> null) or one tier of it paid less or nothing, as a reason code the pages put in words.</summary>
public sealed record StatementReason(Tier? Tier, ReasonCode Reason, DateOnly? FirstCoveredDate, IReadOnlyList<string> Items);

public sealed record TierShare(Tier Tier, Money.Money Paid);
