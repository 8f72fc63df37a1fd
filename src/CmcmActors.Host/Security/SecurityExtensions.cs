using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace CmcmActors.Host.Security;

public static class SecurityExtensions
{
    /// <summary>JWT bearer authentication (also from the access_token query string on the SignalR hub) and the role policies.</summary>
    public static WebApplicationBuilder AddCmcmSecurity(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            if (!builder.Environment.IsDevelopment())
            {
                throw new InvalidOperationException($"{JwtOptions.Section}:SigningKey is required outside Development (environment variable Cmcm__Jwt__SigningKey).");
            }

            options.SigningKey = JwtOptions.DevelopmentKey;
        }

        if (options.SigningKey.Length < 32)
        {
            throw new InvalidOperationException($"{JwtOptions.Section}:SigningKey must be at least 32 characters.");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            // "The token expired at ..." in WWW-Authenticate helps a developer and tells an attacker what the host checks.
            jwt.IncludeErrorDetails = builder.Environment.IsDevelopment();
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)),
                RoleClaimType = "role",
                NameClaimType = "sub",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            jwt.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSockets: the SignalR client sends the token in the query string.
                OnMessageReceived = context =>
                {
                    var token = context.Request.Query["access_token"];
                    if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CmcmRoles.StaffPolicy, p => p.RequireRole(CmcmRoles.FrontDesk, CmcmRoles.Admin))
            .AddPolicy(CmcmRoles.AdminPolicy, p => p.RequireRole(CmcmRoles.Admin))
            .AddPolicy(CmcmRoles.FinancePolicy, p => p.RequireRole(CmcmRoles.Finance, CmcmRoles.Admin))
            .AddPolicy(CmcmRoles.AnyUserPolicy, p => p.RequireRole(CmcmRoles.FrontDesk, CmcmRoles.Admin, CmcmRoles.Finance, CmcmRoles.Member));
        return builder;
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
