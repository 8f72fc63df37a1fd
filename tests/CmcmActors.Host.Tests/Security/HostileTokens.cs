using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using CmcmActors.Host.Security;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace CmcmActors.Host.Tests.Security;

/// <summary>
/// Tokens a hostile client might send: expired, signed with another key, unsigned (alg none), of another issuer, of a
/// role that does not exist; and the request of a <see cref="HostileCase"/> carrying one of them.
/// </summary>
public static class HostileTokens
{
    public const string ForgedKey = "not-the-hosts-key-but-long-enough-0123456789";

    public static HttpRequestMessage Request(HostFixture host, HostileCase row, HostileWorld world)
    {
        var path = world.Fill(row.Path);
        if (row.Token == "query")
        {
            path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "access_token=" + host.TokenFor(TestUser.FrontDesk);
        }

        var request = new HttpRequestMessage(new HttpMethod(row.Method), path) { Content = row.Body(world) };
        request.Headers.Authorization = row.Token switch
        {
            "none" or "query" => null,
            "basic" => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:admin"))),
            "garbage" => new AuthenticationHeaderValue("Bearer", "'; DROP TABLE orleansstorage;--"),
            _ => new AuthenticationHeaderValue("Bearer", Token(host, row.Token, world)),
        };
        return request;
    }

    public static string Token(HostFixture host, string kind, HostileWorld world)
    {
        var options = host.Services.GetRequiredService<JwtOptions>();
        var now = DateTime.UtcNow;
        return kind switch
        {
            "frontdesk" => host.TokenFor(TestUser.FrontDesk),
            "admin" => host.TokenFor(TestUser.Admin),
            "mainH" => host.TokenFor(TestUser.Member(world.H, world.MainH, mainAffiliate: true)),
            "unknown-role" => host.TokenFor(new TestUser("superuser")),
            "expired" => Signed(options.Issuer, options.Audience, options.SigningKey!, CmcmRoles.FrontDesk, now.AddHours(-2), now.AddHours(-1)),
            "forged-key" => Signed(options.Issuer, options.Audience, ForgedKey, CmcmRoles.Admin, now.AddMinutes(-1), now.AddHours(1)),
            "wrong-issuer" => Signed("someone-else", options.Audience, options.SigningKey!, CmcmRoles.FrontDesk, now.AddMinutes(-1), now.AddHours(1)),
            "alg-none" => Unsigned(options.Issuer, options.Audience, CmcmRoles.Admin, now),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown token kind."),
        };
    }

    private static string Signed(string issuer, string audience, string key, string role, DateTime notBefore, DateTime expires) =>
        new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(issuer, audience, [new Claim("sub", "intruder"), new Claim("role", role)], notBefore, expires,
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256)));

    private static string Unsigned(string issuer, string audience, string role, DateTime now)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var seconds = new DateTimeOffset(now).ToUnixTimeSeconds();
        return Part("""{"alg":"none","typ":"JWT"}""") + "."
            + Part($$"""{"sub":"intruder","role":"{{role}}","iss":"{{issuer}}","aud":"{{audience}}","nbf":{{seconds - 60}},"exp":{{seconds + 3600}}}""") + ".";
    }
}
