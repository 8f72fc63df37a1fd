using System.Globalization;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;

namespace CmcmActors.Domain.Tests.Support;

public static class Dates
{
    /// <summary>An ISO date (yyyy-MM-dd), as the data-driven tests write them.</summary>
    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? OptionalD(string? iso) => iso is null ? null : D(iso);
}

public static class Amounts
{
    /// <summary>A rate or amount written as invariant text in [InlineData] (attributes cannot hold decimals).</summary>
    public static decimal Dec(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}

public static class FamilyBuilder
{
    public static readonly EligibilityFacts EligibleResident = new(true, false, StatutoryInsuranceKind.LuxembourgFund, new Domicile("LU"));

    /// <summary>A family enrolled on <paramref name="applicationReceived"/>, contribution paid unless said otherwise.</summary>
    public static Family Enrolled(string applicationReceived, CoverageLevel level = CoverageLevel.RC_PP_DO, EnrolmentReason reason = EnrolmentReason.FirstTime, bool paid = true, string mainBirthDate = "1980-05-01")
    {
        var family = Family.Enrol("f-1", "m-1", Dates.D(mainBirthDate), Dates.D(applicationReceived), level, reason, EligibleResident).Value!;
        return paid ? family.RecordPayment(Dates.D(applicationReceived).Year, Lines.Eur(300m), Dates.D(applicationReceived)).Value! : family;
    }

    public static Family Ok(this Result<Family> result)
    {
        Assert.True(result.IsSuccess, result.Rejection?.Message);
        return result.Value!;
    }

    public static Rejection Refused(this Result<Family> result)
    {
        Assert.False(result.IsSuccess);
        return result.Rejection!;
    }
}

public static class LineDecisions
{
    public static LineDecision Only(this ClaimAdjudication claim) => Assert.Single(claim.Lines);

    public static BenefitNote NoteFor(this LineDecision line, string code) => Assert.Single(line.NotPaying, n => n.BenefitCode == code);

    public static TierPayment PaymentBy(this LineDecision line, string code) => Assert.Single(line.Payments, p => p.BenefitCode == code);
}

/// <summary>Small catalogue files written in tests, to show the loader's checks and caps the built-in edition lacks.</summary>
public static class TestCatalogues
{
    public const string PercentRule = """{ "kind": "percentOfUncovered", "rate": 1.0 }""";

    public static string Benefit(string code = "X.Y", string tier = "RC", string rule = PercentRule, string extra = "") =>
        $$"""{ "code": "{{code}}", "tier": "{{tier}}", "category": "medical", "title": "Test benefit", "rule": {{rule}}{{(extra.Length == 0 ? "" : ", " + extra)}} }""";

    public static string File(string benefits, string groups = "[]", string edition = "test", string effectiveFrom = "2026-07-01") =>
        $$"""{ "edition": "{{edition}}", "effectiveFrom": "{{effectiveFrom}}", "groups": {{groups}}, "benefits": [ {{benefits}} ] }""";

    public static CatalogueEdition Parse(string json) => CatalogueLoader.Parse(json, "test.json");

    public static CatalogueSet Set(params CatalogueEdition[] editions) => new(editions);
}
