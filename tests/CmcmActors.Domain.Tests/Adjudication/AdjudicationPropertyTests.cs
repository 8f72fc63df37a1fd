using System.Globalization;
using System.Text;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>
/// Invariants over random sequences of claims on one member, drawn from every code of the built-in catalogue with
/// valid elements: no cap is ever exceeded, a line pays between zero and its uncovered amount, and reversing every
/// claim brings every running total back to zero.
/// </summary>
public sealed class AdjudicationPropertyTests
{
    private const int Runs = 200;

    private static readonly CatalogueEdition Edition = CatalogueSet.BuiltIn.Editions[0];

    private static readonly Dictionary<string, CapDefinition> AccumulatingCaps = Edition.Benefits
        .SelectMany(b => b.Caps)
        .Where(c => c.Accumulates)
        .GroupBy(c => c.Id, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public sealed record Scenario(MemberProfile Member, ClaimLine[][] Claims)
    {
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"born {Member.BirthDate:yyyy-MM-dd}, {Member.FamilySpells.Count} spells");
            foreach (var claim in Claims)
            {
                text.Append("\n  claim:");
                foreach (var l in claim)
                {
                    text.Append(CultureInfo.InvariantCulture,
                        $" [{l.BenefitCode} {l.DateOfCare:yyyy-MM-dd} {l.Invoiced}-{l.StatutoryReimbursement} tariff={l.OfficialTariff} x{l.Units} {l.Element} {l.CountryOfCare} auth={l.Authorised} serious={l.Serious} done={l.ProgrammeCompleted} circ={string.Join('+', l.Circumstances ?? [])} docs={l.Documents?.Count} inc={l.IncidentId} trip={l.TripId}]");
                }
            }

            return text.ToString();
        }
    }

    private static Gen<T> Sometimes<T>(T usually, T rarely, T rarest) =>
        Gen.Frequency((16, Gen.Constant(usually)), (3, Gen.Constant(rarely)), (1, Gen.Constant(rarest)));

    private static Gen<ClaimLine> LineFor(string code)
    {
        var chain = Edition.ChainFor(code);
        var elements = chain.SelectMany(b => b.Elements.Concat(b.Rule.FlatByElement.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var circumstances = chain.SelectMany(b => b.Conditions).Where(c => c.Kind == ConditionKind.AnyOfCircumstances).SelectMany(c => c.Values).ToArray();
        var documents = chain.SelectMany(b => b.Conditions).Where(c => c.Kind == ConditionKind.RequiredDocuments).SelectMany(c => c.Values).Distinct().ToArray();

        var element = elements.Length == 0 ? Gen.Constant<string?>(null) : Gen.Elements(elements).Select(e => (string?)e);
        var circumstance = circumstances.Length == 0
            ? Gen.Constant<IReadOnlyList<string>?>(null)
            : Gen.Frequency(
                (8, Gen.Elements(circumstances).Select(c => (IReadOnlyList<string>?)new[] { c })),
                (1, Gen.Constant<IReadOnlyList<string>?>(null)));
        var supplied = Gen.Frequency(
            (8, Gen.Constant<IReadOnlyList<string>?>(documents)),
            (1, Gen.Constant<IReadOnlyList<string>?>(documents.Take(1).ToArray())));
        var cents = Gen.Frequency((9, Gen.Choose(0, 300_000)), (1, Gen.Choose(0, 15_000_000)));
        var tariff = Gen.Frequency((9, Gen.Choose(0, 200_000).Select(t => (M?)new M(t))), (1, Gen.Constant<M?>(null)));

        return
            from el in element
            from day in Gen.Choose(0, 912)
            from invoiced in cents
            from share in Gen.Choose(0, 100)
            from officialTariff in tariff
            from units in Gen.Choose(1, 3)
            from country in Gen.Frequency((4, Gen.Constant("LU")), (1, Gen.Constant("FR")))
            from authorised in Sometimes<bool?>(true, false, null)
            from serious in Sometimes<bool?>(true, false, null)
            from completed in Sometimes<bool?>(true, false, null)
            from circ in circumstance
            from docs in supplied
            from incident in Gen.Elements("i-1", "i-2")
            from trip in Gen.Elements("t-1", "t-2")
            select new ClaimLine(code, new DateOnly(2026, 7, 1).AddDays(day), new M(invoiced), new M(invoiced * share / 100), officialTariff, units, el,
                country, authorised, serious, completed, circ, docs, incident, trip);
    }

    private static readonly Gen<ClaimLine> AnyLine = Gen.Elements(Edition.Benefits.Select(b => b.Code).Order(StringComparer.Ordinal).ToArray()).SelectMany(LineFor);

    private static readonly Gen<MemberProfile> AnyMember =
        from level in Gen.Elements(CoverageLevel.RC, CoverageLevel.RC_PP, CoverageLevel.RC_PP_DO)
        from birth in Gen.Elements(new DateOnly(1980, 5, 1), new DateOnly(2012, 2, 29), new DateOnly(2009, 9, 15))
        select MemberBuilder.AMember().Kind(birth.Year > 2000 ? MemberKind.Child : MemberKind.MainAffiliate).BornOn(birth).Holding(level).Build();

    private static readonly Arbitrary<Scenario> Scenarios = (
        from member in AnyMember
        from count in Gen.Choose(1, 10)
        from claims in Gen.ArrayOf(Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(AnyLine, n)), count)
        select new Scenario(member, claims)).ToArbitrary();

    private static IEnumerable<ClaimAdjudication> Run(Scenario scenario, AccumulatorBook book)
    {
        foreach (var claim in scenario.Claims)
        {
            var result = Adjudicator.Adjudicate(scenario.Member, claim, book, CatalogueSet.BuiltIn);
            book.Apply(result.Changes);
            yield return result;
        }
    }

    [Property(MaxTest = Runs)]
    public Property RandomClaims_AfterEveryClaim_NoCapIsExceeded() => Prop.ForAll(Scenarios, scenario =>
    {
        var book = new AccumulatorBook();
        foreach (var result in Run(scenario, book))
        {
            foreach (var (key, usage) in book.Entries)
            {
                var cap = AccumulatingCaps[key.CapId];
                Assert.True(cap.Amount is not { } amount || usage.Paid <= amount, $"{key} paid {usage.Paid} over {cap.Amount}");
                Assert.True(cap.MaxCount is not { } count || usage.Units <= count, $"{key} counted {usage.Units} over {cap.MaxCount}");
            }

            foreach (var effect in result.Lines.SelectMany(l => l.Payments).SelectMany(p => p.Caps.Select(c => (p.Paid, Cap: c))).Where(e => e.Cap.Key is null))
            {
                Assert.True(effect.Paid <= effect.Cap.Limit!.Value, $"{effect.Cap.CapId} paid {effect.Paid} over the per-unit limit {effect.Cap.Limit}");
            }
        }
    });

    [Property(MaxTest = Runs)]
    public Property RandomClaims_EveryLine_PaysBetweenZeroAndItsUncoveredAmount() => Prop.ForAll(Scenarios, scenario =>
    {
        foreach (var result in Run(scenario, new AccumulatorBook()))
        {
            foreach (var line in result.Lines)
            {
                Assert.InRange(line.TotalPaid.Cents, 0, line.Uncovered.Cents);
                Assert.All(line.Payments, p => Assert.True(p.Paid.Cents > 0, $"{p.BenefitCode} paid {p.Paid}"));
                if (line.Outcome != LineOutcome.Pended)
                {
                    Assert.Equal(line.TotalPaid.Cents, line.Payments.Sum(p => p.Paid.Cents));
                }
            }

            var expectedTotal = result.Outcome == ClaimOutcome.Pended ? 0 : result.Lines.Sum(l => l.TotalPaid.Cents);
            Assert.Equal(expectedTotal, result.TotalPaid.Cents);
        }
    });

    [Property(MaxTest = Runs)]
    public Property RandomClaims_ReversingEveryClaim_BringsEveryAccumulatorBackToZero() => Prop.ForAll(Scenarios, scenario =>
    {
        var book = new AccumulatorBook();
        var results = Run(scenario, book).ToArray();

        foreach (var result in results.Reverse().Where((_, i) => i % 2 == 0).Concat(results.Reverse().Where((_, i) => i % 2 == 1)))
        {
            book.Apply(result.ReversalChanges);
        }

        Assert.Empty(book.Entries);
    });
}
