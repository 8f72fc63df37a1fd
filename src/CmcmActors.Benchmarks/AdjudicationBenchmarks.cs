using BenchmarkDotNet.Attributes;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.StatutoryCover;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Benchmarks;

/// <summary>
/// Adjudicating a typical 3-line claim (osteopathy session, lenses, a dental composite filling) against a member whose
/// accumulator book holds <see cref="YearsOfHistory"/> years of history. Time and allocation must not grow with history.
/// </summary>
[MemoryDiagnoser]
public class AdjudicationBenchmarks
{
    private static readonly CatalogueSet Catalogue = CatalogueSet.BuiltIn;
    private MemberProfile _member = null!;
    private AccumulatorBook _book = null!;
    private ClaimLine[] _claim = null!;

    [Params(0, 1, 10)]
    public int YearsOfHistory { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateOnly(2010, 1, 1);
        TierSpell[] spells = [new(Tier.RC, start, null, 3), new(Tier.PP, start, null, 3), new(Tier.DO, start, null, 3), new(Tier.ASSIST, start, null, 0)];
        _member = new MemberProfile("m:bench", "f:bench", MemberKind.MainAffiliate, new DateOnly(1980, 1, 1), true, null, null, spells,
            [new StatutoryPeriod(new DateOnly(2000, 1, 1), null)], true);
        _book = new AccumulatorBook();

        // A year of history is about 40 claims spread over the year and over the catalogue's capped benefits.
        string[] codes = ["RC.DIET", "RC.ALTMED", "DO.DENTAL.GENERAL", "PP.INSOLES", "DO.OPTIC.FRAMES", "RC.HOSP.LU", "PP.PSYCHOTHERAPY.ADULT", "DO.DENTAL.PULPECTOMY"];
        for (var year = 0; year < YearsOfHistory; year++)
        {
            for (var i = 0; i < 40; i++)
            {
                var date = new DateOnly(2015 + year, 1 + (i % 12), 1 + (i % 28));
                var code = codes[i % codes.Length];
                var line = new ClaimLine(code, date, M.FromEuros(60m), M.FromEuros(20m), Element: code == "RC.ALTMED" ? "osteopathy" : null,
                    Authorised: true, Serious: false);
                _book.Apply(Adjudicator.Adjudicate(_member, [line], _book, Catalogue).Changes);
            }
        }

        var care = new DateOnly(2026, 9, 15);
        _claim =
        [
            new ClaimLine("RC.ALTMED", care, M.FromEuros(80m), M.FromEuros(0m), Element: "osteopathy"),
            new ClaimLine("DO.OPTIC.LENSES", care, M.FromEuros(320m), M.FromEuros(45.50m)),
            new ClaimLine("DO.DENTAL.COMPOSITE", care, M.FromEuros(95m), M.FromEuros(61.75m)),
        ];
    }

    [Benchmark]
    public ClaimAdjudication AdjudicateThreeLineClaim() => Adjudicator.Adjudicate(_member, _claim, _book, Catalogue);
}
