using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>The two worked examples of the brochure (spec, section 7.5), to the cent.</summary>
public sealed class BrochureExampleTests
{
    private static readonly DateOnly CareDate = new(2026, 9, 15);

    [Fact]
    public void Orthodontics_ChildUnder17_RcPpDo_Pays617_08PlusTwoThousandFiveHundred()
    {
        var child = MemberBuilder.AMember().Kind(Families.MemberKind.Child).BornOn(new DateOnly(2014, 3, 1)).Holding(CoverageLevel.RC_PP_DO).Build();
        var result = Adjudicate.Claim(child,
            Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.90m, CareDate, "DT41"),
            Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.60m, CareDate, "DT42"),
            Line("RC.DENTAL.ORTHO.CHILD", 1510.00m, 702.30m, CareDate, "DT43"),
            Line("RC.DENTAL.ORTHO.CHILD", 1430.00m, 633.00m, CareDate, "DT44"),
            Line("RC.DENTAL.ORTHO.CHILD", 1430.00m, 632.60m, CareDate, "DT45"));

        Assert.Equal(new[] { 11178L, 11172L, 14046L, 12660L, 12652L }, result.Lines.Select(l => l.PaidBy(Tier.RC).Cents));
        Assert.All(result.Lines, l => Assert.Equal(50000L, l.PaidBy(Tier.DO).Cents));
        Assert.Equal(Eur(617.08m), result.PaidBy(Tier.RC));
        Assert.Equal(Eur(2500.00m), result.PaidBy(Tier.DO));
        Assert.Equal(Eur(3117.08m), result.TotalPaid);
    }

    [Fact]
    public void Implants_TwoImplantsNoStatutory_RcPpDo_Pays300Plus1000()
    {
        var member = MemberBuilder.AMember().Holding(CoverageLevel.RC_PP_DO).Build();
        var result = Adjudicate.Claim(member, Line("RC.DENTAL.FLAT", 1900.00m, 0m, CareDate, "implant", units: 2));

        Assert.Equal(Eur(300.00m), result.PaidBy(Tier.RC));
        Assert.Equal(Eur(1000.00m), result.PaidBy(Tier.DO));
        Assert.Equal(Eur(1300.00m), result.TotalPaid);
        Assert.Equal(ClaimOutcome.Approved, result.Outcome);
    }
}
