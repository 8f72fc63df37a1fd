using CmcmActors.Domain.Adjudication;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.LoadTest.Workload;

/// <summary>
/// A realistic mix of claim lines over the catalogue: mostly hospital and everyday care, some capped benefits that
/// run out during a burst, some dental and optical, a little care abroad. Deterministic for a given seed.
/// </summary>
public sealed class ClaimMix(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly (int Weight, Func<Random, DateOnly, ClaimLine> Make)[] Kinds =
    [
        (25, (r, d) => Line("RC.HOSP.LU", d, r.Next(200, 3000), 0.75m)),
        (15, (r, d) => new ClaimLine("RC.ALTMED", d, Eur(r.Next(55, 95)), M.Zero, Element: Pick(r, "osteopathy", "chiropractic", "acupuncture", "laser-therapy"))),
        (10, (r, d) => Line("DO.OPTIC.LENSES", d, r.Next(120, 480), 0.2m)),
        (8, (r, d) => Line("DO.DENTAL.COMPOSITE", d, r.Next(60, 160), 0.6m)),
        (8, (r, d) => Line("DO.DENTAL.GENERAL", d, r.Next(100, 900), 0.5m)),
        (8, (r, d) => Line("RC.DIET", d, r.Next(40, 90), 0.5m) with { Authorised = true }),
        (6, (r, d) => Line("PP.INSOLES", d, r.Next(80, 220), 0.3m) with { Authorised = true }),
        (6, (r, d) => new ClaimLine("RC.DENTAL.FLAT", d, Eur(r.Next(900, 1400) * 2), M.Zero, Units: 2, Element: "implant")),
        (5, (r, d) => Line("ASSIST.EMERGENCY.ABROAD", d, r.Next(80, 900), 0.4m) with { CountryOfCare = Pick(r, "FR", "DE", "ES", "IT") }),
        (5, (r, d) => Line("PP.HOSP.FIRSTCLASS", d, r.Next(300, 2500), 0.5m) with { Serious = false }),
        (4, (r, d) => Line("RC.CARDIO.STRESS", d, r.Next(50, 120), 0.4m) with { Authorised = true }),
    ];

    private static readonly int TotalWeight = Kinds.Sum(k => k.Weight);

    /// <summary>A claim of one to three lines with care dates in 2026 after every waiting period of the seeded families.</summary>
    public ClaimLine[] NextClaim(DateOnly latestCare)
    {
        var count = _random.Next(100) switch { < 60 => 1, < 90 => 2, _ => 3 };
        var earliest = new DateOnly(2026, 4, 1);
        var date = earliest.AddDays(_random.Next(Math.Max(1, latestCare.DayNumber - earliest.DayNumber)));
        var lines = new ClaimLine[count];
        for (var i = 0; i < count; i++)
        {
            var pick = _random.Next(TotalWeight);
            foreach (var (weight, make) in Kinds)
            {
                if (pick < weight)
                {
                    lines[i] = make(_random, date);
                    break;
                }

                pick -= weight;
            }
        }

        return lines;
    }

    public int Next(int max) => _random.Next(max);

    public double NextDouble() => _random.NextDouble();

    private static ClaimLine Line(string code, DateOnly date, int invoicedEuros, decimal statutoryShare)
    {
        var invoiced = Eur(invoicedEuros);
        return new ClaimLine(code, date, invoiced, invoiced.Times(statutoryShare));
    }

    private static M Eur(int euros) => M.FromEuros(euros);

    private static string Pick(Random r, params string[] values) => values[r.Next(values.Length)];
}
