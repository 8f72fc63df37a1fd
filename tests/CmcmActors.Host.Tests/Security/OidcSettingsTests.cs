using System.Security.Claims;
using CmcmActors.Host.Security;

namespace CmcmActors.Host.Tests.Security;

/// <summary>The provider's settings checked at start, and the mapping of its claims to the CMCM's (no host).</summary>
public sealed class OidcSettingsTests
{
    private static OidcOptions Valid() => new()
    {
        Authority = "https://login.example.lu/realms/cmcm",
        Audience = "cmcm-actors-api",
        ClientId = "cmcm-pages",
        RoleMap = new(StringComparer.Ordinal) { ["cmcm-desk"] = "frontdesk", ["cmcm-member"] = "member" },
    };

    [Fact]
    public void Settings_NoAuthority_NoProvider_NoProblem()
    {
        Assert.Empty(new OidcOptions().Problems());
        Assert.False(new OidcOptions().Enabled);
    }

    [Fact]
    public void Settings_Complete_NoProblem() => Assert.Empty(Valid().Problems());

    [Fact]
    public void Settings_HttpAuthority_RefusedUnlessHttpsMetadataIsOff()
    {
        var options = Valid();
        options.Authority = "http://login.example.lu/realms/cmcm";

        Assert.Equal(["Cmcm:Oidc:Authority is http: use https, or set Cmcm:Oidc:RequireHttpsMetadata to false for a provider on loopback."], options.Problems());
    }

    [Fact]
    public void Settings_HttpsMetadataOff_OnlyForLoopback()
    {
        var remote = Valid();
        remote.Authority = "http://login.example.lu/realms/cmcm";
        remote.RequireHttpsMetadata = false;
        var loopback = Valid();
        loopback.Authority = "http://127.0.0.1:5090";
        loopback.RequireHttpsMetadata = false;
        var localhost = Valid();
        localhost.Authority = "http://localhost:8080/realms/cmcm";
        localhost.RequireHttpsMetadata = false;

        Assert.Equal(["Cmcm:Oidc:RequireHttpsMetadata may be false only for a provider on loopback; 'login.example.lu' is not."], remote.Problems());
        Assert.Empty(loopback.Problems());
        Assert.Empty(localhost.Problems());
    }

    [Fact]
    public void Settings_MissingAudienceAndClientId_UnknownRole_EachNamed()
    {
        var options = Valid();
        options.Audience = "";
        options.ClientId = null;
        options.RoleMap["cmcm-root"] = "superuser";

        Assert.Equal(
        [
            "Cmcm:Oidc:Audience is required: the audience of the API's access tokens.",
            "Cmcm:Oidc:ClientId is required: the pages' public client at the provider.",
            "Cmcm:Oidc:RoleMap:cmcm-root is 'superuser'; it must be one of member, frontdesk, finance, admin.",
        ], options.Problems());
    }

    [Fact]
    public void Settings_AuthorityWithQuery_Refused()
    {
        var options = Valid();
        options.Authority = "https://login.example.lu/?tenant=x";

        Assert.Equal(["Cmcm:Oidc:Authority must be an absolute https URL without query or fragment, not 'https://login.example.lu/?tenant=x'."], options.Problems());
    }

    [Fact]
    public void Mapping_ProviderRoleNames_BecomeCmcmRoles_OthersDropped()
    {
        var options = Valid();
        options.RolesClaim = "groups";

        var (identity, refusal) = OidcClaimMapping.Map([new("sub", "u-17"), new("name", "Claire"), new("groups", "cmcm-desk"), new("groups", "staff-all")], options);

        Assert.Null(refusal);
        Assert.Equal(["frontdesk"], identity!.FindAll("role").Select(c => c.Value));
        Assert.Equal(("u-17", "Claire"), (identity.Name, identity.FindFirst("name")!.Value));
    }

    [Fact]
    public void Mapping_KeycloakRealmRoles_ReadThroughADottedPath()
    {
        var options = Valid();
        options.RolesClaim = "realm_access.roles";

        var (identity, _) = OidcClaimMapping.Map([new("sub", "u-1"), new("realm_access", """{"roles":["offline_access","cmcm-desk"]}""")], options);

        Assert.Equal(["frontdesk"], identity!.FindAll("role").Select(c => c.Value));
    }

    [Fact]
    public void Mapping_EmptyRoleMap_ProviderUsesTheCmcmNames()
    {
        var options = Valid();
        options.RoleMap.Clear();

        var (identity, _) = OidcClaimMapping.Map([new("sub", "u-1"), new("roles", "admin"), new("roles", "root")], options);

        Assert.Equal(["admin"], identity!.FindAll("role").Select(c => c.Value));
    }

    [Fact]
    public void Mapping_Member_BoundToTheConfiguredClaims()
    {
        var options = Valid();
        options.MemberIdClaim = "cmcm_member";
        options.FamilyIdClaim = "cmcm_family";
        options.MainAffiliateClaim = "cmcm_main";

        var (identity, _) = OidcClaimMapping.Map(
            [new("sub", "u-2"), new("roles", "cmcm-member"), new("cmcm_member", "M-1"), new("cmcm_family", "F-1"), new("cmcm_main", "true", ClaimValueTypes.Boolean)], options);

        var user = new ClaimsPrincipal(identity!);
        Assert.Equal(("M-1", "F-1", true), (user.BoundMemberId(), user.BoundFamilyId(), user.IsMainAffiliate()));
    }

    [Fact]
    public void Mapping_MemberWithoutFamily_Refused()
    {
        var (identity, refusal) = OidcClaimMapping.Map([new("sub", "u-3"), new("roles", "cmcm-member"), new("member_id", "M-1")], Valid());

        Assert.Null(identity);
        Assert.Equal("A member's token must carry member_id and family_id.", refusal);
    }

    [Fact]
    public void Mapping_NoCmcmRole_SignedInWithNoRole()
    {
        var (identity, refusal) = OidcClaimMapping.Map([new("sub", "u-4"), new("roles", "cmcm-auditor")], Valid());

        Assert.Null(refusal);
        Assert.Empty(identity!.FindAll("role"));
    }

    [Fact]
    public void Mapping_NoSubject_Refused()
    {
        var (identity, refusal) = OidcClaimMapping.Map([new("roles", "cmcm-desk")], Valid());

        Assert.Null(identity);
        Assert.Equal("The token has no subject (sub).", refusal);
    }
}
