using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

public sealed class AccumulatorBookTests
{
    private static readonly AccumulatorKey Key = new(CapScope.Member, "m-1", "RC.DIET/year", CapPeriod.Year, 2026, null, null);

    [Fact]
    public void Apply_ChangeThenItsNegation_LeavesNoEntry()
    {
        var book = new AccumulatorBook();
        var change = new AccumulatorChange(Key, Eur(60.00m), 1);

        book.Apply([change]);
        Assert.Equal(new Usage(Eur(60.00m), 1), book.Get(Key));

        book.Apply([change.Negate()]);
        Assert.Empty(book.Entries);
    }

    [Fact]
    public void Apply_ChangeThatWouldGoBelowZero_Throws()
    {
        var book = new AccumulatorBook();

        var error = Assert.Throws<InvalidOperationException>(() => book.Apply([new AccumulatorChange(Key, Eur(-1.00m), 0)]));

        Assert.Equal("Accumulator member:m-1|RC.DIET/year|2026 would go below zero.", error.Message);
    }

    [Fact]
    public void Apply_SecondChangeWouldGoBelowZero_AppliesNone()
    {
        var book = new AccumulatorBook();
        var other = Key with { CapId = "RC.CARDIO.STRESS/year" };
        book.Apply([new AccumulatorChange(Key, Eur(60.00m), 1)]);

        Assert.Throws<InvalidOperationException>(() => book.Apply([new AccumulatorChange(Key, Eur(-60.00m), -1), new AccumulatorChange(other, Eur(-1.00m), 0)]));

        Assert.Equal(new Usage(Eur(60.00m), 1), Assert.Single(book.Entries).Value);
    }

    [Fact]
    public void Apply_TwoChangesOnOneKey_AddUp()
    {
        var book = new AccumulatorBook();

        book.Apply([new AccumulatorChange(Key, Eur(60.00m), 1), new AccumulatorChange(Key, Eur(40.00m), 1)]);

        Assert.Equal(new Usage(Eur(100.00m), 2), book.Get(Key));
    }

    [Fact]
    public void Get_UnknownKey_NoUsage()
    {
        Assert.Equal(Usage.None, new AccumulatorBook().Get(Key));
    }

    [Theory]
    [InlineData(CapScope.Member, CapPeriod.Year, 2026, null, null, "member:m-1|C|2026")]
    [InlineData(CapScope.Family, CapPeriod.Year, 2026, null, null, "family:m-1|C|2026")]
    [InlineData(CapScope.Member, CapPeriod.Lifetime, 0, null, "DT41", "member:m-1|C|lifetime|DT41")]
    [InlineData(CapScope.Member, CapPeriod.Incident, 0, "i-1", null, "member:m-1|C|incident:i-1")]
    [InlineData(CapScope.Member, CapPeriod.Trip, 0, "t-1", null, "member:m-1|C|trip:t-1")]
    public void ToString_Key_AuditText(CapScope scope, CapPeriod period, int year, string? periodId, string? element, string expected)
    {
        Assert.Equal(expected, new AccumulatorKey(scope, "m-1", "C", period, year, periodId, element).ToString());
    }
}
