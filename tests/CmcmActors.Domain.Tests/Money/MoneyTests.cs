using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CmcmActors.Domain.Tests.Support.Amounts;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Money;

/// <summary>Money is cents; every computed amount is rounded once, half away from zero (spec, section 1).</summary>
public sealed class MoneyTests
{
    [Theory]
    [InlineData(5, "0.5", 3)]          // 2.5 cents: away from zero gives 3 (banker's rounding would give 2)
    [InlineData(25, "0.1", 3)]         // 2.5 again
    [InlineData(10001, "0.5", 5001)]   // 50.005 euros → 50.01
    [InlineData(12345, "0.1", 1235)]   // 12.345 euros → 12.35
    [InlineData(33333, "0.3", 10000)]  // 99.9999 euros → 100.00
    [InlineData(7, "0.3", 2)]          // 2.1 → 2
    [InlineData(4, "0.5", 2)]          // exact
    [InlineData(-5, "0.5", -3)]        // negative halves go away from zero too
    [InlineData(-25, "0.1", -3)]
    [InlineData(0, "0.2", 0)]
    public void Times_Rate_RoundsHalfAwayFromZero(long cents, string rate, long expected)
    {
        Assert.Equal(new M(expected), new M(cents).Times(Dec(rate)));
    }

    [Property(MaxTest = 300)]
    public Property Times_AnyRate_IsWithinHalfACentAndHalvesGoAwayFromZero()
    {
        var amounts = Gen.Choose(-1_000_000, 1_000_000);
        var rates = Gen.Choose(0, 10_000).Select(r => r / 10_000m);
        return Prop.ForAll(Gen.Zip(amounts, rates).ToArbitrary(), pair =>
        {
            var (cents, rate) = pair;
            var exact = cents * rate;
            var result = new M(cents).Times(rate).Cents;
            var distance = Math.Abs(result - exact);
            var awayOnHalf = distance != 0.5m || Math.Abs(result) > Math.Abs(exact);
            var symmetric = new M(-cents).Times(rate).Cents == -result;
            return distance <= 0.5m && awayOnHalf && symmetric;
        });
    }

    [Fact]
    public void FromEuros_TwoDecimals_KeepsEveryCent()
    {
        Assert.Equal(123456L, M.FromEuros(1234.56m).Cents);
    }

    [Fact]
    public void FromEuros_ThreeDecimals_Throws()
    {
        Assert.Throws<ArgumentException>(() => M.FromEuros(1.005m));
    }

    [Fact]
    public void TimesUnits_Overflow_ThrowsInsteadOfWrapping()
    {
        Assert.Throws<OverflowException>(() => new M(long.MaxValue).Times(2));
    }

    [Fact]
    public void Addition_Overflow_ThrowsInsteadOfWrapping()
    {
        Assert.Throws<OverflowException>(() => new M(long.MaxValue) + new M(1));
    }

    [Fact]
    public void TimesUnits_ThreeImplants_MultipliesExactly()
    {
        Assert.Equal(M.FromEuros(450.00m), M.FromEuros(150.00m).Times(3));
    }

    [Fact]
    public void MinAndMax_TwoAmounts_PickTheSmallerAndTheLarger()
    {
        Assert.Equal(M.FromEuros(25.00m), M.Min(M.FromEuros(25.00m), M.FromEuros(25.01m)));
        Assert.Equal(M.FromEuros(25.01m), M.Max(M.FromEuros(25.00m), M.FromEuros(25.01m)));
    }

    [Fact]
    public void ToString_Amount_IsInvariantWithTwoDecimals()
    {
        Assert.Equal("1234.50", M.FromEuros(1234.5m).ToString());
        Assert.Equal("-5.00", M.FromEuros(-5m).ToString());
    }

    [Theory]
    [InlineData(0, "€0.00")]
    [InlineData(5, "€0.05")]
    [InlineData(123450, "€1,234.50")]
    [InlineData(10000000000, "€100,000,000.00")]
    public void ToDisplayString_Amount_HasEuroSignAndThousandsSeparator(long cents, string expected)
    {
        Assert.Equal(expected, new M(cents).ToDisplayString());
    }

    [Property(MaxTest = 300)]
    public Property ToDisplayString_AnyNonNegativeAmount_SameAsInvariantNumberFormat()
    {
        var cents = Gen.Choose(0, int.MaxValue).SelectMany(high => Gen.Choose(0, 99).Select(low => ((long)high * 100) + low));
        return Prop.ForAll(cents.ToArbitrary(), c =>
            new M(c).ToDisplayString() == "€" + (c / 100m).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture));
    }
}
