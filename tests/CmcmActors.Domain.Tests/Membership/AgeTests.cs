using CmcmActors.Domain.Families;
using static CmcmActors.Domain.Tests.Support.Dates;

namespace CmcmActors.Domain.Tests.Membership;

public sealed class AgeTests
{
    [Theory]
    [InlineData("2000-05-10", "2026-05-09", 25)]
    [InlineData("2000-05-10", "2026-05-10", 26)]
    [InlineData("2008-02-29", "2026-02-28", 17)]   // born on 29 February: older on 1 March in a common year
    [InlineData("2008-02-29", "2026-03-01", 18)]
    [InlineData("2008-02-29", "2028-02-29", 20)]
    public void InYears_BirthDateAndDay_CompletedYears(string birth, string on, int expected)
    {
        Assert.Equal(expected, Age.InYears(D(birth), D(on)));
    }
}
