using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Journal;
using Money = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Grains.Catalogue;

/// <summary>
/// A shadow run over stored claims: every decided claim received in the period (by its own date of receipt) is judged again as if the draft had
/// replaced the edition in force on the period's first day (and any edition after it): lines dated from that edition's
/// date on are judged by the draft, older lines by the editions before it, as they were. Family by family in the order the claims were received, with the caps as the
/// claims received before the period left them; what was paid (the stored decision) beside what would have been paid.
/// Reads only: nothing is decided, consumed or written. The member's facts are those of today (the family grain's);
/// pended and reversed claims are counted but not judged (they paid nothing, or gave it back).
/// </summary>
public static class ShadowRun
{
    /// <summary>Looks up a member's profile as the member grain would build it; null when the family no longer knows the member.</summary>
    public delegate Task<MemberProfile?> ProfileLookup(string familyId, string memberId);

    public static async Task<ShadowReport> RunAsync(
        IStoredClaims stored,
        ProfileLookup profiles,
        CatalogueSet catalogues,
        CatalogueEdition draft,
        DateOnly from,
        DateOnly to,
        PlausibilityLimits plausibility,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var catalogue = WithDraft(catalogues, draft, from);
        var claims = new List<ShadowClaim>();
        var totals = new Dictionary<(string Benefit, Tier Tier), (Money Before, Money After)>();
        int seen = 0, skipped = 0;
        await foreach (var family in stored.ReadFamiliesAsync(from, to, cancellationToken))
        {
            var book = new AccumulatorBook();
            var known = new Dictionary<string, MemberProfile?>(StringComparer.Ordinal);
            foreach (var record in family.Claims)
            {
                var paid = record.Status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved && record.Decision is not null;
                if (ClaimPeriod.ReceivedOn(record) < from)
                {
                    if (paid)
                    {
                        book.Apply(record.Decision!.Changes);
                    }

                    continue;
                }

                seen++;
                if (seen % 500 == 0)
                {
                    progress?.Report(seen);
                }

                if (record.Status is not (ClaimStatus.Approved or ClaimStatus.PartiallyApproved or ClaimStatus.Refused) || record.Decision is null)
                {
                    skipped++;
                    continue;
                }

                var memberId = record.Submission.MemberId;
                if (!known.TryGetValue(memberId, out var profile))
                {
                    profile = known[memberId] = await profiles(family.FamilyId, memberId);
                }

                if (profile is null)
                {
                    skipped++;
                    continue;
                }

                var shadow = Adjudicator.Adjudicate(profile, record.TrustedLines, book, catalogue, record.AmountsReviewed ? PlausibilityLimits.None : plausibility);
                var shadowPays = shadow.Outcome is ClaimOutcome.Approved or ClaimOutcome.PartiallyApproved;
                if (shadowPays)
                {
                    book.Apply(shadow.Changes);
                }

                var before = paid ? record.Decision : null;
                var after = shadowPays ? shadow : null;
                claims.Add(new ShadowClaim(
                    record.ClaimId, memberId, family.FamilyId, ClaimPeriod.ReceivedOn(record),
                    [.. record.Decision.Lines.Select(l => l.Edition ?? "").Distinct()],
                    Outcome(record.Status), OutcomeName(shadow.Outcome),
                    ByTier(before), ByTier(after)));
                Add(totals, before, (t, m) => (t.Before + m, t.After));
                Add(totals, after, (t, m) => (t.Before, t.After + m));
            }
        }

        progress?.Report(seen);
        var rows = totals.OrderBy(t => t.Key.Tier).ThenBy(t => t.Key.Benefit, StringComparer.Ordinal)
            .Select(t => new ShadowTotal(t.Key.Benefit, t.Key.Tier, Cents(t.Value.Before.Euros), Cents(t.Value.After.Euros))).ToArray();
        return new ShadowReport(draft.Edition, from, to, seen, skipped, claims, rows,
            Cents(claims.Sum(c => c.PaidBefore)), Cents(claims.Sum(c => c.PaidAfter)), claims.Count(c => c.Changed));
    }

    /// <summary>The editions before the one in force on <paramref name="from"/>, then the draft from that edition's date.</summary>
    public static CatalogueSet WithDraft(CatalogueSet catalogues, CatalogueEdition draft, DateOnly from)
    {
        var replaced = (catalogues.InForceOn(from) ?? catalogues.Editions[0]).EffectiveFrom;
        return new CatalogueSet(catalogues.Editions.Where(e => e.EffectiveFrom < replaced).Append(draft.EffectiveOn(replaced)));
    }

    private static ShadowTierAmounts ByTier(ClaimAdjudication? decision) => decision is null
        ? ShadowTierAmounts.Zero
        : new(Cents(decision.PaidBy(Tier.RC).Euros), Cents(decision.PaidBy(Tier.ASSIST).Euros), Cents(decision.PaidBy(Tier.PP).Euros), Cents(decision.PaidBy(Tier.DO).Euros));

    /// <summary>Euros written with two decimals (10000.00, not 10000).</summary>
    public static decimal Cents(decimal euros) => decimal.Round(euros, 2) + 0.00m;

    private static void Add(Dictionary<(string, Tier), (Money Before, Money After)> totals, ClaimAdjudication? decision, Func<(Money Before, Money After), Money, (Money, Money)> add)
    {
        if (decision is null)
        {
            return;
        }

        foreach (var payment in decision.Lines.SelectMany(l => l.Payments))
        {
            var key = (payment.BenefitCode, payment.Tier);
            totals[key] = add(totals.GetValueOrDefault(key, (Money.Zero, Money.Zero)), payment.Paid);
        }
    }

    private static string Outcome(ClaimStatus status) => status switch
    {
        ClaimStatus.Approved => "approved",
        ClaimStatus.PartiallyApproved => "partiallyApproved",
        _ => "refused",
    };

    private static string OutcomeName(ClaimOutcome outcome) => outcome switch
    {
        ClaimOutcome.Approved => "approved",
        ClaimOutcome.PartiallyApproved => "partiallyApproved",
        ClaimOutcome.Refused => "refused",
        _ => "pended",
    };
}

/// <summary>What a shadow run found: every claim judged, and totals per benefit and tier. Amounts in euros.</summary>
/// <param name="Claims">Claims received in the period (decided, pended or reversed).</param>
/// <param name="Skipped">Claims of the period not judged: pended, reversed, or of a member the family no longer knows.</param>
public sealed record ShadowReport(
    string Draft,
    DateOnly From,
    DateOnly To,
    int Claims,
    int Skipped,
    IReadOnlyList<ShadowClaim> Judged,
    IReadOnlyList<ShadowTotal> Totals,
    decimal PaidBefore,
    decimal PaidAfter,
    int ClaimsChanged)
{
    public decimal Difference => ShadowRun.Cents(PaidAfter - PaidBefore);

    /// <summary>The report as CSV: one row per claim judged, one per benefit and tier, and the sum (amounts with a point, two decimals).</summary>
    public string ToCsv()
    {
        var csv = new System.Text.StringBuilder("record,claim_id,member_id,family_id,received_on,editions,benefit,tier,outcome_before,outcome_after,paid_before,paid_after,difference\n");
        foreach (var c in Judged)
        {
            csv.Append("claim,").Append(Cell(c.ClaimId)).Append(',').Append(Cell(c.MemberId)).Append(',').Append(Cell(c.FamilyId)).Append(',')
                .Append(c.ReceivedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(Cell(string.Join(' ', c.Editions)))
                .Append(",,,").Append(c.OutcomeBefore).Append(',').Append(c.OutcomeAfter).Append(',')
                .Append(Amount(c.PaidBefore)).Append(',').Append(Amount(c.PaidAfter)).Append(',').Append(Amount(c.Difference)).Append('\n');
        }

        foreach (var t in Totals)
        {
            csv.Append("total,,,,,,").Append(Cell(t.Benefit)).Append(',').Append(t.Tier).Append(",,,")
                .Append(Amount(t.PaidBefore)).Append(',').Append(Amount(t.PaidAfter)).Append(',').Append(Amount(t.Difference)).Append('\n');
        }

        csv.Append("sum,,,,,,,,,,").Append(Amount(PaidBefore)).Append(',').Append(Amount(PaidAfter)).Append(',').Append(Amount(Difference)).Append('\n');
        return csv.ToString();
    }

    private static string Amount(decimal euros) => euros.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Ids are letters, digits, '-', '_', '.' and '/': a cell needs quoting only for a benefit code or edition name with a comma or quote.</summary>
    private static string Cell(string value) =>
        value.AsSpan().IndexOfAny(",\"\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <param name="Editions">The editions the stored decision names (its lines').</param>
public sealed record ShadowClaim(
    string ClaimId,
    string MemberId,
    string FamilyId,
    DateOnly ReceivedOn,
    IReadOnlyList<string> Editions,
    string OutcomeBefore,
    string OutcomeAfter,
    ShadowTierAmounts PaidBeforeByTier,
    ShadowTierAmounts PaidAfterByTier)
{
    public decimal PaidBefore => PaidBeforeByTier.Total;

    public decimal PaidAfter => PaidAfterByTier.Total;

    public decimal Difference => ShadowRun.Cents(PaidAfter - PaidBefore);

    public bool Changed => OutcomeBefore != OutcomeAfter || PaidBeforeByTier != PaidAfterByTier;
}

/// <summary>What each tier paid on a claim, in euros.</summary>
public sealed record ShadowTierAmounts(
    [property: System.Text.Json.Serialization.JsonPropertyName("RC")] decimal RC,
    [property: System.Text.Json.Serialization.JsonPropertyName("ASSIST")] decimal ASSIST,
    [property: System.Text.Json.Serialization.JsonPropertyName("PP")] decimal PP,
    [property: System.Text.Json.Serialization.JsonPropertyName("DO")] decimal DO)
{
    public static readonly ShadowTierAmounts Zero = new(0.00m, 0.00m, 0.00m, 0.00m);

    public decimal Total => ShadowRun.Cents(RC + ASSIST + PP + DO);
}

public sealed record ShadowTotal(string Benefit, Tier Tier, decimal PaidBefore, decimal PaidAfter)
{
    public decimal Difference => ShadowRun.Cents(PaidAfter - PaidBefore);
}
