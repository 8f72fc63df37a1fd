using System.Net;
using System.Net.Http.Json;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Idempotency;

/// <summary>An Idempotency-Key is scoped by the endpoint routing matched, so every spelling of one route shares it.</summary>
public static class IdempotencyEndpointScopeCases
{
    private static object Osteo(string care) => Line("RC.ALTMED", 80m, 0m, "osteopathy", care: care);

    private static int CorrectionsOf(System.Text.Json.Nodes.JsonNode claim) =>
        claim["history"]!.AsArray().Count(h => h!["note"]?.GetValue<string>().StartsWith("Corrected by", StringComparison.Ordinal) == true);

    public static async Task CorrectionSentToFourSpellingsOfItsRouteWithOneKey_CorrectedOnce(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync("RC");
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "C", Osteo("2026-09-01"), Osteo("2026-09-01")))).JsonAsync(HttpStatusCode.Created);
        var correction = new { reason = "one session", lines = new[] { Osteo("2026-09-01") } };
        string[] spellings =
        [
            $"/api/claims/{memberId}/C/correction",
            $"/API/claims/{memberId}/C/correction",
            $"/api/claims/{memberId}/C/Correction",
            $"/api/claims/{memberId}/C/correction/",
        ];

        var answers = new List<HttpResponseMessage>();
        foreach (var path in spellings)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(correction) };
            request.Headers.Add("Idempotency-Key", "fix-c");
            answers.Add(await staff.SendAsync(request));
        }

        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        var claim = await staff.GetJsonAsync($"/api/claims/{memberId}/C");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal([false, true, true, true], answers.Select(a => a.Headers.Contains("Idempotent-Replayed")));
        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
        Assert.Equal((2L, 50m), (claim["version"]!.GetValue<long>(), claim["totalPaid"].Decimal()));
        Assert.Equal(1, CorrectionsOf(claim));
    }

    public static async Task OneKeyOnTwoClaims_EachCorrected(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync("RC");
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "A", Osteo("2026-09-01"), Osteo("2026-09-01")))).JsonAsync(HttpStatusCode.Created);
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "B", Osteo("2026-09-02"), Osteo("2026-09-02")))).JsonAsync(HttpStatusCode.Created);

        var answers = new List<HttpResponseMessage>();
        foreach (var (invoice, care) in new[] { ("A", "2026-09-01"), ("B", "2026-09-02") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/claims/{memberId}/{invoice}/correction")
            {
                Content = JsonContent.Create(new { reason = "one session", lines = new[] { Osteo(care) } }),
            };
            request.Headers.Add("Idempotency-Key", "fix-same-key");
            answers.Add(await staff.SendAsync(request));
        }

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (answers[0].StatusCode, answers[1].StatusCode));
        Assert.False(answers[1].Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, CorrectionsOf(await staff.GetJsonAsync($"/api/claims/{memberId}/A")));
        Assert.Equal(1, CorrectionsOf(await staff.GetJsonAsync($"/api/claims/{memberId}/B")));
    }
}

[Collection(HostCollection.Name)]
public sealed class IdempotencyEndpointScopeTests(HostFixture host)
{
    [Fact]
    public Task CorrectionSentToFourSpellingsOfItsRouteWithOneKey_CorrectedOnce() => IdempotencyEndpointScopeCases.CorrectionSentToFourSpellingsOfItsRouteWithOneKey_CorrectedOnce(host);

    [Fact]
    public Task OneKeyOnTwoClaims_EachCorrected() => IdempotencyEndpointScopeCases.OneKeyOnTwoClaims_EachCorrected(host);
}

[Collection(PostgresHostCollection.Name)]
public sealed class IdempotencyEndpointScopeOnPostgresTests(PostgresHostFixture postgres)
{
    [PostgresTheory]
    [InlineData("spellings")]
    public Task CorrectionSentToFourSpellingsOfItsRouteWithOneKey_CorrectedOnce(string _) =>
        IdempotencyEndpointScopeCases.CorrectionSentToFourSpellingsOfItsRouteWithOneKey_CorrectedOnce(postgres.Host!);
}
