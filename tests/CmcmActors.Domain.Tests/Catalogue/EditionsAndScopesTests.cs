using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;
using static CmcmActors.Domain.Tests.Support.TestCatalogues;

namespace CmcmActors.Domain.Tests.Catalogue;

/// <summary>Editions in force by date of care (spec, section 9) and caps scoped to the family.</summary>
public sealed class EditionsAndScopesTests
{
    private static readonly CatalogueSet FamilyCapCatalogue = Set(Parse(File(
        Benefit(code: "T.FAMILY", extra: """ "caps": [ { "period": "year", "scope": "family", "amount": 100.00 } ] """))));

    private static ClaimAdjudication Claim(MemberProfile member, AccumulatorBook book, CatalogueSet catalogues, ClaimLine line)
    {
        var result = Adjudicator.Adjudicate(member, [line], book, catalogues);
        book.Apply(result.Changes);
        return result;
    }

    [Fact]
    public void FamilyScopedYearCap_TwoMembersOfOneFamily_ShareIt()
    {
        var book = new AccumulatorBook();
        var first = MemberBuilder.AMember().Id("m-1", "f-1").Build();
        var second = MemberBuilder.AMember().Id("m-2", "f-1").Build();

        var a = Claim(first, book, FamilyCapCatalogue, Line("T.FAMILY", 70.00m));
        var b = Claim(second, book, FamilyCapCatalogue, Line("T.FAMILY", 70.00m));

        Assert.Equal(Eur(70.00m), a.TotalPaid);
        Assert.Equal(Eur(30.00m), b.TotalPaid);
        Assert.Equal(LineOutcome.PartiallyPaid, b.Only().Outcome);
        Assert.Equal("family:f-1|T.FAMILY/year|2026", Assert.Single(b.Changes).Key.ToString());
    }

    [Fact]
    public void FamilyScopedYearCap_TwoFamilies_DoNotShareIt()
    {
        var book = new AccumulatorBook();
        var first = MemberBuilder.AMember().Id("m-1", "f-1").Build();
        var other = MemberBuilder.AMember().Id("m-9", "f-2").Build();

        Claim(first, book, FamilyCapCatalogue, Line("T.FAMILY", 70.00m));
        var b = Claim(other, book, FamilyCapCatalogue, Line("T.FAMILY", 70.00m));

        Assert.Equal(Eur(70.00m), b.TotalPaid);
        Assert.Equal(Eur(70.00m), book.Get(Assert.Single(b.Changes).Key).Paid);
    }

    [Fact]
    public void MemberScopedYearCap_TwoMembersOfOneFamily_EachHasItsOwn()
    {
        var book = new AccumulatorBook();
        var first = MemberBuilder.AMember().Id("m-1", "f-1").Build();
        var second = MemberBuilder.AMember().Id("m-2", "f-1").Build();

        var a = Claim(first, book, CatalogueSet.BuiltIn, Line("RC.DIET", 100.00m) with { Authorised = true });
        var b = Claim(second, book, CatalogueSet.BuiltIn, Line("RC.DIET", 100.00m) with { Authorised = true });

        Assert.Equal((Eur(100.00m), Eur(100.00m)), (a.TotalPaid, b.TotalPaid));
    }

    [Fact]
    public void NewEdition_ClaimLinesEitherSide_EachJudgedByTheEditionInForceOnItsDateOfCare()
    {
        var next = Parse(File(
            Benefit(code: "RC.DIET", extra: """ "caps": [ { "period": "year", "amount": 150.00 } ] """),
            edition: "2027-01", effectiveFrom: "2027-01-01"));
        var catalogues = Set(CatalogueSet.BuiltIn.Editions[0], next);
        var member = MemberBuilder.AMember().Build();

        var result = Adjudicator.Adjudicate(member,
            [Line("RC.DIET", 200.00m, on: D("2026-12-31")) with { Authorised = true }, Line("RC.DIET", 200.00m, on: D("2027-01-01"))],
            AccumulatorBook.Empty, catalogues);

        Assert.Equal(("2026-07", Eur(100.00m)), (result.Lines[0].Edition, result.Lines[0].TotalPaid));
        Assert.Equal(("2027-01", Eur(150.00m)), (result.Lines[1].Edition, result.Lines[1].TotalPaid));
    }

    [Theory]
    [InlineData("2026-06-30", null)]
    [InlineData("2026-07-01", "2026-07")]
    [InlineData("2026-12-31", "2026-07")]
    [InlineData("2027-01-01", "2027-01")]
    public void InForceOn_DateOfCare_LatestEditionNotAfterIt(string care, string? expected)
    {
        var catalogues = Set(CatalogueSet.BuiltIn.Editions[0], Parse(File(Benefit(), edition: "2027-01", effectiveFrom: "2027-01-01")));

        Assert.Equal(expected, catalogues.InForceOn(D(care))?.Edition);
    }

    [Fact]
    public void CatalogueSet_TwoEditionsOnOneDate_Refused()
    {
        var error = Assert.Throws<CatalogueException>(() => Set(Parse(File(Benefit(), edition: "a")), Parse(File(Benefit(), edition: "b"))));

        Assert.Equal("Two editions take effect on 2026-07-01.", error.Message);
    }

    [Fact]
    public void CatalogueSet_NoEdition_Refused()
    {
        Assert.Throws<ArgumentException>(() => Set());
    }
}
