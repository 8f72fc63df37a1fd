using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using CmcmActors.Host.Security;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Security;

/// <summary>
/// A host in Production with a real OpenID provider (tests/oidc-provider): the provider's tokens sign people in, with
/// its role names mapped to the CMCM's; what is not exactly the provider's token for this API is refused with a bare
/// 401; and the CMCM's own HMAC tokens keep working beside it.
/// </summary>
[Collection(OidcHostCollection.Name)]
public sealed class OidcSignInTests(OidcHostFixture fixture)
{
    private HostFixture Host => fixture.Host;

    private OidcProvider Provider => fixture.Provider;

    [Fact]
    public async Task ProviderToken_Staff_SignedInWithTheMappedRoleAndName()
    {
        var me = await Host.CreateClient(TestUser.FrontDesk).GetJsonAsync("/api/auth/me");

        Assert.Equal("frontdesk.frontdesk", me["subject"].Text());
        Assert.Equal("Test frontdesk", me["name"].Text());
        Assert.Equal("frontdesk", me["role"].Text());
        Assert.Equal(Provider.Issuer, me["issuer"].Text());
        Assert.Null(me["memberId"]);
    }

    [Fact]
    public async Task ProviderToken_Member_BoundToTheMemberAndFamilyOfItsClaims_AndSeesOnlyThat()
    {
        var staff = Host.CreateClient(TestUser.FrontDesk);
        var (a, mainA) = await staff.EnrolledFamilyAsync();
        var (b, _) = await staff.EnrolledFamilyAsync();
        var member = Host.CreateClient(TestUser.Member(a, mainA, mainAffiliate: true));

        var me = await member.GetJsonAsync("/api/auth/me");
        var own = await member.GetAsync($"/api/families/{a}");
        var other = await member.GetAsync($"/api/families/{b}");

        Assert.Equal(("member", mainA, a, true), (me["role"].Text(), me["memberId"].Text(), me["familyId"].Text(), me["mainAffiliate"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal($"This token does not give access to family {b}.", (await other.ProblemAsync(HttpStatusCode.Forbidden))["detail"].Text());
    }

    [Fact]
    public async Task ExpiredProviderToken_401_WithABareChallengeInProduction()
    {
        var response = await SendAsync(Provider.Sign(Claims(expires: DateTimeOffset.UtcNow.AddMinutes(-5))));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ProviderToken_SignedWithAnotherKeyUnderTheProvidersKeyId_401()
    {
        var forger = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Provider.SigningKey.KeyId };

        var response = await SendAsync(Provider.Sign(Claims(), forger));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ProviderToken_SignedWithAKeyThatIsNotThePublishedOne_401()
    {
        var response = await SendAsync(Provider.Sign(Claims(), new RsaSecurityKey(RSA.Create(2048)) { KeyId = "another-key" }));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ProviderIssuedToken_ForAnotherAudience_401()
    {
        var token = await Provider.TokenForAsync(TestUser.Admin, OidcProvider.OtherAudience);

        var response = await SendAsync(token);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task TokenSignedWithTheProvidersKey_NamingAnotherIssuer_401()
    {
        var response = await SendAsync(Provider.Sign(Claims(issuer: "http://127.0.0.1:1")));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokenNamingTheProviderAsIssuer_SignedWithTheHmacKey_401()
    {
        var hmac = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(OidcHostFixture.SigningKey));
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = Claims(),
            SigningCredentials = new SigningCredentials(hmac, SecurityAlgorithms.HmacSha256),
        });

        await (await SendAsync(token)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ProviderToken_MemberRoleWithoutFamily_401()
    {
        var claims = Claims(role: "cmcm-member");
        claims["member_id"] = "M-NO-FAMILY";

        await (await SendAsync(Provider.Sign(claims))).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ProviderToken_WithARoleTheMapDoesNotKnow_SignedInButAllowedNothing_403()
    {
        var response = await SendAsync(Provider.Sign(Claims(role: "cmcm-auditor")));

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ProviderToken_FinanceAndDeskRoles_BothMapped_PagesActAsFrontDesk()
    {
        var claims = Claims();
        claims["cmcm_roles"] = new[] { "cmcm-finance", "cmcm-desk" };

        var me = await (await SendAsync(Provider.Sign(claims), "/api/auth/me")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("frontdesk", """["finance","frontdesk"]"""), (me["role"].Text(), me["roles"]!.ToJsonString()));
    }

    [Fact]
    public async Task HmacToken_StillAccepted_BesideTheProvider()
    {
        var token = Host.Services.GetRequiredService<TokenIssuer>().Issue("load-tool", CmcmRoles.FrontDesk);

        var me = await (await SendAsync(token, "/api/auth/me")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("load-tool", "frontdesk", "cmcm-actors"), (me["subject"].Text(), me["role"].Text(), me["issuer"].Text()));
    }

    [Fact]
    public async Task AuthConfig_Anonymous_GivesTheProviderClientIdScopesAndResource_NothingSecret()
    {
        var config = await Host.CreateClient().GetJsonAsync("/api/auth/config");

        Assert.Equal(
            """{"mode":"oidc","authority":"AUTHORITY","clientId":"cmcm-pages","scopes":"openid profile cmcm.api","resource":"urn:cmcm:actors-api","devTokens":false}"""
                .Replace("AUTHORITY", Provider.Issuer, StringComparison.Ordinal),
            config.ToJsonString());
    }

    [Fact]
    public async Task Pages_ContentSecurityPolicy_LetsThePagesReachTheProvider()
    {
        var response = await Host.CreateClient().GetAsync("desk.html");

        Assert.Equal([SecurityHeaders.ContentSecurityPolicy.Replace("connect-src 'self'", $"connect-src 'self' {Provider.Issuer}", StringComparison.Ordinal)],
            response.Headers.GetValues("Content-Security-Policy"));
    }

    private Dictionary<string, object> Claims(DateTimeOffset? expires = null, string? issuer = null, string role = "cmcm-admin")
    {
        var now = DateTimeOffset.UtcNow;
        var exp = expires ?? now.AddMinutes(10);
        return new Dictionary<string, object>
        {
            ["iss"] = issuer ?? Provider.Issuer,
            ["aud"] = OidcProvider.Audience,
            ["sub"] = "forged",
            ["iat"] = exp.AddMinutes(-10).ToUnixTimeSeconds(),
            ["nbf"] = exp.AddMinutes(-10).ToUnixTimeSeconds(),
            ["exp"] = exp.ToUnixTimeSeconds(),
            ["cmcm_roles"] = new[] { role },
        };
    }

    private Task<HttpResponseMessage> SendAsync(string token, string path = "/api/catalogue/editions")
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.GetAsync(path);
    }
}
