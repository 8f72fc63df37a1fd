using System.Text;
using CmcmActors.Host.Api.Json;

namespace CmcmActors.Host.Tests.Errors;

/// <summary>How the text of a JSON number is read for digits past the cent, before a decimal rounds them away.</summary>
public sealed class JsonNumbersTests
{
    [Theory]
    [InlineData("40.001", true)]
    [InlineData("40.0000000000000000000000000000001", true)]
    [InlineData("4.0001e1", true)]
    [InlineData("4.0001E+1", true)]
    [InlineData("1e-3", true)]
    [InlineData("-0.005", true)]
    [InlineData("40.010", false)]
    [InlineData("40.01", false)]
    [InlineData("4001e-2", false)]
    [InlineData("1e3", false)]
    [InlineData("-12", false)]
    [InlineData("0.00000", false)]
    [InlineData("1e-999999999999", true)]
    [InlineData("1e999999999999", false)]
    public void JsonNumbers_NonZeroDigitPastTheCent(string number, bool expected)
    {
        Assert.Equal(expected, JsonNumbers.HasNonZeroDigitPast(Encoding.ASCII.GetBytes(number), 2));
    }
}
