using System.Net;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.MemberSpace;

/// <summary>Feedback after care on the embedded default; <see cref="FeedbackOnPostgresTests"/> runs the race on PostgreSQL.</summary>
[Collection(HostCollection.Name)]
public sealed class FeedbackApiTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task Feedback_OnADecidedClaim_201_AndReadBack()
    {
        var (member, memberId, invoice) = await FeedbackScenarios.DecidedClaimAsync(host, _staff);

        var given = await (await member.PostJsonAsync($"/api/claims/{memberId}/{invoice}/feedback", new { score = 4, text = "  Rapide et clair.  " })).JsonAsync(HttpStatusCode.Created);
        var read = await _staff.GetJsonAsync($"/api/claims/{memberId}/{invoice}/feedback");

        Assert.Equal((4, "Rapide et clair."), (given["score"]!.GetValue<int>(), given["text"].Text()));
        Assert.Equal((4, "Rapide et clair.", $"{memberId}/{invoice}"), (read["score"]!.GetValue<int>(), read["text"].Text(), read["claimId"].Text()));
    }

    [Fact]
    public async Task Feedback_SecondTime_409_AndTheFirstIsKept()
    {
        var (member, memberId, invoice) = await FeedbackScenarios.DecidedClaimAsync(host, _staff);
        await (await member.PostJsonAsync($"/api/claims/{memberId}/{invoice}/feedback", new { score = 5 })).JsonAsync(HttpStatusCode.Created);

        var again = await (await member.PostJsonAsync($"/api/claims/{memberId}/{invoice}/feedback", new { score = 1, text = "changed my mind" })).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("feedback-given", again["code"].Text());
        var read = await member.GetJsonAsync($"/api/claims/{memberId}/{invoice}/feedback");
        Assert.Equal((5, (string?)null), (read["score"]!.GetValue<int>(), read["text"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Feedback_TenAtOnce_ExactlyOneKept() => await FeedbackScenarios.TenAtOnceAsync(host, _staff);

    [Fact]
    public async Task Feedback_PendedClaim_409NotOpen()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var invoice = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, TripCancellationWithoutRefundDecision(NewId("T"))))).JsonAsync(HttpStatusCode.Created);
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));

        var problem = await (await member.PostJsonAsync($"/api/claims/{memberId}/{invoice}/feedback", new { score = 3 })).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("feedback-not-open", problem["code"].Text());
    }

    [Fact]
    public async Task Feedback_ByStaff_403_ItIsTheMembersWord()
    {
        var (_, memberId, invoice) = await FeedbackScenarios.DecidedClaimAsync(host, _staff);

        await (await _staff.PostJsonAsync($"/api/claims/{memberId}/{invoice}/feedback", new { score = 3 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await _staff.GetAsync($"/api/claims/{memberId}/{invoice}/feedback")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"score\":0}", "score")]
    [InlineData("{\"score\":6}", "score")]
    [InlineData("{\"text\":\"no score\"}", "score")]
    [InlineData("{\"score\":\"five\"}", "score")]
    [InlineData("{\"score\":3,\"text\":\"bad\\u202Eword\"}", "text")]
    public async Task Feedback_BadBody_400NamingTheField_AndNothingKept(string json, string field)
    {
        var (member, memberId, invoice) = await FeedbackScenarios.DecidedClaimAsync(host, _staff);

        await (await member.PostRawAsync($"/api/claims/{memberId}/{invoice}/feedback", json)).ProblemAsync(HttpStatusCode.BadRequest, field);

        await (await member.GetAsync($"/api/claims/{memberId}/{invoice}/feedback")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Feedback_TextOverAThousandCharacters_400NamingText()
    {
        var (member, memberId, invoice) = await FeedbackScenarios.DecidedClaimAsync(host, _staff);

        await (await member.PostJsonAsync($"/api/claims/{memberId}/{invoice}/feedback", new { score = 2, text = new string('a', 1001) })).ProblemAsync(HttpStatusCode.BadRequest, "text");
    }

    [Fact]
    public async Task Report_ScoresOfThisMonthByBenefit_CountAverageAndDistribution()
    {
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var month = now.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var score in new[] { 2, 5, 5 })
        {
            var (member, memberId, invoice) = await FeedbackScenarios.DecidedClaimAsync(host, _staff, FeedbackScenarios.Frames());
            await (await member.PostJsonAsync($"/api/claims/{memberId}/{invoice}/feedback", new { score, text = score == 2 ? "slow" : null })).JsonAsync(HttpStatusCode.Created);
        }

        var report = await _staff.GetJsonAsync($"/api/feedback/report?from={month}&to={month}");

        var row = Assert.Single(report.AsArray(), r => r!["benefitCode"].Text() == "DO.OPTIC.FRAMES")!;
        Assert.Equal((month, 3, 4.00m, 1), (row["month"].Text(), row["count"]!.GetValue<int>(), row["average"].Decimal(), row["withText"]!.GetValue<int>()));
        Assert.Equal([0, 1, 0, 0, 2], row["scores"]!.AsArray().Select(s => s!.GetValue<int>()));
    }

    [Theory]
    [InlineData("from=2026-13", "from")]
    [InlineData("to=26-01", "to")]
    [InlineData("from=2026-05&to=2026-04", "to")]
    public async Task Report_BadMonths_400NamingTheField(string query, string field) =>
        await (await _staff.GetAsync($"/api/feedback/report?{query}")).ProblemAsync(HttpStatusCode.BadRequest, field);
}

/// <summary>What the memory and PostgreSQL feedback tests share.</summary>
public static class FeedbackScenarios
{
    public static object Frames() => Line("DO.OPTIC.FRAMES", 120m, 0m);

    /// <summary>A decided claim of a new family's main affiliate, and a client with his token.</summary>
    public static async Task<(HttpClient Member, string MemberId, string Invoice)> DecidedClaimAsync(HostFixture host, HttpClient staff, object? line = null)
    {
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        var invoice = NewId("INV");
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, line ?? Implants()))).JsonAsync(HttpStatusCode.Created);
        return (host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true)), memberId, invoice);
    }

    /// <summary>Ten feedbacks on one claim at once, each with its own score: one 201, nine 409, and the one kept is the 201's.</summary>
    public static async Task TenAtOnceAsync(HostFixture host, HttpClient staff)
    {
        var (member, memberId, invoice) = await DecidedClaimAsync(host, staff);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await member.PostJsonAsync($"/api/claims/{memberId}/{invoice}/feedback", new { score = 1 + i % 5, text = $"attempt {i}" });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        var created = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(9, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict && a.Body.Contains("feedback-given", StringComparison.Ordinal)));
        var kept = await member.GetJsonAsync($"/api/claims/{memberId}/{invoice}/feedback");
        var winner = System.Text.Json.Nodes.JsonNode.Parse(created.Body)!;
        Assert.Equal((winner["score"]!.GetValue<int>(), winner["text"].Text()), (kept["score"]!.GetValue<int>(), kept["text"].Text()));
    }
}
