using System.Net;
using System.Reflection;
using System.Text;
using CmcmActors.Host.Live;
using CmcmActors.Host.Security;
using CmcmActors.Host.Tests.Live;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Security;

/// <summary>
/// Every route of the running app and every method of the hub, for every kind of caller, against one's own ids,
/// another family's and ids nobody has: the exact status, and nothing of a family the caller may not see in the answer.
/// A route or hub method added without rows here fails <see cref="EveryRouteOfTheApp_HasRows_OrIsExcludedWithAReason"/>
/// or <see cref="EveryHubMethod_HasRows"/>.
/// <para>
/// Each row's grid gives the status for these callers, in this order: anonymous, frontdesk, admin, mainA (main affiliate
/// of family A), spouseA (co-affiliate of A: himself, the main affiliate, a sibling childA), mainB and spouseB (family B),
/// norole (a valid token with a role that does not exist). Ids are checked first (400), then access (403), then
/// existence (404): a member gets 403 for another family's ids whether they exist or not. Requests that pass the access
/// check carry a deliberately incomplete body where they would change something, and answer 400.
/// </para>
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AuthorizationMatrixCompletenessTests(HostFixture host)
{
    public static readonly string[] Callers = ["anonymous", "frontdesk", "admin", "mainA", "spouseA", "mainB", "spouseB", "norole"];

    private const string Incomplete = "{}";
    private const string NoLines = """{"familyId":"{F}","memberId":"{M}","invoiceReference":"INV-NEVER","channel":"app","lines":[]}""";
    private const string Frames = """{"familyId":"{F}","memberId":"{M}","lines":[{"benefitCode":"DO.OPTIC.FRAMES","dateOfCare":"2026-09-15","invoiced":25,"statutoryReimbursement":0}]}""";

    private static readonly SemaphoreSlim Setup = new(1, 1);
    private static readonly Dictionary<HostFixture, AuthWorld> Worlds = [];

    /// <summary>Family targets: ids in the path as {F}.</summary>
    private static readonly (string Target, string F, string Read)[] FamilyTargets =
    [
        ("family A", "{A}", "401 200 200 200 403 403 403 403"),
        ("family B", "{B}", "401 200 200 403 403 200 403 403"),
        ("unknown family", "{unknownFamily}", "401 404 404 403 403 403 403 403"),
    ];

    /// <summary>Member targets: {F} and {M}; the grid is for reading the member.</summary>
    private static readonly (string Target, string F, string M, string Read)[] MemberTargets =
    [
        ("mainA in A", "{A}", "{mainA}", "401 200 200 200 403 403 403 403"),
        ("spouseA in A", "{A}", "{spouseA}", "401 200 200 200 200 403 403 403"),
        ("childA in A", "{A}", "{childA}", "401 200 200 200 403 403 403 403"),
        ("mainB in B", "{B}", "{mainB}", "401 200 200 403 403 200 403 403"),
        ("spouseB in B", "{B}", "{spouseB}", "401 200 200 403 403 200 200 403"),
        ("mainB named under A", "{A}", "{mainB}", "401 404 404 404 403 403 403 403"),
        ("spouseA named under B", "{B}", "{spouseA}", "401 404 404 403 403 404 403 403"),
        ("unknown member of A", "{A}", "{unknownMember}", "401 404 404 404 403 403 403 403"),
        ("unknown member of an unknown family", "{unknownFamily}", "{unknownMember}", "401 404 404 403 403 403 403 403"),
    ];

    /// <summary>Claim targets: {M} and {I}; grids for reading and for adding documents ("{}").</summary>
    private static readonly (string Target, string M, string I, string Read, string Documents)[] ClaimTargets =
    [
        ("spouseA's pended claim", "{spouseA}", "{claimSpouseA}", "401 200 200 200 200 403 403 403", "401 400 400 403 400 403 403 403"),
        ("mainA's paid claim", "{mainA}", "{claimMainA}", "401 200 200 200 403 403 403 403", "401 400 400 400 403 403 403 403"),
        ("childA's paid claim", "{childA}", "{claimChildA}", "401 200 200 200 403 403 403 403", "401 400 400 403 403 403 403 403"),
        ("mainB's pended claim", "{mainB}", "{claimB}", "401 200 200 403 403 200 403 403", "401 400 400 403 403 400 403 403"),
        ("spouseA's unknown invoice", "{spouseA}", "{unknownInvoice}", "401 404 404 404 404 403 403 403", "401 404 404 404 404 403 403 403"),
        ("mainB's unknown invoice", "{mainB}", "{unknownInvoice}", "401 404 404 403 403 404 403 403", "401 404 404 403 403 404 403 403"),
        ("an unknown member's invoice", "{unknownMember}", "{unknownInvoice}", "401 404 404 403 403 403 403 403", "401 404 404 403 403 403 403 403"),
    ];

    /// <summary>Submitting and estimating: the member in the body as {F} and {M}.</summary>
    private static readonly (string Target, string F, string M, string Submit, string Estimate)[] BodyTargets =
    [
        ("mainA in A", "{A}", "{mainA}", "401 400 400 400 403 403 403 403", "401 200 200 200 403 403 403 403"),
        ("spouseA in A", "{A}", "{spouseA}", "401 400 400 400 400 403 403 403", "401 200 200 200 200 403 403 403"),
        ("childA in A", "{A}", "{childA}", "401 400 400 400 403 403 403 403", "401 200 200 200 403 403 403 403"),
        ("mainB in B", "{B}", "{mainB}", "401 400 400 403 403 400 403 403", "401 200 200 403 403 200 403 403"),
        ("spouseB in B", "{B}", "{spouseB}", "401 400 400 403 403 400 400 403", "401 200 200 403 403 200 200 403"),
        ("mainB named under A", "{A}", "{mainB}", "401 400 400 400 403 403 403 403", "401 404 404 404 403 403 403 403"),
        ("unknown member of an unknown family", "{unknownFamily}", "{unknownMember}", "401 400 400 403 403 403 403 403", "401 404 404 403 403 403 403 403"),
    ];

    /// <summary>FHIR searches by member ({M}): the grid for the member's Coverages and ExplanationOfBenefits.</summary>
    private static readonly (string Target, string M, string Read)[] SearchTargets =
    [
        ("mainA", "{mainA}", "401 200 200 200 403 403 403 403"),
        ("spouseA", "{spouseA}", "401 200 200 200 200 403 403 403"),
        ("childA", "{childA}", "401 200 200 200 403 403 403 403"),
        ("mainB", "{mainB}", "401 200 200 403 403 200 403 403"),
        ("spouseB", "{spouseB}", "401 200 200 403 403 200 200 403"),
        ("unknown member", "{unknownMember}", "401 404 404 403 403 403 403 403"),
    ];

    /// <summary>A FHIR Claim with no item: it gets past the access check and answers 400 (a claim needs lines).</summary>
    private const string FhirClaimNoItems = """{"resourceType":"Claim","identifier":[{"system":"https://cmcm.lu/fhir/sid/invoice-reference","value":"INV-NEVER"}],"status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/{M}"},"created":"2026-09-20","provider":{"display":"Dr. Test"},"priority":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/processpriority","code":"normal"}]},"insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/{F}.2{M}.2RC"}}]}""";

    /// <summary>A FHIR eligibility request for frames (benefits): decided like POST /api/estimates.</summary>
    private const string FhirFrames = """{"resourceType":"CoverageEligibilityRequest","status":"active","purpose":["benefits"],"patient":{"reference":"Patient/{M}"},"servicedDate":"2026-09-15","created":"2026-09-20","insurer":{"reference":"Organization/cmcm"},"insurance":[{"focal":true,"coverage":{"reference":"Coverage/{F}.2{M}.2RC"}}],"item":[{"productOrService":{"coding":[{"system":"https://cmcm.lu/fhir/CodeSystem/benefit","code":"DO.OPTIC.FRAMES"}]},"unitPrice":{"value":25,"currency":"EUR"},"extension":[{"url":"https://cmcm.lu/fhir/StructureDefinition/line-statutoryReimbursement","valueMoney":{"value":0,"currency":"EUR"}}]}]}""";

    private const string StaffWrite = "401 400 400 403 403 403 403 403";
    private const string StaffWriteUnknownClaim = "401 404 404 403 403 403 403 403";
    private const string AnyUser = "401 200 200 200 200 200 200 403";
    private const string AdminOnly = "401 403 200 403 403 403 403 403";
    private const string AdminNotFound = "401 403 404 403 403 403 403 403";

    public static readonly IReadOnlyList<MatrixRow> Rows = BuildRows();

    private static readonly Dictionary<string, MatrixRow> RowsByName = Rows.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public static TheoryData<string> RowNames => [.. Rows.Select(r => r.Name)];

    /// <summary>
    /// Endpoints outside the matrix, each with the reason, and the test that pins its access:
    /// <see cref="ExcludedRoutes_AnswerAsTheReadmeSays"/>, <see cref="Dashboard_EveryEndpointRequiresTheAdminPolicy"/>,
    /// <see cref="DevTokensOutsideDevelopmentTests"/>. Static pages (/, /member.html, /css, /js, /lib) are files, not
    /// endpoints: they hold no data and are checked in the same test.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["* /health/live"] = "liveness probe: anonymous by design, says only Healthy",
        ["* /health/ready"] = "readiness probe: anonymous by design, says only Healthy",
        ["GET /openapi/v1.json"] = "the OpenAPI document: anonymous, describes the API, holds no data",
        ["/scalar"] = "Scalar, the page that browses the OpenAPI document: anonymous, holds no data",
        ["* /metrics"] = "Prometheus scraping: anonymous (scrapers carry no token), counts and timings only, no ids",
        ["/dashboard"] = "the Orleans dashboard: admins only, on every one of its endpoints",
        ["POST /dev/tokens"] = "mints tokens: Development only, anonymous there by design",
    };

    // ---------------------------------------------------------------- routes

    [Theory]
    [MemberData(nameof(RowNames))]
    public Task Route_EveryCaller_ExactStatus_AndNothingOfAFamilyItMayNotSee(string name) => RouteRowAsync(host, name);

    /// <summary>One row for every caller on <paramref name="host"/>, with the tokens its <see cref="HostFixture.TokenFor"/> gives (HMAC or a provider's).</summary>
    internal static async Task RouteRowAsync(HostFixture host, string name)
    {
        var row = RowsByName[name];
        var world = await WorldAsync(host);
        var expected = row.Grid.Split(' ');
        var path = world.Fill(row.Path);
        var body = world.Fill(row.Body);
        var mismatches = new List<string>();

        for (var i = 0; i < Callers.Length; i++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(row.Method), path);
            if (row.Body.Length > 0)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            var response = await host.CreateClient(world.User(Callers[i])).SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) != expected[i])
            {
                mismatches.Add($"{Callers[i]}: expected {expected[i]}, got {(int)response.StatusCode}: {Shorten(text)}");
                continue;
            }

            if ((int)response.StatusCode >= 400 && path.StartsWith("/api", StringComparison.Ordinal)
                && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                mismatches.Add($"{Callers[i]}: {(int)response.StatusCode} is not a problem: {response.Content.Headers.ContentType}");
            }

            if ((int)response.StatusCode >= 400 && path.StartsWith("/fhir", StringComparison.Ordinal)
                && (response.Content.Headers.ContentType?.MediaType != "application/fhir+json" || !text.Contains("\"resourceType\":\"OperationOutcome\"", StringComparison.Ordinal)))
            {
                mismatches.Add($"{Callers[i]}: {(int)response.StatusCode} is not an OperationOutcome: {response.Content.Headers.ContentType} {Shorten(text)}");
            }

            foreach (var leak in world.Leaks(Callers[i], path + " " + body, text))
            {
                mismatches.Add($"{Callers[i]}: the answer ({(int)response.StatusCode}) shows {leak}: {Shorten(text)}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{row.Method} {path}\n" + string.Join("\n", mismatches));
    }

    [Fact]
    public void EveryRouteOfTheApp_HasRows_OrIsExcludedWithAReason()
    {
        var app = AppRoutes(host);
        var covered = Rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

        var missing = app.Where(r => !covered.Contains(r) && !Excluded.Keys.Any(e => r == e || ExcludedByPrefix(r, e))).ToList();
        var stale = covered.Where(r => !app.Contains(r)).Concat(Excluded.Keys.Where(e => !app.Any(r => r == e || ExcludedByPrefix(r, e)))).ToList();

        Assert.True(missing.Count == 0, "routes without matrix rows or a reason to be left out:\n" + string.Join("\n", missing) + "\n\nthe app's routes:\n" + string.Join("\n", app));
        Assert.True(stale.Count == 0, "matrix rows or exclusions for routes the app does not have:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void EveryRowCoversEveryTargetOfItsKind()
    {
        // Guards against a route listed with fewer targets than its kind has (one grid forgotten).
        var targetsPerRoute = Rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.All(targetsPerRoute, t =>
        {
            var route = t.Key[(t.Key.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            var expected = route switch
            {
                _ when route.Contains("{invoiceReference}", StringComparison.Ordinal) => ClaimTargets.Length,
                _ when route.EndsWith("/statutory-periods", StringComparison.Ordinal) || route.EndsWith("/removal", StringComparison.Ordinal)
                    || route.EndsWith("/person", StringComparison.Ordinal) => 3,
                _ when route.Contains("{memberId}", StringComparison.Ordinal) => MemberTargets.Length,
                _ when route.Contains("{familyId}", StringComparison.Ordinal) => FamilyTargets.Length,
                "/api/claims" or "/api/estimates" => BodyTargets.Length,
                "/api/catalogue/editions/{edition}" => 2,
                "/fhir/Coverage/{id}" => MemberTargets.Length,
                "/fhir/ExplanationOfBenefit/{id}" => ClaimTargets.Length,
                "/fhir/Claim" or "/fhir/CoverageEligibilityRequest" => BodyTargets.Length,
                "/fhir/Coverage" or "/fhir/ExplanationOfBenefit" => SearchTargets.Length,
                _ => 1,
            };
            Assert.True(expected == t.Value, $"{t.Key}: {t.Value} rows, expected {expected}");
        });
    }

    [Fact]
    public async Task ExcludedRoutes_AnswerAsTheReadmeSays()
    {
        var world = await WorldAsync();
        var anonymous = host.CreateClient();

        foreach (var (path, body) in new[]
        {
            ("/health/live", """{"status":"Healthy","checks":{}}"""),
            ("/health/ready", """{"status":"Healthy","checks":{"silo":{"status":"Healthy","description":"silo Active"}}}"""),
        })
        {
            var health = await anonymous.GetAsync(path);
            Assert.Equal((HttpStatusCode.OK, body), (health.StatusCode, await health.Content.ReadAsStringAsync()));
        }

        foreach (var (path, media) in new[] { ("/openapi/v1.json", "application/json"), ("/scalar/", "text/html"), ("/", "text/html"), ("/member.html", "text/html") })
        {
            var page = await anonymous.GetAsync(path);
            Assert.Equal((HttpStatusCode.OK, media), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
            Assert.Empty(world.Leaks("anonymous", path, await page.Content.ReadAsStringAsync()));
        }

        // Metrics are anonymous and, once the world's claims are decided, name no family, member or claim (routes are
        // labelled by their pattern). What they count is PlatformTests' business.
        var metrics = await anonymous.GetAsync("/metrics");
        var figures = await metrics.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE ", figures, StringComparison.Ordinal);
        Assert.Empty(world.Leaks("anonymous", "/metrics", figures));

        // The dashboard: admins only.
        var dashboard = new List<HttpStatusCode>();
        foreach (var caller in Callers)
        {
            dashboard.Add((await host.CreateClient(world.User(caller)).GetAsync("/dashboard/")).StatusCode);
        }

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden,
             HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            dashboard);

        // Development mints tokens for anyone: that is what it is for.
        var minted = await anonymous.PostJsonAsync("/dev/tokens", new { role = "frontdesk" });
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
    }

    [Fact]
    public void Dashboard_EveryEndpointRequiresTheAdminPolicy()
    {
        var dashboard = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/dashboard", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(dashboard);
        Assert.All(dashboard, e =>
        {
            Assert.Contains(e.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == CmcmRoles.AdminPolicy);
            Assert.Empty(e.Metadata.GetOrderedMetadata<IAllowAnonymous>());
        });
    }

    // ---------------------------------------------------------------- hub

    /// <summary>Hub rows: method, target, arguments and the grid: J joined, R refused (HubException), 401/403 no connection.</summary>
    public static readonly IReadOnlyList<HubRow> HubRows =
    [
        new("JoinFrontDesk", "the front desk", [], "401 J J R R R R 403"),
        new("JoinFamily", "family A", ["{A}"], "401 J J J R R R 403"),
        new("JoinFamily", "family B", ["{B}"], "401 J J R R J R 403"),
        new("JoinFamily", "an unknown family", ["{unknownFamily}"], "401 R R R R R R 403"),
        new("JoinFamily", "an injected id", ["'; DROP TABLE orleansstorage;--"], "401 R R R R R R 403"),
        new("JoinMember", "mainA in A", ["{A}", "{mainA}"], "401 J J J R R R 403"),
        new("JoinMember", "spouseA in A", ["{A}", "{spouseA}"], "401 J J J J R R 403"),
        new("JoinMember", "childA in A", ["{A}", "{childA}"], "401 J J J R R R 403"),
        new("JoinMember", "mainB in B", ["{B}", "{mainB}"], "401 J J R R J R 403"),
        new("JoinMember", "spouseB in B", ["{B}", "{spouseB}"], "401 J J R R J J 403"),
        new("JoinMember", "mainB named under A", ["{A}", "{mainB}"], "401 R R R R R R 403"),
        new("JoinMember", "an unknown member of an unknown family", ["{unknownFamily}", "{unknownMember}"], "401 R R R R R R 403"),
        new("JoinMember", "an injected id", ["{A}", "<script>alert(1)</script>"], "401 R R R R R R 403"),
        new("JoinClaim", "spouseA's claim", ["{spouseA}", "{claimSpouseA}"], "401 J J J J R R 403"),
        new("JoinClaim", "mainA's claim", ["{mainA}", "{claimMainA}"], "401 J J J R R R 403"),
        new("JoinClaim", "childA's claim to come", ["{childA}", "{unknownInvoice}"], "401 J J J R R R 403"),
        new("JoinClaim", "mainB's claim", ["{mainB}", "{claimB}"], "401 J J R R J R 403"),
        new("JoinClaim", "spouseB's claim to come", ["{spouseB}", "{unknownInvoice}"], "401 J J R R J J 403"),
        new("JoinClaim", "an unknown member's claim", ["{unknownMember}", "{unknownInvoice}"], "401 J J R R R R 403"),
        new("JoinClaim", "an injected id", ["{mainA}", "{{7*7}}"], "401 R R R R R R 403"),
    ];

    public static TheoryData<string> HubRowNames => [.. HubRows.Select(r => r.Name)];

    [Fact]
    public void EveryHubMethod_HasRows()
    {
        // What SignalR lets a client call: public instance methods of the hub itself, not the Hub base class's.
        var methods = typeof(CmcmHub).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType is { } d && d != typeof(object) && d != typeof(Hub))
            .Select(m => m.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["JoinClaim", "JoinFamily", "JoinFrontDesk", "JoinMember"], methods);
        Assert.Equal(methods, HubRows.Select(r => r.Method).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(HubRowNames))]
    public Task HubMethod_EveryCaller_JoinedOrRefused_AndTheRefusalShowsNothingElse(string name) => HubRowAsync(host, name);

    /// <summary>One hub row for every caller on <paramref name="host"/>, with the tokens its <see cref="HostFixture.TokenFor"/> gives.</summary>
    internal static async Task HubRowAsync(HostFixture host, string name)
    {
        var row = HubRows.Single(r => r.Name == name);
        var world = await WorldAsync(host);
        var expected = row.Grid.Split(' ');
        var arguments = row.Arguments.Select(world.Fill).ToArray();
        var mismatches = new List<string>();

        for (var i = 0; i < Callers.Length; i++)
        {
            var outcome = await JoinAsync(host, world, Callers[i], row.Method, arguments);
            if (outcome.Result != expected[i])
            {
                mismatches.Add($"{Callers[i]}: expected {expected[i]}, got {outcome.Result}: {outcome.Message}");
            }

            foreach (var leak in world.Leaks(Callers[i], string.Join(" ", arguments), outcome.Message))
            {
                mismatches.Add($"{Callers[i]}: the refusal shows {leak}: {outcome.Message}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{row.Method}({string.Join(", ", arguments)})\n" + string.Join("\n", mismatches));
    }

    /// <summary>
    /// After every join it is refused, a member hears nothing of what happens there: a claim decided for each member it
    /// may not see (which reaches that member's, family's, claim's and the front desk's groups) is not heard, while its
    /// own claim decided afterwards is (pushes reach a page in the order they are published).
    /// </summary>
    [Theory]
    [InlineData("mainA", 2)]
    [InlineData("spouseA", 4)]
    [InlineData("mainB", 3)]
    [InlineData("spouseB", 4)]
    public async Task RefusedJoins_HearNothing_OfTheClaimsDecidedThere(string caller, int membersUnseen)
    {
        var world = await WorldAsync();
        var user = world.User(caller)!;
        var staff = host.CreateClient(TestUser.FrontDesk);
        var unseen = world.Members.Where(m => !world.MaySee(caller, m.FamilyId, m.MemberId)).ToList();
        Assert.Equal(membersUnseen, unseen.Count);
        var invoices = unseen.ToDictionary(m => m.MemberId, _ => NewId("INV-UNHEARD"));
        await using var page = await LiveClient.ConnectAsync(host, user);

        var refusals = new List<Func<Task>> { () => page.JoinFrontDeskAsync() };
        refusals.AddRange(world.Families.Where(f => !world.MaySee(caller, f, null)).Select(f => (Func<Task>)(() => page.JoinFamilyAsync(f))));
        refusals.AddRange(unseen.Select(m => (Func<Task>)(() => page.JoinMemberAsync(m.FamilyId, m.MemberId))));
        refusals.AddRange(unseen.Select(m => (Func<Task>)(() => page.JoinClaimAsync(m.MemberId, invoices[m.MemberId]))));
        foreach (var join in refusals)
        {
            await Assert.ThrowsAsync<HubException>(join);
        }

        await page.JoinMemberAsync(user.FamilyId!, user.MemberId!);
        foreach (var member in unseen)
        {
            await (await staff.PostJsonAsync("/api/claims", ClaimBody(member.FamilyId, member.MemberId, invoices[member.MemberId], Line("RC.ALTMED", 40m, element: "osteopathy"))))
                .JsonAsync(HttpStatusCode.Created);
        }

        var own = NewId("INV-HEARD");
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(user.FamilyId!, user.MemberId!, own, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);

        var (_, before) = await page.NextMatchingAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged, m => m.ClaimId == $"{user.MemberId}/{own}" && m.Version == 1);
        Assert.All(before, e => Assert.True(e.Payload switch
        {
            ClaimStatusMessage m => m.MemberId == user.MemberId,
            CapsChangedMessage m => m.MemberId == user.MemberId,
            _ => false,
        }, $"{caller} heard {e.Name}: {e.Payload}"));
    }

    /// <summary>"J" joined, "R" refused with the HubException's message, or the status the connection was refused with.</summary>
    private static async Task<(string Result, string Message)> JoinAsync(HostFixture host, AuthWorld world, string caller, string method, string[] arguments)
    {
        var user = world.User(caller);
        var connection = user is null
            ? new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, LiveExtensions.HubPath.TrimStart('/'))).Build()
            : null;
        try
        {
            await using var page = connection is null ? await LiveClient.ConnectAsync(host, user!) : null;
            if (connection is not null)
            {
                await connection.StartAsync();
            }

            await (page?.Connection ?? connection!).InvokeCoreAsync(method, [.. arguments.Cast<object?>()]);
            return ("J", "");
        }
        catch (HttpRequestException e) when (e.StatusCode is { } status)
        {
            return (((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        }
        catch (HubException e)
        {
            return ("R", e.Message);
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    // ---------------------------------------------------------------- the rows

    private static List<MatrixRow> BuildRows()
    {
        var rows = new List<MatrixRow>
        {
            new("POST", "/api/families", "-", "/api/families", Incomplete, StaffWrite),
            new("GET", "/api/claims/pended", "-", "/api/claims/pended", "", "401 200 200 403 403 403 403 403"),
            new("GET", "/api/search", "-", "/api/search?q=a", "", "401 200 200 403 403 403 403 403"),
            new("GET", "/api/catalogue/editions", "-", "/api/catalogue/editions", "", AnyUser),
            new("GET", "/api/catalogue/editions/{edition}", "edition 2026-07", "/api/catalogue/editions/2026-07", "", AnyUser),
            new("GET", "/api/catalogue/editions/{edition}", "unknown edition", "/api/catalogue/editions/1999-01", "", "401 404 404 404 404 404 404 403"),
            new("GET", "/api/processing-times", "-", "/api/processing-times", "", AnyUser),
            new("GET", "/api/auth/config", "-", "/api/auth/config", "", "200 200 200 200 200 200 200 200"),
            new("GET", "/api/auth/me", "-", "/api/auth/me", "", AnyUser),
            new("PUT", "/api/processing-times", "-", "/api/processing-times", "[]", "401 403 400 403 403 403 403 403"),
            new("POST", "/api/admin/catalogue/drafts", "-", "/api/admin/catalogue/drafts", "{}", "401 403 400 403 403 403 403 403"),
            new("POST", "/api/admin/imports/families", "-", "/api/admin/imports/families", "{}", "401 403 400 403 403 403 403 403"),
            new("GET", "/api/admin/catalogue/drafts", "-", "/api/admin/catalogue/drafts", "", AdminOnly),
            new("GET", "/api/admin/catalogue/drafts/{draftId}", "unknown draft", "/api/admin/catalogue/drafts/d-none", "", AdminNotFound),
            new("GET", "/api/admin/catalogue/drafts/{draftId}/diff", "unknown draft", "/api/admin/catalogue/drafts/d-none/diff", "", AdminNotFound),
            new("POST", "/api/admin/catalogue/drafts/{draftId}/publish", "unknown draft", "/api/admin/catalogue/drafts/d-none/publish", """{"effectiveFrom":"2099-01-01"}""", AdminNotFound),
            new("DELETE", "/api/admin/catalogue/drafts/{draftId}", "unknown draft", "/api/admin/catalogue/drafts/d-none", "", AdminNotFound),
            new("POST", "/api/admin/catalogue/editions/{edition}/withdrawal", "unknown edition", "/api/admin/catalogue/editions/e-none/withdrawal", """{"reason":"typo"}""", AdminNotFound),
            new("GET", "/api/admin/catalogue/withdrawals", "-", "/api/admin/catalogue/withdrawals", "", AdminOnly),
            new("POST", "/api/admin/catalogue/shadow-runs", "-", "/api/admin/catalogue/shadow-runs", "{}", "401 403 400 403 403 403 403 403"),
            new("GET", "/api/admin/catalogue/shadow-runs", "-", "/api/admin/catalogue/shadow-runs", "", AdminOnly),
            new("GET", "/api/admin/catalogue/shadow-runs/{runId}", "unknown run", "/api/admin/catalogue/shadow-runs/s-none", "", AdminNotFound),
            new("DELETE", "/api/admin/catalogue/shadow-runs/{runId}", "unknown run", "/api/admin/catalogue/shadow-runs/s-none", "", AdminNotFound),
            new("GET", "/api/admin/catalogue/shadow-runs/{runId}/report.json", "unknown run", "/api/admin/catalogue/shadow-runs/s-none/report.json", "", AdminNotFound),
            new("GET", "/api/admin/catalogue/shadow-runs/{runId}/report.csv", "unknown run", "/api/admin/catalogue/shadow-runs/s-none/report.csv", "", AdminNotFound),
            new("POST", "/hubs/cmcm/negotiate", "-", "/hubs/cmcm/negotiate?negotiateVersion=1", "", AnyUser, AnyMethod: true),
            new("GET", "/hubs/cmcm", "no connection id", "/hubs/cmcm", "", "401 400 400 400 400 400 400 403", AnyMethod: true),
            new("GET", "/fhir/metadata", "-", "/fhir/metadata", "", "200 200 200 200 200 200 200 200"),
            new("GET", "/api/bank-accounts/pending", "-", "/api/bank-accounts/pending", "", "401 200 200 403 403 403 403 403"),
            new("POST", "/api/bank-accounts/{accountId}/confirmation", "unknown account", "/api/bank-accounts/BA-none/confirmation", "", "401 404 404 403 403 403 403 403"),
            new("POST", "/api/bank-accounts/{accountId}/refusal", "unknown account", "/api/bank-accounts/BA-none/refusal", Incomplete, StaffWrite),
            new("GET", "/api/providers", "-", "/api/providers", "", "401 200 200 403 403 403 403 403"),
            new("POST", "/api/providers", "-", "/api/providers", Incomplete, "401 403 400 403 403 403 403 403"),
            new("PUT", "/api/providers/{providerId}", "unknown provider", "/api/providers/p-none", Incomplete, "401 403 400 403 403 403 403 403"),

            // Payments: finance (and admin); a start with a cut-off in the future is refused before anything runs.
            new("GET", "/api/payment-runs/preview", "-", "/api/payment-runs/preview", "", AdminOnly),
            new("POST", "/api/payment-runs", "-", "/api/payment-runs", """{"cutOff":"2999-01-01"}""", "401 403 400 403 403 403 403 403"),
            new("GET", "/api/payment-runs", "-", "/api/payment-runs", "", AdminOnly),
            new("GET", "/api/payment-runs/{runId}", "unknown run", "/api/payment-runs/RUN-19990101", "", AdminNotFound),
            new("GET", "/api/payment-runs/{runId}/file", "unknown run", "/api/payment-runs/RUN-19990101/file", "", AdminNotFound),
            new("POST", "/api/payment-runs/{runId}/returns", "unknown run", "/api/payment-runs/RUN-19990101/returns", "", AdminNotFound),
            new("GET", "/api/payments/awaiting-confirmation", "-", "/api/payments/awaiting-confirmation", "", AdminOnly),
            new("GET", "/api/payments/{paymentId}", "unknown payment", "/api/payments/P000000NONE", "", AdminNotFound),
            new("POST", "/api/payments/{paymentId}/confirmation", "unknown payment", "/api/payments/P000000NONE/confirmation", "", AdminNotFound),
            new("POST", "/api/payments/{paymentId}/refusal", "unknown payment", "/api/payments/P000000NONE/refusal", "", AdminNotFound),
            new("GET", "/api/recovery", "-", "/api/recovery", "", AdminOnly),
            new("GET", "/fhir/PaymentReconciliation/{id}", "unknown payment", "/fhir/PaymentReconciliation/P000000NONE", "", AdminNotFound),
            new("GET", "/api/files/{documentId}", "spouseA's file", "/api/files/{fileSpouseA}", "", "401 200 200 200 200 403 403 403"),
            new("POST", "/api/files/{documentId}/confirmation", "spouseA's file", "/api/files/{fileSpouseA}/confirmation", Incomplete, StaffWrite),
            new("GET", "/api/feedback/report", "-", "/api/feedback/report", "", "401 200 200 403 403 403 403 403"),
        };

        foreach (var (target, m, read) in SearchTargets)
        {
            rows.Add(new("GET", "/fhir/Coverage", target, $"/fhir/Coverage?beneficiary=Patient/{m}", "", read));
            rows.Add(new("GET", "/fhir/ExplanationOfBenefit", target, $"/fhir/ExplanationOfBenefit?patient={m}", "", read));
        }

        foreach (var (target, _, m, _) in MemberTargets)
        {
            // A member's trail: staff only, by member id alone (a member named under another family is still found).
            rows.Add(new("GET", "/api/audit/members/{memberId}", target, $"/api/audit/members/{m}", "",
                target.Contains("unknown member", StringComparison.Ordinal) ? "401 404 404 403 403 403 403 403" : "401 200 200 403 403 403 403 403"));
        }

        foreach (var (target, f, _) in FamilyTargets)
        {
            rows.Add(new("GET", "/api/audit/families/{familyId}", target, $"/api/audit/families/{f}", "",
                target.Contains("unknown", StringComparison.Ordinal) ? "401 404 404 403 403 403 403 403" : "401 200 200 403 403 403 403 403"));
        }

        rows.Add(new("GET", "/api/audit/reads", "-", "/api/audit/reads", "", AdminOnly));

        foreach (var (target, f, m, read) in MemberTargets)
        {
            // Ids of the tests' worlds have no '.' or '_': a Coverage id is family.2member.2tier as they are.
            rows.Add(new("GET", "/fhir/Coverage/{id}", target, $"/fhir/Coverage/{f}.2{m}.2RC", "", read));
        }

        foreach (var (target, m, i, read, _) in ClaimTargets)
        {
            // A pended claim has no explanation of benefit yet: 404 where the caller may see it.
            var eob = target.Contains("pended", StringComparison.Ordinal) ? read.Replace("200", "404", StringComparison.Ordinal) : read;
            rows.Add(new("GET", "/fhir/ExplanationOfBenefit/{id}", target, $"/fhir/ExplanationOfBenefit/{m}.2{i}", "", eob));
        }

        foreach (var (target, f, read) in FamilyTargets)
        {
            rows.Add(new("GET", "/api/families/{familyId}", target, $"/api/families/{f}", "", read));
            rows.Add(new("GET", "/api/families/{familyId}/claims", target, $"/api/families/{f}/claims", "", read));
            foreach (var command in new[] { "level", "members", "payments", "resignation", "readmission" })
            {
                rows.Add(new("POST", $"/api/families/{{familyId}}/{command}", target, $"/api/families/{f}/{command}", Incomplete, StaffWrite));
            }
        }

        foreach (var (target, f, m, read) in MemberTargets)
        {
            foreach (var (route, suffix) in new[] { ("/api/families/{familyId}/members/{memberId}", ""), ("/api/families/{familyId}/members/{memberId}/caps", "/caps"),
                         ("/api/families/{familyId}/members/{memberId}/audit", "/audit"), ("/api/families/{familyId}/members/{memberId}/claims", "/claims"),
                         ("/api/families/{familyId}/members/{memberId}/payments", "/payments"),
                         ("/api/families/{familyId}/members/{memberId}/tax-certificate", "/tax-certificate") })
            {
                rows.Add(new("GET", route, target, $"/api/families/{f}/members/{m}{suffix}", "", read));
            }

            // Bank accounts: read as the member; a request with an incomplete body is refused (400) once past access.
            rows.Add(new("GET", "/api/families/{familyId}/members/{memberId}/bank-accounts", target, $"/api/families/{f}/members/{m}/bank-accounts", "", read));
            rows.Add(new("POST", "/api/families/{familyId}/members/{memberId}/bank-accounts", target, $"/api/families/{f}/members/{m}/bank-accounts", Incomplete,
                read.Replace("200", "400", StringComparison.Ordinal).Replace("404", "400", StringComparison.Ordinal)));

            // Sending files: past the access check, a JSON body is refused as not multipart (415) before anything is read.
            rows.Add(new("GET", "/api/families/{familyId}/members/{memberId}/files", target, $"/api/families/{f}/members/{m}/files", "", read));
            rows.Add(new("POST", "/api/families/{familyId}/members/{memberId}/files", target, $"/api/families/{f}/members/{m}/files", Incomplete,
                read.Replace("200", "415", StringComparison.Ordinal)));
        }

        // E-mail notices: the member alone, for himself or herself (none chosen in this world: 404; "{}" to PUT: 400).
        var self = new Dictionary<string, int>(StringComparer.Ordinal) { ["mainA in A"] = 3, ["spouseA in A"] = 4, ["mainB in B"] = 5, ["spouseB in B"] = 6 };
        foreach (var (target, f, m, _) in MemberTargets)
        {
            string Grid(string own)
            {
                var grid = "401 403 403 403 403 403 403 403".Split(' ');
                if (self.TryGetValue(target, out var caller))
                {
                    grid[caller] = own;
                }

                return string.Join(' ', grid);
            }

            rows.Add(new("GET", "/api/families/{familyId}/members/{memberId}/notices", target, $"/api/families/{f}/members/{m}/notices", "", Grid("404")));
            rows.Add(new("PUT", "/api/families/{familyId}/members/{memberId}/notices", target, $"/api/families/{f}/members/{m}/notices", Incomplete, Grid("400")));
            rows.Add(new("DELETE", "/api/families/{familyId}/members/{memberId}/notices", target, $"/api/families/{f}/members/{m}/notices", "", Grid("404")));
        }

        foreach (var (target, f, m) in new[] { ("spouseA in A", "{A}", "{spouseA}"), ("spouseB in B", "{B}", "{spouseB}"), ("unknown member of A", "{A}", "{unknownMember}") })
        {
            rows.Add(new("POST", "/api/families/{familyId}/members/{memberId}/removal", target, $"/api/families/{f}/members/{m}/removal", Incomplete, StaffWrite));
            rows.Add(new("PUT", "/api/families/{familyId}/members/{memberId}/statutory-periods", target, $"/api/families/{f}/members/{m}/statutory-periods", Incomplete, StaffWrite));
            rows.Add(new("PUT", "/api/families/{familyId}/members/{memberId}/person", target, $"/api/families/{f}/members/{m}/person", Incomplete, StaffWrite));
        }

        foreach (var (target, m, i, read, documents) in ClaimTargets)
        {
            var unknown = i == "{unknownInvoice}";
            rows.Add(new("GET", "/api/claims/{memberId}/{invoiceReference}", target, $"/api/claims/{m}/{i}", "", read));
            rows.Add(new("GET", "/api/claims/{memberId}/{invoiceReference}/files", target, $"/api/claims/{m}/{i}/files", "", read));
            rows.Add(new("POST", "/api/claims/{memberId}/{invoiceReference}/files", target, $"/api/claims/{m}/{i}/files", Incomplete, read.Replace("200", "415", StringComparison.Ordinal)));
            rows.Add(new("POST", "/api/claims/{memberId}/{invoiceReference}/documents", target, $"/api/claims/{m}/{i}/documents", Incomplete, documents));
            rows.Add(new("POST", "/api/claims/{memberId}/{invoiceReference}/resolution", target, $"/api/claims/{m}/{i}/resolution", Incomplete, unknown ? StaffWriteUnknownClaim : StaffWrite));
            rows.Add(new("POST", "/api/claims/{memberId}/{invoiceReference}/reversal", target, $"/api/claims/{m}/{i}/reversal", Incomplete, unknown ? StaffWriteUnknownClaim : StaffWrite));
            rows.Add(new("POST", "/api/claims/{memberId}/{invoiceReference}/correction", target, $"/api/claims/{m}/{i}/correction", Incomplete, unknown ? StaffWriteUnknownClaim : StaffWrite));
            rows.Add(new("POST", "/api/claims/{memberId}/{invoiceReference}/correction-preview", target, $"/api/claims/{m}/{i}/correction-preview", Incomplete, unknown ? StaffWriteUnknownClaim : StaffWrite));
            var preview = unknown ? StaffWriteUnknownClaim : target.Contains("paid", StringComparison.Ordinal) ? "401 200 200 403 403 403 403 403" : "401 409 409 403 403 403 403 403";
            rows.Add(new("GET", "/api/claims/{memberId}/{invoiceReference}/reversal-preview", target, $"/api/claims/{m}/{i}/reversal-preview", "", preview));
            // A pended claim has no statement yet: 409 where the caller may see it.
            var statement = target.Contains("pended", StringComparison.Ordinal) ? read.Replace("200", "409", StringComparison.Ordinal) : read;
            rows.Add(new("GET", "/api/claims/{memberId}/{invoiceReference}/statement", target, $"/api/claims/{m}/{i}/statement", "", statement));
            // Feedback is the member's word: staff may read it (none given here: 404) but not give it (403); a member who may
            // see the claim gets past the checks to the body's validation (400).
            rows.Add(new("GET", "/api/claims/{memberId}/{invoiceReference}/feedback", target, $"/api/claims/{m}/{i}/feedback", "", read.Replace("200", "404", StringComparison.Ordinal)));
            var give = read.Split(' ');
            for (var k = 1; k < give.Length; k++)
            {
                give[k] = give[k] != "200" ? give[k] : k is 1 or 2 ? "403" : "400";
            }

            rows.Add(new("POST", "/api/claims/{memberId}/{invoiceReference}/feedback", target, $"/api/claims/{m}/{i}/feedback", Incomplete, string.Join(' ', give)));
        }

        foreach (var (target, f, m, submit, estimate) in BodyTargets)
        {
            rows.Add(new("POST", "/api/claims", target, "/api/claims", NoLines.Replace("{F}", f, StringComparison.Ordinal).Replace("{M}", m, StringComparison.Ordinal), submit));
            rows.Add(new("POST", "/api/estimates", target, "/api/estimates", Frames.Replace("{F}", f, StringComparison.Ordinal).Replace("{M}", m, StringComparison.Ordinal), estimate));
            rows.Add(new("POST", "/fhir/Claim", target, "/fhir/Claim", FhirClaimNoItems.Replace("{F}", f, StringComparison.Ordinal).Replace("{M}", m, StringComparison.Ordinal), submit));
            rows.Add(new("POST", "/fhir/CoverageEligibilityRequest", target, "/fhir/CoverageEligibilityRequest",
                FhirFrames.Replace("{F}", f, StringComparison.Ordinal).Replace("{M}", m, StringComparison.Ordinal), estimate));
        }

        return rows;
    }

    /// <summary>
    /// "METHOD pattern" for every route endpoint of the running app ("* pattern" for one that takes any method), without
    /// the trailing slash a group's "" route has.
    /// </summary>
    private static List<string> AppRoutes(HostFixture host) =>
        [.. host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>An exclusion without a method ("/dashboard") covers every route under that path.</summary>
    private static bool ExcludedByPrefix(string route, string exclusion) =>
        exclusion.StartsWith('/') && route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..] is var path
        && (path == exclusion || path.StartsWith(exclusion + "/", StringComparison.Ordinal));

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private Task<AuthWorld> WorldAsync() => WorldAsync(host);

    private static async Task<AuthWorld> WorldAsync(HostFixture host)
    {
        await Setup.WaitAsync();
        try
        {
            if (!Worlds.TryGetValue(host, out var world))
            {
                world = await AuthWorld.CreateAsync(host.CreateClient(TestUser.FrontDesk));
                Worlds[host] = world;
            }

            return world;
        }
        finally
        {
            Setup.Release();
        }
    }
}

/// <summary>
/// POST /dev/tokens mints any token for anyone: it must not exist outside Development. A host of its own in Production,
/// started and stopped alone, after the other collections, so that it does not overlap the shared host's tests.
/// </summary>
[Collection(ProductionHostCollection.Name)]
public sealed class DevTokensOutsideDevelopmentTests
{
    [Fact]
    public async Task DevTokens_InProduction_NoSuchRoute()
    {
        var production = HostFixture.With(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Cmcm:Jwt:SigningKey", "a-production-signing-key-for-this-test-0123456789");
        });
        await production.InitializeAsync();
        try
        {
            var response = await production.CreateClient().PostJsonAsync("/dev/tokens", new { role = "admin" });

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(production.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>(),
                e => e.RoutePattern.RawText == "/dev/tokens");
        }
        finally
        {
            await production.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProductionHostCollection
{
    public const string Name = "a host in Production, alone";
}

/// <summary>One row of the route matrix: the route's pattern, the target, the request, and the status per caller.</summary>
/// <param name="AnyMethod">The endpoint takes any method (a hub's): the app lists it as "* route".</param>
public sealed record MatrixRow(string Method, string Route, string Target, string Path, string Body, string Grid, bool AnyMethod = false)
{
    public string Name => $"{Method} {Route} · {Target}";

    /// <summary>The route as <c>AppRoutes</c> lists it.</summary>
    public string Key => $"{(AnyMethod ? "*" : Method)} {Route}";
}

public sealed record HubRow(string Method, string Target, string[] Arguments, string Grid)
{
    public string Name => $"{Method} · {Target}";
}

/// <summary>
/// Families A (main affiliate, spouse with a pended claim, child with a paid claim; the main affiliate has a paid claim)
/// and B (main affiliate with a pended claim, spouse), each member with a birth date of its own; and ids nobody has.
/// <see cref="Leaks"/> finds in an answer what the caller may not see and did not name itself.
/// </summary>
public sealed record AuthWorld(string A, string MainA, string SpouseA, string ChildA, string B, string MainB, string SpouseB,
    string ClaimMainA, string ClaimSpouseA, string ClaimChildA, string ClaimB, string UnknownFamily, string UnknownMember, string UnknownInvoice)
{
    private static readonly Dictionary<string, string> BirthDates = new(StringComparer.Ordinal)
    {
        ["mainA"] = "1961-03-17", ["spouseA"] = "1963-08-29", ["childA"] = "2012-04-06", ["mainB"] = "1971-11-02", ["spouseB"] = "1974-01-19",
    };

    public static async Task<AuthWorld> CreateAsync(HttpClient staff)
    {
        var (a, mainA) = await FamilyAsync(staff, BirthDates["mainA"]);
        var spouseA = await staff.CoAffiliateAsync(a, "spouseOrPartner", BirthDates["spouseA"]);
        var childA = await staff.CoAffiliateAsync(a, "child", BirthDates["childA"]);
        var (b, mainB) = await FamilyAsync(staff, BirthDates["mainB"]);
        var spouseB = await staff.CoAffiliateAsync(b, "spouseOrPartner", BirthDates["spouseB"]);
        var world = new AuthWorld(a, mainA, spouseA, childA, b, mainB, spouseB, NewId("INV-MAINA"), NewId("INV-SPOUSEA"), NewId("INV-CHILDA"), NewId("INV-MAINB"),
            NewId("F-UNKNOWN"), NewId("M-UNKNOWN"), NewId("INV-UNKNOWN"));
        await SubmitAsync(staff, a, mainA, world.ClaimMainA, Line("RC.ALTMED", 40m, element: "osteopathy"), "approved");
        await SubmitAsync(staff, a, spouseA, world.ClaimSpouseA, TripCancellationWithoutRefundDecision("T-A"), "pended");
        await SubmitAsync(staff, a, childA, world.ClaimChildA, Line("RC.ALTMED", 40m, element: "osteopathy"), "approved");
        await SubmitAsync(staff, b, mainB, world.ClaimB, TripCancellationWithoutRefundDecision("T-B"), "pended");
        var files = await (await staff.PostAsync($"/api/claims/{spouseA}/{world.ClaimSpouseA}/files", Documents.TestFiles.Upload("refund.pdf", Documents.TestFiles.Pdf())))
            .JsonAsync(HttpStatusCode.Created);
        return world with { FileSpouseA = files[0]!["documentId"].Text() };
    }

    /// <summary>A file of spouseA's pended claim.</summary>
    public string FileSpouseA { get; init; } = "";

    public IReadOnlyList<string> Families => [A, B];

    public IReadOnlyList<(string FamilyId, string MemberId)> Members => [(A, MainA), (A, SpouseA), (A, ChildA), (B, MainB), (B, SpouseB)];

    public string Fill(string template) => template
        .Replace("{A}", A, StringComparison.Ordinal).Replace("{B}", B, StringComparison.Ordinal)
        .Replace("{mainA}", MainA, StringComparison.Ordinal).Replace("{spouseA}", SpouseA, StringComparison.Ordinal).Replace("{childA}", ChildA, StringComparison.Ordinal)
        .Replace("{mainB}", MainB, StringComparison.Ordinal).Replace("{spouseB}", SpouseB, StringComparison.Ordinal)
        .Replace("{claimMainA}", ClaimMainA, StringComparison.Ordinal).Replace("{claimSpouseA}", ClaimSpouseA, StringComparison.Ordinal)
        .Replace("{claimChildA}", ClaimChildA, StringComparison.Ordinal).Replace("{claimB}", ClaimB, StringComparison.Ordinal)
        .Replace("{unknownFamily}", UnknownFamily, StringComparison.Ordinal).Replace("{unknownMember}", UnknownMember, StringComparison.Ordinal)
        .Replace("{unknownInvoice}", UnknownInvoice, StringComparison.Ordinal).Replace("{fileSpouseA}", FileSpouseA, StringComparison.Ordinal);

    public TestUser? User(string caller) => caller switch
    {
        "anonymous" => null,
        "frontdesk" => TestUser.FrontDesk,
        "admin" => TestUser.Admin,
        "mainA" => TestUser.Member(A, MainA, mainAffiliate: true),
        "spouseA" => TestUser.Member(A, SpouseA),
        "mainB" => TestUser.Member(B, MainB, mainAffiliate: true),
        "spouseB" => TestUser.Member(B, SpouseB),
        "norole" => new TestUser("superuser"),
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, "Unknown caller."),
    };

    /// <summary>What docs/api-routes.md says a caller may see: staff everything, a main affiliate the family, a co-affiliate himself.</summary>
    public bool MaySee(string caller, string familyId, string? memberId) => User(caller) switch
    {
        { Role: CmcmRoles.FrontDesk or CmcmRoles.Admin } => true,
        { Role: CmcmRoles.Member } user => user.FamilyId == familyId && (user.MainAffiliate || memberId is null || memberId == user.MemberId),
        _ => false,
    };

    /// <summary>The ids and birth dates in <paramref name="answer"/> that <paramref name="caller"/> may not see and did not name in <paramref name="request"/>.</summary>
    public IEnumerable<string> Leaks(string caller, string request, string answer) =>
        Secrets().Where(s => answer.Contains(s.Value, StringComparison.Ordinal) && !request.Contains(s.Value, StringComparison.Ordinal)
                             && !MaySee(caller, s.FamilyId, s.MemberId))
            .Select(s => $"{s.Value} (of {s.FamilyId}{(s.MemberId is null ? "" : "/" + s.MemberId)})");

    private IEnumerable<(string Value, string FamilyId, string? MemberId)> Secrets()
    {
        yield return (A, A, null);
        yield return (B, B, null);
        foreach (var (key, family, member, claim) in new[]
                 {
                     ("mainA", A, MainA, ClaimMainA), ("spouseA", A, SpouseA, ClaimSpouseA), ("childA", A, ChildA, ClaimChildA), ("mainB", B, MainB, ClaimB),
                     ("spouseB", B, SpouseB, (string?)null),
                 })
        {
            yield return (member, family, member);
            yield return (BirthDates[key], family, member);
            if (claim is not null)
            {
                yield return (claim, family, member);
            }
        }
    }

    private static async Task<(string FamilyId, string MemberId)> FamilyAsync(HttpClient staff, string birth)
    {
        var familyId = NewId("F");
        var memberId = NewId("M");
        await (await staff.PostJsonAsync("/api/families", EnrolBody(familyId, memberId, birth: birth))).JsonAsync(HttpStatusCode.Created);
        await (await staff.PostJsonAsync($"/api/families/{familyId}/payments", new { year = 2026, amount = 300.00m, paidOn = "2025-12-20" })).JsonAsync(HttpStatusCode.OK);
        return (familyId, memberId);
    }

    private static async Task SubmitAsync(HttpClient staff, string familyId, string memberId, string invoice, object line, string status) =>
        Assert.Equal(status, (await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, line))).JsonAsync(HttpStatusCode.Created))["status"].Text());
}
