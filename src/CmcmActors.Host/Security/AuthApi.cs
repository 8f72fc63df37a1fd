using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Security;

/// <summary>
/// What the pages need to sign in: GET /api/auth/config (public: the provider's address, the pages' client id and
/// scopes, nothing secret) and GET /api/auth/me (who the token is, as the host understands it after the claim mapping:
/// the pages show it and take the member and family from it, never from the provider's own claim names).
/// </summary>
public static class AuthApi
{
    [Description("How the pages sign in. mode: oidc (authorisation code with PKCE at authority), development (POST /dev/tokens), or token (a token pasted by hand).")]
    public sealed record AuthConfigResponse(string Mode, string? Authority, string? ClientId, string? Scopes, string? Resource, bool DevTokens);

    [Description("The signed-in user as the host sees the token: subject, display name, CMCM roles and, for a member, the member and family the token is bound to.")]
    public sealed record SignedInUserResponse(string Subject, string Name, string Role, IReadOnlyList<string> Roles, string? MemberId, string? FamilyId,
        bool MainAffiliate, string Issuer, DateTimeOffset? ExpiresAt);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in");
        auth.MapGet("/config", Config).WithName("GetAuthConfig").AllowAnonymous()
            .WithSummary("How the pages sign in: the identity provider's address, the pages' client id and scopes (public, nothing secret).")
            // Like every /api request: headers over the API's limits are refused before the handler (RequestHeaderLimits).
            .ProducesProblem(StatusCodes.Status431RequestHeaderFieldsTooLarge);
        auth.MapGet("/me", Me).WithName("GetSignedInUser").RequireAuthorization(CmcmRoles.AnyUserPolicy)
            .WithSummary("Who the token is: subject, name, roles, and for a member the member and family it is bound to.");
        return app;
    }

    private static Ok<AuthConfigResponse> Config(OidcOptions oidc, IWebHostEnvironment environment)
    {
        var development = environment.IsDevelopment();
        return TypedResults.Ok(oidc.Enabled
            ? new AuthConfigResponse("oidc", AuthorityOf(oidc), oidc.ClientId, oidc.Scopes, string.IsNullOrWhiteSpace(oidc.Resource) ? null : oidc.Resource, development)
            : new AuthConfigResponse(development ? "development" : "token", null, null, null, null, development));
    }

    /// <summary>The address the pages' client library discovers the provider at (Authority, or the metadata address's base).</summary>
    public static string? AuthorityOf(OidcOptions oidc)
    {
        if (!string.IsNullOrWhiteSpace(oidc.Authority))
        {
            return oidc.Authority.TrimEnd('/');
        }

        const string wellKnown = "/.well-known/openid-configuration";
        var metadata = oidc.MetadataAddress;
        return metadata?.EndsWith(wellKnown, StringComparison.Ordinal) == true ? metadata[..^wellKnown.Length] : metadata;
    }

    private static Ok<SignedInUserResponse> Me(ClaimsPrincipal user)
    {
        var roles = user.FindAll("role").Select(c => c.Value).ToList();
        // The role the pages act as when the token has several: the one that sees most (a clerk who also runs payments
        // works the desk as a clerk).
        var role = new[] { CmcmRoles.Admin, CmcmRoles.FrontDesk, CmcmRoles.Finance, CmcmRoles.Member }.First(roles.Contains);
        var subject = user.FindFirstValue("sub") ?? "";
        DateTimeOffset? expires = long.TryParse(user.FindFirstValue("exp"), out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;
        return TypedResults.Ok(new SignedInUserResponse(subject, user.FindFirstValue("name") ?? subject, role, roles,
            user.BoundMemberId(), user.BoundFamilyId(), user.IsMainAffiliate(), user.FindFirstValue("iss") ?? "", expires));
    }
}
