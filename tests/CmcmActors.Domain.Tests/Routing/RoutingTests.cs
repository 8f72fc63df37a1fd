using CmcmActors.Domain.Routing;

namespace CmcmActors.Domain.Tests.Routing;

/// <summary>Departments and processing times (spec, section 8; seed 000).</summary>
public sealed class RoutingTests
{
    [Theory]
    [InlineData(CareCategory.Hospital, "LU", Department.National)]
    [InlineData(CareCategory.Medical, "LU", Department.National)]
    [InlineData(CareCategory.Optical, "LU", Department.National)]
    [InlineData(CareCategory.Hospital, "FR", Department.Foreign)]
    [InlineData(CareCategory.Medical, "DE", Department.Foreign)]
    [InlineData(CareCategory.Optical, "BE", Department.Foreign)]
    [InlineData(CareCategory.Dental, "LU", Department.DentalLuxembourg)]
    [InlineData(CareCategory.Dental, "lu", Department.DentalLuxembourg)]
    [InlineData(CareCategory.Dental, "BE", Department.DentalAbroad)]
    [InlineData(CareCategory.Assistance, "ES", Department.Foreign)]
    [InlineData(CareCategory.Assistance, "LU", Department.Foreign)]
    public void For_CategoryAndCountry_Department(CareCategory category, string country, Department expected)
    {
        Assert.Equal(expected, DepartmentRouting.For(category, country));
    }

    [Theory]
    [InlineData(Department.National, Channel.Post, 7)]
    [InlineData(Department.National, Channel.App, 5)]
    [InlineData(Department.Foreign, Channel.Post, 2)]
    [InlineData(Department.Foreign, Channel.App, 1)]
    [InlineData(Department.DentalLuxembourg, Channel.Post, 2)]
    [InlineData(Department.DentalLuxembourg, Channel.App, 2)]
    [InlineData(Department.DentalAbroad, Channel.Post, 3)]
    [InlineData(Department.DentalAbroad, Channel.App, 2)]
    public void Default_DepartmentAndChannel_WeeksOfTheFaq(Department department, Channel channel, int weeks)
    {
        Assert.Equal(weeks, ProcessingTimes.Default.WeeksFor(department, channel));
    }

    [Fact]
    public void With_WeeklyAdminUpdate_ChangesOneFigureInACopy()
    {
        var updated = ProcessingTimes.Default.With(Department.National, Channel.App, 4);

        Assert.Equal(4, updated.WeeksFor(Department.National, Channel.App));
        Assert.Equal(7, updated.WeeksFor(Department.National, Channel.Post));
        Assert.Equal(1, updated.WeeksFor(Department.Foreign, Channel.App));
        Assert.Equal(5, ProcessingTimes.Default.WeeksFor(Department.National, Channel.App));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(53)]
    public void With_WeeksOutOfRange_Throws(int weeks)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessingTimes.Default.With(Department.Foreign, Channel.Post, weeks));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(52)]
    public void With_WeeksAtTheBounds_Accepted(int weeks)
    {
        Assert.Equal(weeks, ProcessingTimes.Default.With(Department.Foreign, Channel.Post, weeks).WeeksFor(Department.Foreign, Channel.Post));
    }
}
