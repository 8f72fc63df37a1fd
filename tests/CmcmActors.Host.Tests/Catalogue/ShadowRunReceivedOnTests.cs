using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Catalogue;

/// <summary>A host of its own: last month's shadow run holds only the claim this test stores.</summary>
public sealed class ReceivedOnHostFixture : IAsyncLifetime
{
    public HostFixture Host { get; } = HostFixture.With(_ => { });

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

/// <summary>A shadow run over "the claims received from … to …" goes by each claim's own date of receipt, not the day it was entered.</summary>
public sealed class ShadowRunReceivedOnTests(ReceivedOnHostFixture fixture) : IClassFixture<ReceivedOnHostFixture>
{
    private const string Admin = "/api/admin/catalogue";

    public static async Task<string> PostalClaimCaseAsync(HostFixture host, HttpClient admin, string draftId)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var today = CmcmActors.Host.Api.ApiDates.Today(TimeProvider.System);
        var receivedOn = today.AddMonths(-1) < new DateOnly(2026, 9, 15) ? new DateOnly(2026, 9, 15) : today.AddMonths(-1);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync("RC");
        var postal = await (await staff.PostJsonAsync("/api/claims", new
        {
            familyId, memberId, invoiceReference = "POSTAL-1", channel = "post", receivedOn,
            lines = new[] { Line("RC.ALTMED", 60m, element: "osteopathy") },
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(receivedOn.ToString("yyyy-MM-dd"), postal["receivedOn"].Text());

        var lastMonth = await RunAsync(admin, draftId, receivedOn, receivedOn);
        var entered = await RunAsync(admin, draftId, today, today);

        Assert.Equal(1, lastMonth["summary"]!["claims"]!.GetValue<int>());
        Assert.DoesNotContain($"{memberId}/POSTAL-1", await CsvAsync(admin, entered["runId"].Text()), StringComparison.Ordinal);
        var csv = await CsvAsync(admin, lastMonth["runId"].Text());
        Assert.Equal($"claim,{memberId}/POSTAL-1,{memberId},{familyId},{receivedOn:yyyy-MM-dd},2026-07,,,partiallyApproved,partiallyApproved,50.00,50.00,0.00",
            csv.Split('\n')[1]);
        return csv;
    }

    [Fact]
    public async Task ShadowRun_PostalClaimEnteredTodayReceivedLastMonth_InLastMonthsRunOnly_ReportedWithItsReceivedOn()
    {
        var admin = fixture.Host.CreateClient(TestUser.Admin);
        var draftId = (await (await admin.PostRawAsync($"{Admin}/drafts", CatalogueAdminApiTests.Draft(NewId("2027")))).JsonAsync(HttpStatusCode.Created))["draftId"].Text();

        await PostalClaimCaseAsync(fixture.Host, admin, draftId);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> RunAsync(HttpClient admin, string draftId, DateOnly from, DateOnly to)
    {
        var runId = (await (await admin.PostJsonAsync($"{Admin}/shadow-runs", new { draftId, from, to })).JsonAsync(HttpStatusCode.Accepted))["runId"].Text();
        for (var i = 0; i < 300; i++)
        {
            var run = await admin.GetJsonAsync($"{Admin}/shadow-runs/{runId}");
            if (run["status"].Text() != "running")
            {
                Assert.Equal("completed", run["status"].Text());
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Shadow run {runId} still running after 30 s.");
    }

    private static async Task<string> CsvAsync(HttpClient admin, string runId) =>
        await (await admin.GetAsync($"{Admin}/shadow-runs/{runId}/report.csv")).Content.ReadAsStringAsync();
}
