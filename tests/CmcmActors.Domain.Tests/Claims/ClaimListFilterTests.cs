using CmcmActors.Domain.Claims;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Claims;

/// <summary>What narrows a claim list: a year of care, a benefit, a piece of the invoice reference; every one must match.</summary>
public sealed class ClaimListFilterTests
{
    private static readonly CmcmActors.Domain.Adjudication.ClaimLine[] TwoYears =
    [
        Line("RC.ALTMED", 60m, on: new DateOnly(2025, 12, 30), element: "osteopathy"),
        Line("RC.DENTAL.FLAT", 900m, on: new DateOnly(2026, 1, 4), element: "crown"),
    ];

    [Fact]
    public void CareYear_AnyLineOfThatYear_Matches()
    {
        Assert.True(new ClaimListFilter(CareYear: 2025).Matches("INV-1", TwoYears));
        Assert.True(new ClaimListFilter(CareYear: 2026).Matches("INV-1", TwoYears));
        Assert.False(new ClaimListFilter(CareYear: 2024).Matches("INV-1", TwoYears));
    }

    [Fact]
    public void Benefit_AnyLineUnderThatCode_Matches_CaseAsWritten()
    {
        Assert.True(new ClaimListFilter(Benefit: "RC.DENTAL.FLAT").Matches("INV-1", TwoYears));
        Assert.False(new ClaimListFilter(Benefit: "rc.dental.flat").Matches("INV-1", TwoYears));
        Assert.False(new ClaimListFilter(Benefit: "PP.ALTMED").Matches("INV-1", TwoYears));
    }

    [Fact]
    public void ReferenceText_PartOfTheInvoiceReference_IgnoringCase()
    {
        Assert.True(new ClaimListFilter(ReferenceText: "post-11").Matches("2026-POST-117", TwoYears));
        Assert.False(new ClaimListFilter(ReferenceText: "POST-12").Matches("2026-POST-117", TwoYears));
    }

    [Fact]
    public void EveryCriterion_MustMatch_NoneMatchesAll()
    {
        Assert.False(new ClaimListFilter(2026, "RC.ALTMED", "POST").Matches("2026-POST-117", [TwoYears[0]]));
        Assert.True(new ClaimListFilter(2025, "RC.ALTMED", "POST").Matches("2026-POST-117", [TwoYears[0]]));
        Assert.True(ClaimListFilter.All.Matches("anything", []));
        Assert.True(ClaimListFilter.All.IsEmpty);
    }

    [Fact]
    public void CareYearsAndBenefits_DistinctInOrder_AsTheJournalStoresThem()
    {
        Assert.Equal([2025, 2026], ClaimListFilter.CareYears([TwoYears[1], TwoYears[0], TwoYears[1]]).Select(y => (int)y));
        Assert.Equal(["RC.ALTMED", "RC.DENTAL.FLAT"], ClaimListFilter.Benefits([TwoYears[1], TwoYears[0], TwoYears[0]]));
    }
}
