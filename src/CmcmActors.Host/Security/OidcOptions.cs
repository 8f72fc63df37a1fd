using System.Net;

namespace CmcmActors.Host.Security;

/// <summary>
/// Section "Cmcm:Oidc": the OpenID Connect provider that signs people in (Keycloak, Entra ID, any certified provider).
/// The host validates the provider's JWT access tokens (keys from its JWKS, refreshed when it rotates them) and maps the
/// provider's claims to the CMCM's roles and to the member and family a member's token is bound to. Empty Authority and
/// MetadataAddress: no provider (tokens are the HMAC ones of <see cref="JwtOptions"/>). See docs/security.md.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Cmcm:Oidc";

    /// <summary>The provider's issuer URL (its discovery document is at Authority/.well-known/openid-configuration).</summary>
    public string? Authority { get; set; }

    /// <summary>The discovery document's URL, when it is not under Authority (rare); then Authority may stay empty.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The audience the API's access tokens carry (the API's client id or resource, e.g. api://cmcm-actors).</summary>
    public string? Audience { get; set; }

    /// <summary>HTTPS for the discovery document and the keys; false is allowed only for a provider on loopback (tests, a laptop).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The pages' client id at the provider (a public client: authorisation code with PKCE, no secret).</summary>
    public string? ClientId { get; set; }

    /// <summary>What the pages ask for, space separated; must get an access token for <see cref="Audience"/>.</summary>
    public string Scopes { get; set; } = "openid profile";

    /// <summary>Sent by the pages as the "resource" parameter (RFC 8707) when the provider picks the audience that way; empty for none.</summary>
    public string? Resource { get; set; }

    /// <summary>The claim of the access token holding its roles; a dotted path reads into a JSON object (Keycloak's realm_access.roles).</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>
    /// The provider's role values and the CMCM role each one means (member, frontdesk, finance, admin). Empty: the
    /// provider's values are the CMCM's names themselves. A value not in the map gives no role.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The claims holding a member's member id, family id and main-affiliate flag (true/false).</summary>
    public string MemberIdClaim { get; set; } = CmcmRoles.MemberIdClaim;

    public string FamilyIdClaim { get; set; } = CmcmRoles.FamilyIdClaim;

    public string MainAffiliateClaim { get; set; } = CmcmRoles.MainAffiliateClaim;

    /// <summary>The claim shown as the signed-in person's name (falls back to preferred_username, then the subject).</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>Tolerance for the clocks of the provider and the host.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the provider's keys are re-read even without an unknown key id (an unknown one triggers a re-read at once).</summary>
    public TimeSpan KeysRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(MetadataAddress);

    private static readonly string[] CmcmRoleNames = [CmcmRoles.Member, CmcmRoles.FrontDesk, CmcmRoles.Finance, CmcmRoles.Admin];

    /// <summary>What is wrong with the settings, one sentence each naming the key; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enabled)
        {
            return problems;
        }

        foreach (var (key, value) in new[] { (nameof(Authority), Authority), (nameof(MetadataAddress), MetadataAddress) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                problems.Add($"{Section}:{key} must be an absolute https URL without query or fragment, not '{value}'.");
            }
            else if (uri.Scheme == "http" && RequireHttpsMetadata)
            {
                problems.Add($"{Section}:{key} is http: use https, or set {Section}:RequireHttpsMetadata to false for a provider on loopback.");
            }
            else if (!RequireHttpsMetadata && !IsLoopback(uri))
            {
                problems.Add($"{Section}:RequireHttpsMetadata may be false only for a provider on loopback; '{uri.Host}' is not.");
            }
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            problems.Add($"{Section}:Audience is required: the audience of the API's access tokens.");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add($"{Section}:ClientId is required: the pages' public client at the provider.");
        }

        if (string.IsNullOrWhiteSpace(RolesClaim))
        {
            problems.Add($"{Section}:RolesClaim is required: the claim holding the user's roles.");
        }

        foreach (var (providerRole, role) in RoleMap)
        {
            if (!CmcmRoleNames.Contains(role, StringComparer.Ordinal))
            {
                problems.Add($"{Section}:RoleMap:{providerRole} is '{role}'; it must be one of {string.Join(", ", CmcmRoleNames)}.");
            }
        }

        foreach (var (key, value) in new[] { (nameof(MemberIdClaim), MemberIdClaim), (nameof(FamilyIdClaim), FamilyIdClaim), (nameof(MainAffiliateClaim), MainAffiliateClaim) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{Section}:{key} is required.");
            }
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{Section}:ClockSkew is between 00:00:00 and 00:05:00.");
        }

        if (KeysRefreshInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{Section}:KeysRefreshInterval is at least one second.");
        }

        return problems;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
