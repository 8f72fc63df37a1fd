using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CmcmActors.Host.Security;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CmcmActors.Host.Tests.Operations;

[Collection(HostCollection.Name)]
public sealed partial class SecurityHeadersTests(HostFixture host)
{
    private const string PagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; frame-src blob:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/member.html", HttpStatusCode.OK)]
    [InlineData("/js/desk.js", HttpStatusCode.OK)]
    [InlineData("/css/cmcm.css", HttpStatusCode.OK)]
    [InlineData("/no-such-page.html", HttpStatusCode.NotFound)]
    [InlineData("/api/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("/health/ready", HttpStatusCode.OK)]
    public async Task Response_OfPagesApiAndHealth_CarriesTheSecurityHeaders(string path, HttpStatusCode status)
    {
        var response = await host.CreateClient(TestUser.FrontDesk).GetAsync(path.TrimStart('/'));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal([PagePolicy], response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
    }

    [Fact]
    public async Task Response_OfTheDashboard_ForbidsFramingOnly_SinceItsPageHasInlineScript()
    {
        var response = await host.CreateClient(TestUser.Admin).GetAsync("dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["frame-ancestors 'none'"], response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public void Pages_HaveNoInlineScriptNorHandlerAttribute()
    {
        var pages = Directory.GetFiles(Repository.PathOf("src/CmcmActors.Host/wwwroot"), "*.html");

        Assert.Equal(["admin.html", "desk.html", "finance.html", "member.html"], pages.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var page in pages)
        {
            var html = File.ReadAllText(page);
            Assert.Empty(ScriptWithoutSource().Matches(html));
            Assert.Empty(HandlerAttribute().Matches(html));
            Assert.Empty(ScriptUrl().Matches(html));
        }
    }

    [Fact]
    public async Task ExpiredToken_InDevelopment_401SayingWhenItExpired()
    {
        var response = await ClientWithExpiredToken(host).GetAsync("api/catalogue/editions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\", error_description=\"The token expired at ", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    internal static HttpClient ClientWithExpiredToken(HostFixture host)
    {
        var yesterday = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-1));
        var token = new TokenIssuer(host.Services.GetRequiredService<JwtOptions>(), yesterday).Issue("frontdesk", CmcmRoles.FrontDesk);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptWithoutSource();

    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerAttribute();

    [GeneratedRegex(@"javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptUrl();
}

[Collection(ProductionHostCollection.Name)]
public sealed class ProductionSecurityTests(ProductionHostFixture fixture)
{
    [Fact]
    public async Task ExpiredToken_InProduction_401WithABareBearerChallenge()
    {
        var response = await SecurityHeadersTests.ClientWithExpiredToken(fixture.Host).GetAsync("api/catalogue/editions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Page_InProduction_CarriesTheContentSecurityPolicy()
    {
        var response = await fixture.Host.CreateClient().GetAsync("");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([SecurityHeaders.ContentSecurityPolicy], response.Headers.GetValues("Content-Security-Policy"));
    }
}
