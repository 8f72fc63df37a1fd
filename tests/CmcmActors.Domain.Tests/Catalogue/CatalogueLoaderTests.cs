using CmcmActors.Domain.Catalogue;
using static CmcmActors.Domain.Tests.Support.TestCatalogues;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Catalogue;

/// <summary>A catalogue file is validated whole, and every error names its file and entry.</summary>
public sealed class CatalogueLoaderTests
{
    private static string Fails(string json) => Assert.Throws<CatalogueException>(() => Parse(json)).Message;

    private static string FailsWith(string benefitExtra, string rule = PercentRule) => Fails(File(Benefit(rule: rule, extra: benefitExtra)));

    [Fact]
    public void Parse_UnknownRuleKind_NamesTheEntry()
    {
        Assert.Contains(
            "benefits[0] (X.Y): rule: unknown rule kind 'percentOfEverything'",
            FailsWith("", rule: """{ "kind": "percentOfEverything", "rate": 1.0 }"""));
    }

    [Fact]
    public void Parse_NegativeCap_NamesTheEntryAndTheCap()
    {
        Assert.Contains("benefits[0] (X.Y): caps[0].amount is negative", FailsWith("""  "caps": [ { "period": "year", "amount": -1.00 } ]"""));
    }

    [Fact]
    public void Parse_DuplicateCode_NamesTheSecondEntry()
    {
        Assert.Contains("benefits[1] (X.Y): duplicate code X.Y", Fails(File(Benefit() + ", " + Benefit())));
    }

    [Fact]
    public void Parse_UnknownGroup_NamesTheEntryAndTheGroup()
    {
        Assert.Contains("benefits[0] (X.Y): caps[0]: unknown group 'NOPE'", FailsWith("""  "caps": [ { "group": "NOPE" } ]"""));
    }

    [Fact]
    public void Parse_UnknownTopUpOf_NamesTheBenefitAndTheCode()
    {
        Assert.Contains("benefit X.Y: topUpOf names unknown code NOPE", FailsWith("""  "topUpOf": "NOPE" """));
    }

    [Fact]
    public void Parse_TopUpOfASameOrHigherTier_Refused()
    {
        var json = File(Benefit(code: "A.B", tier: "PP") + ", " + Benefit(code: "X.Y", tier: "RC", extra: """ "topUpOf": "A.B" """));

        Assert.Contains("benefit X.Y: a top-up must belong to a higher tier than A.B", Fails(json));
    }

    [Theory]
    [InlineData("""{ "kind": "percentOfUncovered", "rate": 1.5 }""")]
    [InlineData("""{ "kind": "percentOfUncovered", "rate": -0.1 }""")]
    [InlineData("""{ "kind": "percentOfUncovered" }""")]
    [InlineData("""{ "kind": "percentOfStatutory", "rate": 2 }""")]
    public void Parse_BadRate_NamesTheEntry(string rule)
    {
        Assert.Contains("benefits[0] (X.Y): rule: rate must be between 0 and 1", FailsWith("", rule));
    }

    [Fact]
    public void Parse_MalformedJson_NamesTheFileAndTheLine()
    {
        var message = Fails("{ \"edition\": \"t\",\n  \"benefits\": [ { \"code\": } ] }");

        Assert.StartsWith("test.json: malformed JSON at $.benefits[0].code (line 2)", message);
    }

    [Fact]
    public void Parse_UnknownProperty_RefusedAsMalformed()
    {
        Assert.StartsWith("test.json: malformed JSON at", Fails(File(Benefit(extra: """ "colour": "blue" """))));
    }

    [Fact]
    public void Parse_NullDocument_RefusedAsEmpty()
    {
        Assert.Equal("test.json: the file is empty.", Fails("null"));
    }

    [Theory]
    [InlineData(""" "caps": [ { "period": "week", "amount": 1 } ] """, "benefits[0] (X.Y): caps[0]: unknown cap period 'week'")]
    [InlineData(""" "caps": [ { "period": "year", "scope": "household", "amount": 1 } ] """, "benefits[0] (X.Y): caps[0]: unknown cap scope 'household'")]
    [InlineData(""" "caps": [ { "period": "year", "count": 0 } ] """, "benefits[0] (X.Y): caps[0]: count must be at least 1")]
    [InlineData(""" "caps": [ { "period": "year" } ] """, "benefits[0] (X.Y): caps[0]: a cap needs an amount or a count")]
    [InlineData(""" "caps": [ { "period": "unit", "count": 2 } ] """, "benefits[0] (X.Y): caps[0]: a per-unit cap limits an amount, not a count")]
    [InlineData(""" "caps": [ { "period": "year", "amount": 1.005 } ] """, "benefits[0] (X.Y): caps[0].amount has more than two decimals")]
    [InlineData(""" "caps": [ { "period": "year", "amount": 20000000 } ] """, "benefits[0] (X.Y): caps[0].amount is absurdly large")]
    [InlineData(""" "caps": [ { "period": "year", "amount": 1 }, { "period": "year", "amount": 2 } ] """, "benefits[0] (X.Y): caps[1]: two caps of the same period")]
    [InlineData(""" "conditions": [ { "kind": "moonPhase" } ] """, "benefits[0] (X.Y): conditions[0]: unknown condition kind 'moonPhase'")]
    [InlineData(""" "conditions": [ { "kind": "ageUnder" } ] """, "benefits[0] (X.Y): conditions[0]: ageUnder needs years between 0 and 150")]
    [InlineData(""" "conditions": [ { "kind": "ageAtLeast", "years": 151 } ] """, "benefits[0] (X.Y): conditions[0]: ageAtLeast needs years between 0 and 150")]
    [InlineData(""" "conditions": [ { "kind": "requiredDocuments" } ] """, "benefits[0] (X.Y): conditions[0]: requiredDocuments needs values")]
    [InlineData(""" "conditions": [ { "kind": "anyOfCircumstances", "values": [] } ] """, "benefits[0] (X.Y): conditions[0]: anyOfCircumstances needs values")]
    public void Parse_BadEntryField_NamesTheEntryAndTheField(string extra, string expected)
    {
        Assert.Contains(expected, FailsWith(extra));
    }

    [Theory]
    [InlineData("""{ "kind": "flatPerUnit", "amount": 10, "rate": 0.5 }""", "benefits[0] (X.Y): rule: a flat rule has no rate")]
    [InlineData("""{ "kind": "flatPerUnit" }""", "benefits[0] (X.Y): rule: a flat rule needs amount or amountByElement")]
    [InlineData("""{ "kind": "flatPerUnit", "amountByElement": { "crown": -5 } }""", "benefits[0] (X.Y): rule.amountByElement.crown is negative")]
    [InlineData("""{ "kind": "percentOfUncovered", "rate": 0.5, "amount": 10 }""", "benefits[0] (X.Y): rule: a percentage rule has no amount; cap it with caps")]
    public void Parse_BadRuleShape_NamesTheEntry(string rule, string expected)
    {
        Assert.Contains(expected, FailsWith("", rule));
    }

    [Fact]
    public void Parse_UnknownTier_NamesTheEntry()
    {
        Assert.Contains("benefits[0] (X.Y): unknown tier 'XX' (expected RC, ASSIST, PP or DO)", Fails(File(Benefit(tier: "XX"))));
    }

    [Fact]
    public void Parse_MissingRule_NamesTheEntry()
    {
        var json = File("""{ "code": "X.Y", "tier": "RC", "category": "medical", "title": "t" }""");

        Assert.Contains("benefits[0] (X.Y): rule is missing", Fails(json));
    }

    [Fact]
    public void Parse_MissingTitle_NamesTheEntry()
    {
        var json = File("""{ "code": "X.Y", "tier": "RC", "category": "medical", "rule": { "kind": "percentOfUncovered", "rate": 1 } }""");

        Assert.Contains("benefits[0] (X.Y): title is missing", Fails(json));
    }

    [Fact]
    public void Parse_UnknownCategory_NamesTheEntry()
    {
        var json = File("""{ "code": "X.Y", "tier": "RC", "category": "food", "title": "t", "rule": { "kind": "percentOfUncovered", "rate": 1 } }""");

        Assert.Contains("benefits[0] (X.Y): unknown category 'food'", Fails(json));
    }

    [Fact]
    public void Parse_MissingCode_NamesThePosition()
    {
        var json = File("""{ "tier": "RC", "category": "medical", "title": "t", "rule": { "kind": "percentOfUncovered", "rate": 1 } }""");

        Assert.Contains("benefits[0] (no code): code is missing", Fails(json));
    }

    [Fact]
    public void Parse_GroupReferenceThatAlsoSetsAnAmount_Refused()
    {
        var json = File(Benefit(extra: """ "caps": [ { "group": "G", "amount": 5 } ] """), groups: """[ { "id": "G", "period": "year", "amount": 100 } ]""");

        Assert.Contains("benefits[0] (X.Y): caps[0]: a reference to group 'G' cannot also set period, amount or count", Fails(json));
    }

    [Fact]
    public void Parse_GroupCapPerUnit_NamesTheGroup()
    {
        Assert.Contains("groups[0] (G): a group cap cannot be per unit", Fails(File(Benefit(), groups: """[ { "id": "G", "period": "unit", "amount": 100 } ]""")));
    }

    [Fact]
    public void Parse_DuplicateGroupId_NamesTheSecondGroup()
    {
        var groups = """[ { "id": "G", "period": "year", "amount": 100 }, { "id": "G", "period": "year", "amount": 50 } ]""";

        Assert.Contains("groups[1] (G): duplicate group id", Fails(File(Benefit(), groups)));
    }

    [Fact]
    public void Parse_MissingEdition_Refused()
    {
        Assert.Contains("test.json: edition is missing", Fails(File(Benefit(), edition: "")));
    }

    [Fact]
    public void Parse_EffectiveFromNotADate_Refused()
    {
        Assert.Contains("effectiveFrom '2026-13-01' is not a date (yyyy-MM-dd)", Fails(File(Benefit(), effectiveFrom: "2026-13-01")));
    }

    [Fact]
    public void Parse_NoBenefit_Refused()
    {
        Assert.Equal("test.json: the edition has no benefit", Fails("""{ "edition": "t", "effectiveFrom": "2026-07-01", "benefits": [] }"""));
    }

    [Fact]
    public void Parse_SeveralMistakes_ReportsEveryOneInOneMessage()
    {
        var json = File(Benefit(code: "A.A", extra: """ "caps": [ { "period": "year", "amount": -1 } ] """) + ", " + Benefit(code: "B.B", rule: """{ "kind": "nope" }"""));

        Assert.Equal(
            "test.json: benefits[0] (A.A): caps[0].amount is negative; benefits[1] (B.B): rule: unknown rule kind 'nope' (expected percentOfUncovered, percentOfOfficialTariff, percentOfStatutory or flatPerUnit)",
            Fails(json));
    }

    [Fact]
    public void Parse_ValidFile_BuildsTheBenefitWithItsCapsConditionsAndGroup()
    {
        var json = File(
            Benefit(extra: """ "elements": [ "a", "b" ], "caps": [ { "period": "unit", "amount": 50 }, { "group": "G" } ], "conditions": [ { "kind": "ageUnder", "years": 17, "when": "a" } ] """),
            groups: """[ { "id": "G", "period": "year", "scope": "family", "amount": 100, "note": "shared" } ]""");

        var edition = Parse(json);
        var benefit = edition["X.Y"];

        Assert.Equal(("test", new DateOnly(2026, 7, 1)), (edition.Edition, edition.EffectiveFrom));
        Assert.Equal(new[] { "a", "b" }, benefit.Elements);
        Assert.Equal(
            new[]
            {
                new CapDefinition("X.Y/unit", CapPeriod.Unit, CapScope.Member, M.FromEuros(50m), null, false),
                new CapDefinition("G", CapPeriod.Year, CapScope.Family, M.FromEuros(100m), null, false),
            },
            benefit.Caps);
        var condition = Assert.Single(benefit.Conditions);
        Assert.Equal((ConditionKind.AgeUnder, (int?)17, "a"), (condition.Kind, condition.Years, condition.When));
    }

    [Fact]
    public void LoadFile_MissingFile_NamesThePath()
    {
        var error = Assert.Throws<CatalogueException>(() => CatalogueLoader.LoadFile("/nonexistent/cmcm.json"));

        Assert.StartsWith("/nonexistent/cmcm.json: ", error.Message);
    }
}
