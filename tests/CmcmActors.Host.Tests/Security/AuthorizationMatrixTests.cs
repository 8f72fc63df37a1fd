using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Security;

/// <summary>
/// Who may call what, against one's own ids and another family's: staff see everything; a main affiliate sees the
/// family; a co-affiliate sees only himself or herself; nobody sees another family (403); no token is 401. Requests
/// that pass the access check but carry a deliberately incomplete body answer 400, proving they got past it without
/// changing anything.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AuthorizationMatrixTests(HostFixture host)
{
    private static readonly SemaphoreSlim Setup = new(1, 1);
    private static World? _world;

    public static TheoryData<string, string, string, string, int> Matrix => new()
    {
        // method, path, body, role, expected status
        { "GET", "/api/families/{A}", "", "frontdesk", 200 },
        { "GET", "/api/families/{A}", "", "admin", 200 },
        { "GET", "/api/families/{A}", "", "mainA", 200 },
        { "GET", "/api/families/{A}", "", "spouseA", 403 },
        { "GET", "/api/families/{A}", "", "mainB", 403 },
        { "GET", "/api/families/{A}", "", "anonymous", 401 },
        { "GET", "/api/families/{B}", "", "mainA", 403 },
        { "GET", "/api/families/{A}/claims", "", "frontdesk", 200 },
        { "GET", "/api/families/{A}/claims", "", "mainA", 200 },
        { "GET", "/api/families/{A}/claims", "", "spouseA", 403 },
        { "GET", "/api/families/{A}/claims", "", "mainB", 403 },
        { "GET", "/api/families/{A}/claims", "", "anonymous", 401 },
        { "GET", "/api/families/{A}/members/{spouseA}", "", "frontdesk", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}", "", "admin", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}", "", "mainA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}", "", "spouseA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}", "", "mainB", 403 },
        { "GET", "/api/families/{A}/members/{spouseA}", "", "anonymous", 401 },
        { "GET", "/api/families/{A}/members/{mainA}", "", "spouseA", 403 },
        { "GET", "/api/families/{A}/members/{mainA}", "", "mainA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}/caps", "", "spouseA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}/caps", "", "mainA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}/caps", "", "mainB", 403 },
        { "GET", "/api/families/{A}/members/{spouseA}/caps", "", "anonymous", 401 },
        { "GET", "/api/families/{A}/members/{mainA}/caps", "", "spouseA", 403 },
        { "GET", "/api/families/{A}/members/{spouseA}/audit", "", "spouseA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}/audit", "", "mainB", 403 },
        { "GET", "/api/families/{A}/members/{spouseA}/tax-certificate?year=2026", "", "frontdesk", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}/tax-certificate?year=2026", "", "mainA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}/tax-certificate?year=2026", "", "spouseA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}/tax-certificate?year=2026", "", "mainB", 403 },
        { "GET", "/api/families/{A}/members/{spouseA}/tax-certificate?year=2026", "", "anonymous", 401 },
        { "GET", "/api/families/{A}/members/{mainA}/tax-certificate?year=2026", "", "spouseA", 403 },
        { "GET", "/api/claims/{spouseA}/{claimA}/statement", "", "frontdesk", 409 },
        { "GET", "/api/claims/{spouseA}/{claimA}/statement", "", "mainA", 409 },
        { "GET", "/api/claims/{spouseA}/{claimA}/statement", "", "spouseA", 409 },
        { "GET", "/api/claims/{spouseA}/{claimA}/statement", "", "mainB", 403 },
        { "GET", "/api/claims/{spouseA}/{claimA}/statement", "", "anonymous", 401 },
        { "GET", "/api/families/{A}/members/{spouseA}/claims", "", "spouseA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}/claims", "", "mainA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}/claims", "", "mainB", 403 },
        { "GET", "/api/families/{A}/members/{mainA}/claims", "", "spouseA", 403 },
        { "GET", "/api/claims/{spouseA}/{claimA}", "", "frontdesk", 200 },
        { "GET", "/api/claims/{spouseA}/{claimA}", "", "admin", 200 },
        { "GET", "/api/claims/{spouseA}/{claimA}", "", "mainA", 200 },
        { "GET", "/api/claims/{spouseA}/{claimA}", "", "spouseA", 200 },
        { "GET", "/api/claims/{spouseA}/{claimA}", "", "mainB", 403 },
        { "GET", "/api/claims/{spouseA}/{claimA}", "", "anonymous", 401 },
        { "GET", "/api/claims/pended", "", "frontdesk", 200 },
        { "GET", "/api/claims/pended", "", "admin", 200 },
        { "GET", "/api/claims/pended", "", "mainA", 403 },
        { "GET", "/api/claims/pended", "", "spouseA", 403 },
        { "GET", "/api/claims/pended", "", "anonymous", 401 },
        { "GET", "/api/audit/members/{spouseA}", "", "frontdesk", 200 },
        { "GET", "/api/audit/members/{spouseA}", "", "admin", 200 },
        { "GET", "/api/audit/members/{spouseA}", "", "mainA", 403 },
        { "GET", "/api/audit/members/{spouseA}", "", "spouseA", 403 },
        { "GET", "/api/audit/members/{spouseA}", "", "anonymous", 401 },
        { "GET", "/api/audit/families/{A}", "", "frontdesk", 200 },
        { "GET", "/api/audit/families/{A}", "", "admin", 200 },
        { "GET", "/api/audit/families/{A}", "", "mainA", 403 },
        { "GET", "/api/audit/families/{A}", "", "mainB", 403 },
        { "GET", "/api/audit/families/{A}", "", "anonymous", 401 },
        { "GET", "/api/audit/reads", "", "admin", 200 },
        { "GET", "/api/audit/reads", "", "frontdesk", 403 },
        { "GET", "/api/audit/reads", "", "mainA", 403 },
        { "GET", "/api/audit/reads", "", "spouseA", 403 },
        { "GET", "/api/audit/reads", "", "anonymous", 401 },
        { "POST", "/api/claims", "{\"familyId\":\"{A}\",\"memberId\":\"{spouseA}\",\"invoiceReference\":\"X\",\"channel\":\"app\",\"lines\":[]}", "frontdesk", 400 },
        { "POST", "/api/claims", "{\"familyId\":\"{A}\",\"memberId\":\"{spouseA}\",\"invoiceReference\":\"X\",\"channel\":\"app\",\"lines\":[]}", "mainA", 400 },
        { "POST", "/api/claims", "{\"familyId\":\"{A}\",\"memberId\":\"{spouseA}\",\"invoiceReference\":\"X\",\"channel\":\"app\",\"lines\":[]}", "spouseA", 400 },
        { "POST", "/api/claims", "{\"familyId\":\"{A}\",\"memberId\":\"{spouseA}\",\"invoiceReference\":\"X\",\"channel\":\"app\",\"lines\":[]}", "mainB", 403 },
        { "POST", "/api/claims", "{\"familyId\":\"{A}\",\"memberId\":\"{spouseA}\",\"invoiceReference\":\"X\",\"channel\":\"app\",\"lines\":[]}", "anonymous", 401 },
        { "POST", "/api/claims", "{\"familyId\":\"{A}\",\"memberId\":\"{mainA}\",\"invoiceReference\":\"X\",\"channel\":\"app\",\"lines\":[]}", "spouseA", 403 },
        { "POST", "/api/estimates", "{\"familyId\":\"{A}\",\"memberId\":\"{spouseA}\",\"lines\":[" + Frames + "]}", "frontdesk", 200 },
        { "POST", "/api/estimates", "{\"familyId\":\"{A}\",\"memberId\":\"{spouseA}\",\"lines\":[" + Frames + "]}", "mainA", 200 },
        { "POST", "/api/estimates", "{\"familyId\":\"{A}\",\"memberId\":\"{spouseA}\",\"lines\":[" + Frames + "]}", "spouseA", 200 },
        { "POST", "/api/estimates", "{\"familyId\":\"{A}\",\"memberId\":\"{spouseA}\",\"lines\":[" + Frames + "]}", "mainB", 403 },
        { "POST", "/api/estimates", "{\"familyId\":\"{A}\",\"memberId\":\"{spouseA}\",\"lines\":[" + Frames + "]}", "anonymous", 401 },
        { "POST", "/api/estimates", "{\"familyId\":\"{A}\",\"memberId\":\"{mainA}\",\"lines\":[" + Frames + "]}", "spouseA", 403 },
        { "POST", "/api/claims/{spouseA}/{claimA}/documents", "{}", "frontdesk", 400 },
        { "POST", "/api/claims/{spouseA}/{claimA}/documents", "{}", "spouseA", 400 },
        { "POST", "/api/claims/{spouseA}/{claimA}/documents", "{}", "mainA", 403 },
        { "POST", "/api/claims/{spouseA}/{claimA}/documents", "{}", "mainB", 403 },
        { "POST", "/api/claims/{spouseA}/{claimA}/documents", "{}", "anonymous", 401 },
        { "POST", "/api/claims/{spouseA}/{claimA}/resolution", "{}", "frontdesk", 400 },
        { "POST", "/api/claims/{spouseA}/{claimA}/resolution", "{}", "spouseA", 403 },
        { "POST", "/api/claims/{spouseA}/{claimA}/resolution", "{}", "anonymous", 401 },
        { "POST", "/api/claims/{spouseA}/{claimA}/reversal", "{}", "admin", 400 },
        { "POST", "/api/claims/{spouseA}/{claimA}/reversal", "{}", "mainA", 403 },
        { "POST", "/api/families", "{}", "frontdesk", 400 },
        { "POST", "/api/families", "{}", "admin", 400 },
        { "POST", "/api/families", "{}", "mainA", 403 },
        { "POST", "/api/families", "{}", "anonymous", 401 },
        { "POST", "/api/families/{A}/payments", "{}", "frontdesk", 400 },
        { "POST", "/api/families/{A}/payments", "{}", "mainA", 403 },
        { "POST", "/api/families/{A}/level", "{}", "mainA", 403 },
        { "POST", "/api/families/{A}/members", "{}", "mainA", 403 },
        { "POST", "/api/families/{A}/members/{spouseA}/removal", "{}", "mainA", 403 },
        { "POST", "/api/families/{A}/resignation", "{}", "mainA", 403 },
        { "POST", "/api/families/{A}/readmission", "{}", "mainA", 403 },
        { "PUT", "/api/families/{A}/members/{spouseA}/statutory-periods", "{}", "frontdesk", 400 },
        { "PUT", "/api/families/{A}/members/{spouseA}/statutory-periods", "{}", "spouseA", 403 },
        { "GET", "/api/catalogue/editions", "", "frontdesk", 200 },
        { "GET", "/api/catalogue/editions", "", "spouseA", 200 },
        { "GET", "/api/catalogue/editions", "", "mainB", 200 },
        { "GET", "/api/catalogue/editions", "", "anonymous", 401 },
        { "GET", "/api/catalogue/editions/2026-07", "", "spouseA", 200 },
        { "GET", "/api/catalogue/editions/2026-07", "", "anonymous", 401 },
        { "GET", "/api/processing-times", "", "spouseA", 200 },
        { "GET", "/api/processing-times", "", "anonymous", 401 },
        { "PUT", "/api/processing-times", "[]", "admin", 400 },
        { "PUT", "/api/processing-times", "[]", "frontdesk", 403 },
        { "PUT", "/api/processing-times", "[]", "mainA", 403 },
        { "PUT", "/api/processing-times", "[]", "anonymous", 401 },
        { "GET", "/api/families/{A}/members/{spouseA}/bank-accounts", "", "spouseA", 200 },
        { "GET", "/api/families/{A}/members/{spouseA}/bank-accounts", "", "mainA", 200 },
        { "GET", "/api/families/{A}/members/{mainA}/bank-accounts", "", "spouseA", 403 },
        { "GET", "/api/families/{A}/members/{spouseA}/bank-accounts", "", "mainB", 403 },
        { "POST", "/api/families/{A}/members/{spouseA}/bank-accounts", "{}", "spouseA", 400 },
        { "POST", "/api/families/{A}/members/{mainA}/bank-accounts", "{}", "spouseA", 403 },
        { "GET", "/api/bank-accounts/pending", "", "frontdesk", 200 },
        { "GET", "/api/bank-accounts/pending", "", "mainA", 403 },
        { "POST", "/api/bank-accounts/BA-none/confirmation", "", "admin", 404 },
        { "POST", "/api/bank-accounts/BA-none/confirmation", "", "mainA", 403 },
        { "POST", "/api/bank-accounts/BA-none/confirmation", "", "anonymous", 401 },
        { "GET", "/api/providers", "", "frontdesk", 200 },
        { "GET", "/api/providers", "", "mainA", 403 },
        { "POST", "/api/providers", "{}", "admin", 400 },
        { "POST", "/api/providers", "{}", "frontdesk", 403 },
        { "GET", "/dashboard/", "", "admin", 200 },
        { "GET", "/dashboard/", "", "frontdesk", 403 },
        { "GET", "/dashboard/", "", "mainA", 403 },
        { "GET", "/dashboard/", "", "anonymous", 401 },
    };

    private const string Frames = "{\"benefitCode\":\"DO.OPTIC.FRAMES\",\"dateOfCare\":\"" + Care + "\",\"invoiced\":25,\"statutoryReimbursement\":0}";

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Route_Role_Status(string method, string path, string body, string role, int expected)
    {
        var world = await WorldAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), world.Fill(path));
        if (body.Length > 0)
        {
            request.Content = new StringContent(world.Fill(body), System.Text.Encoding.UTF8, "application/json");
        }

        var response = await host.CreateClient(world.User(role)).SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"{method} {path} as {role}: expected {expected}, got {(int)response.StatusCode}: {text}");
        if (expected >= 400 && path.StartsWith("/api", StringComparison.Ordinal))
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ForeignFamily_403IsAProblemThatSaysSo()
    {
        var world = await WorldAsync();

        var problem = await (await host.CreateClient(world.User("mainB")).GetAsync($"/api/families/{world.A}")).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal($"This token does not give access to family {world.A}.", problem["detail"].Text());
    }

    [Fact]
    public async Task NoToken_401IsAProblemNamingTheAuthorizationHeader()
    {
        await (await host.CreateClient().GetAsync("/api/catalogue/editions")).ProblemAsync(HttpStatusCode.Unauthorized, "Authorization");
    }

    [Fact]
    public async Task ForgedToken_401()
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYWRtaW4ifQ.c2lnbmF0dXJl");

        await (await client.GetAsync("/api/catalogue/editions")).ProblemAsync(HttpStatusCode.Unauthorized, "Authorization");
    }

    private async Task<World> WorldAsync()
    {
        await Setup.WaitAsync();
        try
        {
            if (_world is null || _world.Host != host)
            {
                var staff = host.CreateClient(TestUser.FrontDesk);
                var (a, mainA) = await staff.EnrolledFamilyAsync();
                var spouseA = await staff.CoAffiliateAsync(a, "spouseOrPartner", "1982-02-02");
                var (b, mainB) = await staff.EnrolledFamilyAsync();
                await (await staff.PostJsonAsync("/api/claims", ClaimBody(a, spouseA, "CLAIM-A", TripCancellationWithoutRefundDecision("T-A")))).JsonAsync(HttpStatusCode.Created);
                _world = new World(host, a, mainA, spouseA, b, mainB, "CLAIM-A");
            }

            return _world;
        }
        finally
        {
            Setup.Release();
        }
    }

    /// <summary>Family A (main affiliate, adult spouse with a pended claim) and family B (main affiliate).</summary>
    private sealed record World(HostFixture Host, string A, string MainA, string SpouseA, string B, string MainB, string ClaimA)
    {
        public string Fill(string template) => template
            .Replace("{A}", A, StringComparison.Ordinal).Replace("{B}", B, StringComparison.Ordinal)
            .Replace("{mainA}", MainA, StringComparison.Ordinal).Replace("{spouseA}", SpouseA, StringComparison.Ordinal)
            .Replace("{mainB}", MainB, StringComparison.Ordinal).Replace("{claimA}", ClaimA, StringComparison.Ordinal);

        public TestUser? User(string role) => role switch
        {
            "frontdesk" => TestUser.FrontDesk,
            "admin" => TestUser.Admin,
            "mainA" => TestUser.Member(A, MainA, mainAffiliate: true),
            "spouseA" => TestUser.Member(A, SpouseA),
            "mainB" => TestUser.Member(B, MainB, mainAffiliate: true),
            "anonymous" => null,
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
        };
    }
}
