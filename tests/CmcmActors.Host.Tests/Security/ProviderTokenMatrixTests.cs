using CmcmActors.Host.Tests.Support;

namespace CmcmActors.Host.Tests.Security;

/// <summary>
/// The whole authorisation matrix (<see cref="AuthorizationMatrixCompletenessTests"/>: every route and every hub method,
/// every caller, the exact status and nothing of another family in the answer) again, on a host in Production whose
/// callers carry tokens the OpenID provider issued: its world (families, members, claims) is built with the provider's
/// desk token, and each caller is an account of the provider with the provider's role names, mapped by the host.
/// </summary>
[Collection(OidcHostCollection.Name)]
public sealed class ProviderTokenMatrixTests(OidcHostFixture fixture)
{
    [Theory]
    [MemberData(nameof(AuthorizationMatrixCompletenessTests.RowNames), MemberType = typeof(AuthorizationMatrixCompletenessTests))]
    public Task Route_EveryCallerWithAProviderToken_ExactStatus_AndNothingOfAFamilyItMayNotSee(string name) =>
        AuthorizationMatrixCompletenessTests.RouteRowAsync(fixture.Host, name);

    [Theory]
    [MemberData(nameof(AuthorizationMatrixCompletenessTests.HubRowNames), MemberType = typeof(AuthorizationMatrixCompletenessTests))]
    public Task HubMethod_EveryCallerWithAProviderToken_JoinedOrRefused(string name) =>
        AuthorizationMatrixCompletenessTests.HubRowAsync(fixture.Host, name);
}
