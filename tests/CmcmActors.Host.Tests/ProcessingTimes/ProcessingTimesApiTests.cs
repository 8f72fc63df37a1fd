using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.ProcessingTimes;

[Collection(HostCollection.Name)]
public sealed class ProcessingTimesApiTests(HostFixture host)
{
    private readonly HttpClient _admin = host.CreateClient(TestUser.Admin);

    [Fact]
    public async Task Get_TheWeeksOfTheSupportFaq_ByDepartmentAndChannel()
    {
        var times = await host.CreateClient(TestUser.FrontDesk).GetJsonAsync("/api/processing-times");

        var rows = times.AsArray().ToDictionary(r => (r!["department"].Text(), r["channel"].Text()), r => r!["weeks"]!.GetValue<int>());
        Assert.Equal(8, rows.Count);
        Assert.Equal((7, 5, 1), (rows[("national", "post")], rows[("national", "app")], rows[("foreign", "app")]));
    }

    [Fact]
    public async Task Put_ByAnAdmin_ChangesTheRowAndThePendedQueuesExpectedWeeks()
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "TRIP-W", TripCancellationWithoutRefundDecision("TW")))).JsonAsync(HttpStatusCode.Created);
        try
        {
            var times = await (await _admin.PutJsonAsync("/api/processing-times", new[] { new { department = "foreign", channel = "app", weeks = 3 } })).JsonAsync(HttpStatusCode.OK);

            Assert.Equal(3, times.AsArray().Single(r => r!["department"].Text() == "foreign" && r["channel"].Text() == "app")!["weeks"]!.GetValue<int>());
            Assert.Equal(2, times.AsArray().Single(r => r!["department"].Text() == "foreign" && r["channel"].Text() == "post")!["weeks"]!.GetValue<int>());
            var queued = (await staff.GetJsonAsync("/api/claims/pended")).AsArray().Single(c => c!["claimId"].Text() == $"{memberId}/TRIP-W")!;
            Assert.Equal(3, queued["expectedWeeks"]!.GetValue<int>());
        }
        finally
        {
            await (await _admin.PutJsonAsync("/api/processing-times", new[] { new { department = "foreign", channel = "app", weeks = 1 } })).JsonAsync(HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("[{\"department\":\"foreign\",\"channel\":\"app\",\"weeks\":60}]", "[0].weeks")]
    [InlineData("[{\"department\":\"foreign\",\"channel\":\"app\",\"weeks\":-1}]", "[0].weeks")]
    [InlineData("[{\"department\":\"moon\",\"channel\":\"app\",\"weeks\":1}]", "[0].department")]
    [InlineData("[{\"department\":\"foreign\",\"weeks\":1}]", "[0].channel")]
    [InlineData("[{\"department\":\"foreign\",\"channel\":\"app\",\"weeks\":1},{\"department\":\"foreign\",\"channel\":\"app\",\"weeks\":2}]", "[1]")]
    [InlineData("[]", "body")]
    public async Task Put_Wrong_400NamingTheField_AndNothingChanges(string json, string field)
    {
        var before = (await _admin.GetJsonAsync("/api/processing-times")).ToJsonString();

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await (await _admin.PutAsync("/api/processing-times", content)).ProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(before, (await _admin.GetJsonAsync("/api/processing-times")).ToJsonString());
    }
}
