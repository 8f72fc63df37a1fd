using System.Net;
using System.Net.Http.Json;
using CmcmActors.Host.Metrics;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Platform;

/// <summary>What the host offers besides the routes: OpenAPI, Scalar, metrics, the dashboard, development tokens, and its answer when storage is down.</summary>
[Collection(HostCollection.Name)]
public sealed class PlatformTests(HostFixture host)
{
    /// <summary>Every route of docs/api-routes.md.</summary>
    public static TheoryData<string, string> ContractRoutes => new()
    {
        { "post", "/api/families" },
        { "get", "/api/families/{familyId}" },
        { "post", "/api/families/{familyId}/level" },
        { "post", "/api/families/{familyId}/members" },
        { "post", "/api/families/{familyId}/members/{memberId}/removal" },
        { "post", "/api/families/{familyId}/payments" },
        { "post", "/api/families/{familyId}/resignation" },
        { "post", "/api/families/{familyId}/readmission" },
        { "get", "/api/families/{familyId}/claims" },
        { "get", "/api/families/{familyId}/members/{memberId}" },
        { "put", "/api/families/{familyId}/members/{memberId}/statutory-periods" },
        { "get", "/api/families/{familyId}/members/{memberId}/caps" },
        { "get", "/api/families/{familyId}/members/{memberId}/audit" },
        { "get", "/api/families/{familyId}/members/{memberId}/claims" },
        { "post", "/api/claims" },
        { "get", "/api/claims/{memberId}/{invoiceReference}" },
        { "post", "/api/claims/{memberId}/{invoiceReference}/documents" },
        { "post", "/api/claims/{memberId}/{invoiceReference}/resolution" },
        { "post", "/api/claims/{memberId}/{invoiceReference}/reversal" },
        { "get", "/api/claims/pended" },
        { "post", "/api/estimates" },
        { "get", "/api/catalogue/editions" },
        { "get", "/api/catalogue/editions/{edition}" },
        { "get", "/api/processing-times" },
        { "put", "/api/processing-times" },
    };

    [Theory]
    [MemberData(nameof(ContractRoutes))]
    public async Task OpenApiDocument_DescribesTheContractRoute(string method, string path)
    {
        var document = await host.CreateClient().GetJsonAsync("/openapi/v1.json");

        Assert.NotNull(document["paths"]?[path]?[method]);
    }

    [Fact]
    public async Task OpenApiDocument_DeclaresBearerTokens_AndEnumsAsTheirJsonNames()
    {
        var document = await host.CreateClient().GetJsonAsync("/openapi/v1.json");

        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"].Text());
        Assert.Equal(["RC", "RC+PP", "RC+PP+DO"], document["components"]!["schemas"]!["CoverageLevel"]!["enum"]!.AsArray().Select(v => v.Text()));
        Assert.Equal(["post", "app"], document["components"]!["schemas"]!["Channel"]!["enum"]!.AsArray().Select(v => v.Text()));
        Assert.Null(document["paths"]!["/dashboard"]);
    }

    [Fact]
    public async Task Scalar_ServesTheBrowsablePage()
    {
        var response = await host.CreateClient().GetAsync("/scalar/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Metrics_CountDecisionsByOutcome_TimeThem_AndCountLiveConnections()
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-METRICS", Implants()))).JsonAsync(HttpStatusCode.Created);
        var metrics = host.Services.GetRequiredService<CmcmMetrics>();
        metrics.IncrementLiveConnections();
        metrics.DecrementLiveConnections();

        var text = await host.CreateClient().GetStringAsync("/metrics");

        Assert.Contains("cmcm_claims_decided_total{otel_scope_name=\"CmcmActors\",outcome=\"approved\"}", text, StringComparison.Ordinal);
        Assert.Contains("cmcm_claims_decision_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("cmcm_live_connections", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_OpenedWithAnAdminsTokenInTheAddress_KeepsItInACookieForItsOwnRequests()
    {
        var token = host.TokenFor(TestUser.Admin);
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = host.BaseAddress };

        var page = await browser.GetAsync($"/dashboard/?access_token={token}");
        var stats = await browser.GetAsync("/dashboard/ClusterStats");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (page.StatusCode, stats.StatusCode));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/dashboard/ClusterStats")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_WithAFrontDeskTokenInTheAddress_403AndNoCookie()
    {
        var token = host.TokenFor(TestUser.FrontDesk);
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = host.BaseAddress };

        var page = await browser.GetAsync($"/dashboard/?access_token={token}");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Empty(handler.CookieContainer.GetCookies(host.BaseAddress));
    }

    [Fact]
    public async Task DevTokens_MintAMainAffiliatesToken_ThatSeesTheFamily()
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();

        var minted = await (await host.CreateClient().PostAsJsonAsync("/dev/tokens", new { role = "member", memberId, familyId, mainAffiliate = true })).JsonAsync(HttpStatusCode.OK);
        using var member = host.CreateClient();
        member.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", minted["token"].Text());

        Assert.Equal(familyId, (await member.GetJsonAsync($"/api/families/{familyId}"))["familyId"].Text());
    }

    [Fact]
    public async Task StorageDown_OnARead_503WithRetryAfter()
    {
        var response = await host.CreateClient(TestUser.FrontDesk).GetAsync($"/api/families/F-{StorageFaults.Marker}-1");

        await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task StorageDown_OnACommand_503WithRetryAfter()
    {
        var response = await host.CreateClient(TestUser.FrontDesk).PostJsonAsync($"/api/families/F-{StorageFaults.Marker}-2/payments", new { year = 2026, amount = 95m, paidOn = "2026-01-10" });

        await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task UnknownApiRoute_404ProblemNamingThePath()
    {
        await (await host.CreateClient(TestUser.FrontDesk).GetAsync("/api/nothing-here")).ProblemAsync(HttpStatusCode.NotFound, "path");
    }

    [Fact]
    public async Task Health_IsAnonymous()
    {
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/health/live")).StatusCode);
    }
}
