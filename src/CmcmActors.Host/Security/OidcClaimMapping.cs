using System.Security.Claims;
using System.Text.Json;

namespace CmcmActors.Host.Security;

/// <summary>
/// From a provider's validated access token to the CMCM's identity: the subject, a display name, the CMCM roles the
/// provider's role values mean (<see cref="OidcOptions.RoleMap"/>), and for a member the member and family the token is
/// bound to. The rest of the host reads only these claims, whoever issued the token. A token that gives no CMCM role is
/// a person the provider knows and the CMCM does not: signed in, allowed nothing (403). A member role without both ids
/// is refused (401): it would otherwise reach the API with less than the rules need.
/// </summary>
public static class OidcClaimMapping
{
    public const string AuthenticationType = "oidc";

    public static (ClaimsIdentity? Identity, string? Refusal) Map(IReadOnlyCollection<Claim> claims, OidcOptions options)
    {
        var subject = First(claims, "sub");
        if (string.IsNullOrWhiteSpace(subject))
        {
            return (null, "The token has no subject (sub).");
        }

        var roles = RoleValues(claims, options.RolesClaim)
            .Select(value => options.RoleMap.Count == 0 ? value : options.RoleMap.GetValueOrDefault(value))
            .Where(role => role is CmcmRoles.Member or CmcmRoles.FrontDesk or CmcmRoles.Finance or CmcmRoles.Admin)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var name = First(claims, options.NameClaim) ?? First(claims, "preferred_username") ?? subject;
        var identity = new ClaimsIdentity(AuthenticationType, "sub", "role");
        identity.AddClaim(new Claim("sub", subject));
        identity.AddClaim(new Claim("name", name));
        identity.AddClaims(roles.Select(role => new Claim("role", role!)));
        foreach (var kept in new[] { "exp", "iss" })
        {
            if (First(claims, kept) is { } value)
            {
                identity.AddClaim(new Claim(kept, value));
            }
        }

        if (roles.Contains(CmcmRoles.Member))
        {
            var memberId = First(claims, options.MemberIdClaim);
            var familyId = First(claims, options.FamilyIdClaim);
            if (string.IsNullOrWhiteSpace(memberId) || string.IsNullOrWhiteSpace(familyId))
            {
                return (null, $"A member's token must carry {options.MemberIdClaim} and {options.FamilyIdClaim}.");
            }

            identity.AddClaim(new Claim(CmcmRoles.MemberIdClaim, memberId));
            identity.AddClaim(new Claim(CmcmRoles.FamilyIdClaim, familyId));
            var main = string.Equals(First(claims, options.MainAffiliateClaim), "true", StringComparison.OrdinalIgnoreCase);
            identity.AddClaim(new Claim(CmcmRoles.MainAffiliateClaim, main ? "true" : "false"));
        }

        return (identity, null);
    }

    private static string? First(IEnumerable<Claim> claims, string type) => claims.FirstOrDefault(c => c.Type == type)?.Value;

    /// <summary>
    /// The values of the roles claim: one claim per value (a JSON array in the token), a JSON array in one value, or with
    /// a dotted path (realm_access.roles) the array at that path inside a JSON object claim.
    /// </summary>
    private static IEnumerable<string> RoleValues(IReadOnlyCollection<Claim> claims, string rolesClaim)
    {
        var path = rolesClaim.Split('.');
        var direct = claims.Where(c => c.Type == rolesClaim).Select(c => c.Value).ToList();
        if (direct.Count > 0 || path.Length == 1)
        {
            return direct.SelectMany(ValuesOf);
        }

        return claims.Where(c => c.Type == path[0]).SelectMany(c => ValuesAt(c.Value, path[1..]));
    }

    private static IEnumerable<string> ValuesOf(string value)
    {
        var trimmed = value.TrimStart();
        return trimmed.StartsWith('[') ? ValuesAt(value, []) : [value];
    }

    private static List<string> ValuesAt(string json, string[] path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var element = document.RootElement;
            foreach (var segment in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
                {
                    return [];
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.Array => [.. element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
                JsonValueKind.String => [element.GetString()!],
                _ => [],
            };
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
