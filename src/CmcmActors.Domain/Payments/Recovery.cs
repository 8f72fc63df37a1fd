namespace CmcmActors.Domain.Payments;

/// <summary>One payee's open receivable: the net he owes the CMCM, since when, and the claims that made it.</summary>
public sealed record Receivable(string Payee, Money.Money Amount, DateTimeOffset OpenSince, IReadOnlyList<Payable> Payables)
{
    public int DaysOpen(DateTimeOffset now) => (int)Math.Floor((now - OpenSince).TotalDays);
}

/// <summary>What payees owe the CMCM (payables not in any payment whose net is negative) and which are overdue.</summary>
public static class Recovery
{
    /// <summary>
    /// Each payee whose open payables net below zero, with the date of the oldest of them. Amounts are exact; the list is
    /// ordered by age, oldest first.
    /// </summary>
    public static IReadOnlyList<Receivable> Open(IEnumerable<Payable> openPayables) =>
        [.. openPayables.GroupBy(p => p.Payee, StringComparer.Ordinal)
            .Select(g => (g.Key, Net: g.Aggregate(Money.Money.Zero, (s, p) => s + p.Amount), Rows: g.OrderBy(p => p.At).ToArray()))
            .Where(x => x.Net.IsNegative)
            .Select(x => new Receivable(x.Key, -x.Net, x.Rows.Where(p => p.Amount.IsNegative).Min(p => p.At), x.Rows))
            .OrderBy(r => r.OpenSince).ThenBy(r => r.Payee, StringComparer.Ordinal)];

    /// <summary>The receivables open longer than <paramref name="days"/> days: the recovery list.</summary>
    public static IReadOnlyList<Receivable> Overdue(IEnumerable<Payable> openPayables, DateTimeOffset now, int days) =>
        [.. Open(openPayables).Where(r => r.DaysOpen(now) > days)];
}
