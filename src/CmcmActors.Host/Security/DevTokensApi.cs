namespace CmcmActors.Host.Security;

/// <summary>POST /dev/tokens: mints a token for local use. Mapped only in the Development environment.</summary>
public static class DevTokensApi
{
    public sealed record DevTokenRequest(string Role, string? MemberId, string? FamilyId, bool MainAffiliate = false, string? Subject = null);

    public sealed record DevTokenResponse(string Token, string Role, string? MemberId, string? FamilyId, bool MainAffiliate);

    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dev/tokens", (DevTokenRequest request, TokenIssuer issuer) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (request.Role is not (CmcmRoles.FrontDesk or CmcmRoles.Member or CmcmRoles.Admin or CmcmRoles.Finance))
            {
                errors["role"] = [$"role is {CmcmRoles.FrontDesk}, {CmcmRoles.Member}, {CmcmRoles.Finance} or {CmcmRoles.Admin}."];
            }

            if (request.Role == CmcmRoles.Member && (string.IsNullOrWhiteSpace(request.MemberId) || string.IsNullOrWhiteSpace(request.FamilyId)))
            {
                errors["memberId"] = ["A member's token is bound to a memberId and a familyId."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var subject = request.Subject ?? request.MemberId ?? request.Role;
            var token = issuer.Issue(subject, request.Role, request.MemberId, request.FamilyId, request.MainAffiliate);
            return Results.Ok(new DevTokenResponse(token, request.Role, request.MemberId, request.FamilyId, request.MainAffiliate));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
