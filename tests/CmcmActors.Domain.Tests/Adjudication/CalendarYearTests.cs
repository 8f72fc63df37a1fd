using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>"Per year" is the calendar year of the date of care, never of the date the claim is processed (spec, section 1).</summary>
public sealed class CalendarYearTests
{
    private static readonly MemberProfile Member = MemberBuilder.AMember().Build();

    private static ClaimLine Diet(string care, decimal invoiced = 100.00m) => Line("RC.DIET", invoiced, on: D(care)) with { Authorised = true };

    [Fact]
    public void PerYearCap_ClaimsOn30December2026And2January2027_BothGetFullRoom()
    {
        var results = Adjudicate.Sequence(Member, new AccumulatorBook(), [Diet("2026-12-30")], [Diet("2027-01-02")]);

        Assert.Equal(new[] { Eur(100.00m), Eur(100.00m) }, results.Select(r => r.TotalPaid));
        Assert.Equal("member:m-1|RC.DIET/year|2026", Assert.Single(results[0].Changes).Key.ToString());
        Assert.Equal("member:m-1|RC.DIET/year|2027", Assert.Single(results[1].Changes).Key.ToString());
    }

    [Fact]
    public void PerYearCap_BothDatesOnOneClaim_EachLineOnItsOwnYear()
    {
        var result = Adjudicate.Claim(Member, Diet("2026-12-30"), Diet("2027-01-02"));

        Assert.Equal(new[] { Eur(100.00m), Eur(100.00m) }, result.Lines.Select(l => l.TotalPaid));
    }

    [Fact]
    public void PerYearCap_30DecemberClaimProcessedAfterAJanuaryClaim_CountsOnTheOldYear()
    {
        var results = Adjudicate.Sequence(Member, new AccumulatorBook(),
            [Diet("2026-12-15", 70.00m)],
            [Diet("2027-01-02", 70.00m)],
            [Diet("2026-12-30", 70.00m)]);   // received late, after the January claim

        Assert.Equal(new[] { Eur(70.00m), Eur(70.00m), Eur(30.00m) }, results.Select(r => r.TotalPaid));
    }

    [Fact]
    public void PerYearCap_31DecemberAnd1January_AreDifferentYears()
    {
        var results = Adjudicate.Sequence(Member, new AccumulatorBook(), [Diet("2026-12-31", 150.00m)], [Diet("2027-01-01", 150.00m)]);

        Assert.Equal(new[] { Eur(100.00m), Eur(100.00m) }, results.Select(r => r.TotalPaid));
    }

    [Fact]
    public void LifetimeCap_DifferentYears_SameAccumulator()
    {
        var results = Adjudicate.Sequence(Member, new AccumulatorBook(),
            [Line("PP.PROTEA", 1200.00m, on: D("2026-12-30"))],
            [Line("PP.PROTEA", 1200.00m, on: D("2027-01-02"))]);

        Assert.Equal(new[] { Eur(1200.00m), Eur(800.00m) }, results.Select(r => r.TotalPaid));
        Assert.Equal(results[0].Changes[0].Key, results[1].Changes[0].Key);
    }
}
