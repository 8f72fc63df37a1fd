using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CmcmActors.Host.Security;

public static class SecurityExtensions
{
    /// <summary>The scheme that validates the CMCM's own HMAC tokens (dev tokens, the load tool, the tests).</summary>
    public const string HmacScheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The scheme that validates the identity provider's tokens (<see cref="OidcOptions"/>).</summary>
    public const string OidcScheme = "oidc";

    /// <summary>The default scheme: forwards each request to one of the two by its token's issuer.</summary>
    public const string SelectorScheme = "cmcm-bearer";

    /// <summary>
    /// Bearer authentication (also from the access_token query string on the SignalR hub) and the role policies. Two
    /// kinds of token: the identity provider's (Cmcm:Oidc), and the CMCM's own HMAC-signed ones (Cmcm:Jwt: Development's
    /// dev tokens, the load tool, the tests). A request goes to the HMAC scheme when its token names the HMAC issuer and a
    /// key is configured, otherwise to the provider's, which checks issuer, audience, lifetime and signature.
    /// </summary>
    public static WebApplicationBuilder AddCmcmSecurity(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var oidc = builder.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        if (oidc.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("The identity provider's settings cannot be used: " + string.Join(" ", problems));
        }

        var options = builder.Configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            if (!development && !oidc.Enabled)
            {
                throw new InvalidOperationException(
                    $"Outside Development the host needs an identity provider ({OidcOptions.Section}:Authority, see docs/security.md) or an HMAC key " +
                    $"({JwtOptions.Section}:SigningKey, environment variable Cmcm__Jwt__SigningKey).");
            }

            options.SigningKey = development ? JwtOptions.DevelopmentKey : null;
        }

        if (options.SigningKey is { Length: < 32 })
        {
            throw new InvalidOperationException($"{JwtOptions.Section}:SigningKey must be at least 32 characters.");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(oidc);
        builder.Services.AddSingleton<TokenIssuer>();
        var authentication = builder.Services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Bearer token", o => o.ForwardDefaultSelector = http => SchemeFor(http, options, oidc));
        authentication.AddJwtBearer(HmacScheme, jwt =>
        {
            jwt.MapInboundClaims = false;
            // "The token expired at ..." in WWW-Authenticate helps a developer and tells an attacker what the host checks.
            jwt.IncludeErrorDetails = development;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                // Without a key (outside Development with a provider only) nothing is forwarded here; a key of random bytes refuses anything that is.
                IssuerSigningKey = new SymmetricSecurityKey(options.SigningKey is { } key ? Encoding.UTF8.GetBytes(key) : System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)),
                RoleClaimType = "role",
                NameClaimType = "sub",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            jwt.Events = new JwtBearerEvents { OnMessageReceived = TokenFromHubQuery };
        });
        if (oidc.Enabled)
        {
            authentication.AddJwtBearer(OidcScheme, jwt => ConfigureProvider(jwt, oidc, development));
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CmcmRoles.StaffPolicy, p => p.RequireRole(CmcmRoles.FrontDesk, CmcmRoles.Admin))
            .AddPolicy(CmcmRoles.AdminPolicy, p => p.RequireRole(CmcmRoles.Admin))
            .AddPolicy(CmcmRoles.FinancePolicy, p => p.RequireRole(CmcmRoles.Finance, CmcmRoles.Admin))
            .AddPolicy(CmcmRoles.AnyUserPolicy, p => p.RequireRole(CmcmRoles.FrontDesk, CmcmRoles.Admin, CmcmRoles.Finance, CmcmRoles.Member));
        return builder;
    }

    private static void ConfigureProvider(JwtBearerOptions jwt, OidcOptions oidc, bool development)
    {
        if (!string.IsNullOrWhiteSpace(oidc.Authority))
        {
            jwt.Authority = oidc.Authority.TrimEnd('/');
        }

        if (!string.IsNullOrWhiteSpace(oidc.MetadataAddress))
        {
            jwt.MetadataAddress = oidc.MetadataAddress;
        }

        jwt.Audience = oidc.Audience;
        jwt.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.IncludeErrorDetails = development;
        // The keys come from the provider's JWKS through a ConfigurationManager: re-read every KeysRefreshInterval, and at
        // once (at most every 30 s) when a token names a key id it does not know, which is how a rotation shows.
        jwt.RefreshOnIssuerKeyNotFound = true;
        jwt.AutomaticRefreshInterval = oidc.KeysRefreshInterval;
        jwt.RefreshInterval = TimeSpan.FromSeconds(30);
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = oidc.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            RoleClaimType = "role",
            NameClaimType = "sub",
            ClockSkew = oidc.ClockSkew,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = TokenFromHubQuery,
            OnTokenValidated = context =>
            {
                var (identity, refusal) = OidcClaimMapping.Map([.. context.Principal!.Claims], oidc);
                if (identity is null)
                {
                    context.Fail(refusal!);
                }
                else
                {
                    context.Principal = new ClaimsPrincipal(identity);
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Browsers cannot set headers on WebSockets: the SignalR client sends the token in the query string.</summary>
    private static Task TokenFromHubQuery(MessageReceivedContext context)
    {
        var token = context.Request.Query["access_token"];
        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The scheme for this request's token: the HMAC one for a token of the HMAC issuer (when a key is configured), the
    /// provider's for any other token. Only the issuer is read here, unvalidated; the chosen scheme validates everything.
    /// </summary>
    private static string SchemeFor(HttpContext http, JwtOptions hmac, OidcOptions oidc)
    {
        if (!oidc.Enabled)
        {
            return HmacScheme;
        }

        if (hmac.SigningKey is null)
        {
            return OidcScheme;
        }

        var token = BearerToken(http);
        return token is not null && IssuerOf(token) is { } issuer && !string.Equals(issuer, hmac.Issuer, StringComparison.Ordinal) ? OidcScheme : HmacScheme;
    }

    /// <summary>The token as the schemes find it: the Authorization header, or (hub, dashboard) the access_token query or the dashboard's cookie.</summary>
    private static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (header.Length > 0)
        {
            return null;
        }

        var path = http.Request.Path;
        if (path.StartsWithSegments("/hubs") || path.StartsWithSegments(Metrics.ObservabilityExtensions.DashboardPath))
        {
            var query = http.Request.Query["access_token"].ToString();
            if (query.Length > 0)
            {
                return query;
            }
        }

        return path.StartsWithSegments(Metrics.ObservabilityExtensions.DashboardPath) ? http.Request.Cookies[Metrics.ObservabilityExtensions.DashboardCookie] : null;
    }

    private static string? IssuerOf(string token)
    {
        var handler = new JsonWebTokenHandler();
        if (token.Length > handler.MaximumTokenSizeInBytes || !handler.CanReadToken(token))
        {
            return null;
        }

        try
        {
            return handler.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>Mints tokens. Exposed over HTTP only in Development (POST /dev/tokens); elsewhere tokens come from the identity provider.</summary>
public sealed class TokenIssuer(JwtOptions options, TimeProvider clock)
{
    /// <param name="lifetime">How long the token is valid; <see cref="JwtOptions.Lifetime"/> when null.</param>
    public string Issue(string subject, string role, string? memberId = null, string? familyId = null, bool mainAffiliate = false, TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new("sub", subject), new("role", role) };
        if (memberId is not null)
        {
            claims.Add(new Claim(CmcmRoles.MemberIdClaim, memberId));
        }

        if (familyId is not null)
        {
            claims.Add(new Claim(CmcmRoles.FamilyIdClaim, familyId));
        }

        if (role == CmcmRoles.Member)
        {
            claims.Add(new Claim(CmcmRoles.MainAffiliateClaim, mainAffiliate ? "true" : "false"));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var token = new JwtSecurityToken(options.Issuer, options.Audience, claims, now, now + (lifetime ?? options.Lifetime),
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey!)), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
