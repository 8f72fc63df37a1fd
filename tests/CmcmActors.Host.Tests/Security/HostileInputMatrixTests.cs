using TestFiles = CmcmActors.Host.Tests.Documents.TestFiles;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Security;

/// <summary>
/// Hostile requests against every write route and some reads (<see cref="HostileRequests"/>): each gets exactly the
/// 4xx problem it should, naming the offending field, never a 5xx, and changes nothing that can be read back.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HostileInputMatrixTests(HostFixture host)
{
    [Theory]
    [MemberData(nameof(HostileRequests.Names), MemberType = typeof(HostileRequests))]
    public Task Request_Hostile_Exact4xxProblem_AndNothingPersisted(string name) => HostileRequests.RunAsync(host, name);

    [Fact]
    public void Matrix_HasUniqueNames_AndEnoughRowsPerCategory()
    {
        Assert.Equal(HostileRequests.All.Count, HostileRequests.All.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.True(HostileRequests.All.Count >= 60, $"{HostileRequests.All.Count} rows");
        Assert.All(HostileRequests.All.GroupBy(c => c.Category), g => Assert.True(g.Count() >= 2, $"{g.Key}: {g.Count()} rows"));
    }

    /// <summary>A write route added without hostile rows fails here.</summary>
    [Fact]
    public void Matrix_HasRowsForEveryWriteRouteOfTheApi()
    {
        var writes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .ToList();
        var world = HostileWorld.Placeholder;

        var uncovered = writes.Where(w => !HostileRequests.All.Any(c => c.Method == w.Method && Matches(w.Pattern, world.Fill(c.Path)))).ToList();

        Assert.True(writes.Count >= 14, $"only {writes.Count} write routes found");
        Assert.True(uncovered.Count == 0, "write routes without hostile rows: " + string.Join(", ", uncovered.Select(u => $"{u.Method} {u.Pattern}")));
    }

    /// <summary>
    /// Free text (reasons, document names) may hold markup, SQL or templates: it is data, kept verbatim, never
    /// evaluated, and answered as JSON (the pages put it in the document as text, never as markup).
    /// </summary>
    [Fact]
    public async Task FreeText_WithMarkupSqlAndTemplates_IsKeptVerbatim_AndAnsweredAsJson()
    {
        const string Reason = "'; DROP TABLE orleansstorage;-- <script>alert(1)</script> {{7*7}} ${jndi:ldap://x}";
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-TRIP", TripCancellationWithoutRefundDecision("T-1")))).JsonAsync(HttpStatusCode.Created);
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-OSTEO", Line("RC.ALTMED", 40m, element: "osteopathy")))).JsonAsync(HttpStatusCode.Created);

        var documents = await staff.PostJsonAsync($"/api/claims/{memberId}/INV-TRIP/documents", new { documents = new[] { "<img src=x onerror=alert(1)>" } });
        var refused = await staff.PostJsonAsync($"/api/claims/{memberId}/INV-TRIP/resolution", new { refuse = true, reason = Reason });
        var reversed = await staff.PostJsonAsync($"/api/claims/{memberId}/INV-OSTEO/reversal", new { reason = Reason });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { documents.StatusCode, refused.StatusCode, reversed.StatusCode });
        Assert.All(new[] { documents, refused, reversed }, r => Assert.Equal("application/json", r.Content.Headers.ContentType?.MediaType));
        var trip = await staff.GetJsonAsync($"/api/claims/{memberId}/INV-TRIP");
        Assert.Equal("refused", trip["status"].Text());
        Assert.Contains("<img src=x onerror=alert(1)>", trip["documents"]!.AsArray().Select(d => d.Text()));
        Assert.Contains(trip["history"]!.AsArray(), h => h!["note"].Text().Contains(Reason, StringComparison.Ordinal));
        var osteo = await staff.GetJsonAsync($"/api/claims/{memberId}/INV-OSTEO");
        Assert.Equal("reversed", osteo["status"].Text());
        Assert.Contains(osteo["history"]!.AsArray(), h => h!["note"].Text().Contains(Reason, StringComparison.Ordinal));
    }

    /// <summary>Whether the request path fits the route pattern; a path that is not a valid path (a NUL in it) fits none.</summary>
    private static bool Matches(string pattern, string path)
    {
        try
        {
            return new TemplateMatcher(TemplateParser.Parse(pattern.TrimStart('/')), new RouteValueDictionary())
                .TryMatch(path.Split('?')[0], new RouteValueDictionary());
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>
/// The same matrix on PostgreSQL, where "nothing persisted" is also read in the database: no row of the host's
/// storage is written, added or removed by a hostile request.
/// </summary>
[Collection(PostgresHostCollection.Name)]
public sealed class HostileInputMatrixOnPostgresTests(PostgresHostFixture postgres)
{
    [PostgresTheory]
    [MemberData(nameof(HostileRequests.Names), MemberType = typeof(HostileRequests))]
    public Task Request_Hostile_Exact4xxProblem_AndNothingPersisted(string name) => HostileRequests.RunAsync(postgres.Host!, name, PostgresHostFixture.ConnectionString);
}

/// <summary>
/// One hostile request: what is sent (a path and body with <see cref="HostileWorld"/> placeholders, a token kind) and
/// the exact answer: the status and the fields <c>errors</c> names (none: no <c>errors</c>; null: no body at all).
/// </summary>
public sealed record HostileCase(string Category, string Name, string Method, string Path, Func<HostileWorld, HttpContent?> Body, string Token, int Status,
    IReadOnlyList<string>? Fields);

/// <summary>
/// The seeded family every row aims at: main affiliate with a paid claim, spouse with a pended one; and ids no one
/// has used, which only hostile requests name and which must stay unknown.
/// </summary>
public sealed record HostileWorld(string H, string MainH, string SpouseH, string Paid, string Pended, string NewFamily, string NewMember, string NewInvoice)
{
    /// <summary>Placeholders as ids, to match the rows' paths against route patterns.</summary>
    public static readonly HostileWorld Placeholder = new("F-1", "M-1", "M-2", "INV-1", "INV-2", "F-9", "M-9", "INV-9");

    public string Fill(string template) => template
        .Replace("$H", H, StringComparison.Ordinal).Replace("$mainH", MainH, StringComparison.Ordinal).Replace("$spouseH", SpouseH, StringComparison.Ordinal)
        .Replace("$paid", Paid, StringComparison.Ordinal).Replace("$pended", Pended, StringComparison.Ordinal)
        .Replace("$newFamily", NewFamily, StringComparison.Ordinal).Replace("$newMember", NewMember, StringComparison.Ordinal)
        .Replace("$newInvoice", NewInvoice, StringComparison.Ordinal);

    /// <summary>What the rows could change: read back (status and body) before and after each row.</summary>
    public IReadOnlyList<string> StatePaths =>
    [
        $"/api/families/{H}",
        $"/api/families/{H}/claims",
        $"/api/families/{H}/members/{MainH}",
        $"/api/families/{H}/members/{SpouseH}",
        $"/api/families/{H}/members/{MainH}/caps?year=2026",
        $"/api/families/{H}/members/{SpouseH}/caps?year=2026",
        $"/api/families/{H}/members/{MainH}/audit",
        $"/api/families/{H}/members/{SpouseH}/audit",
        $"/api/families/{H}/members/{MainH}/claims",
        $"/api/families/{H}/members/{SpouseH}/claims",
        $"/api/claims/{MainH}/{Paid}",
        $"/api/claims/{SpouseH}/{Pended}",
        $"/api/claims/{SpouseH}/{Pended}/files",
        $"/api/families/{H}/members/{SpouseH}/files",
        "/api/claims/pended",
        "/api/processing-times",
    ];

    /// <summary>Named only by hostile requests: must stay 404.</summary>
    public IReadOnlyList<string> UnknownPaths =>
    [
        $"/api/families/{NewFamily}",
        $"/api/families/{H}/members/{NewMember}",
        $"/api/claims/{MainH}/{NewInvoice}",
        $"/api/claims/{SpouseH}/{NewInvoice}",
    ];
}

/// <summary>The rows of the hostile matrix, by category, and how one is run and checked.</summary>
public static class HostileRequests
{
    private const string Sql = "'; DROP TABLE orleansstorage;--";
    private const string Script = "<script>alert(1)</script>";
    private const string Template = "{{7*7}}";
    private const string Jndi = "${jndi:ldap://x}";
    private const string Nul = "M-\u0000-1";
    private const string Rtl = "M-\u202Egnp.exe";

    /// <summary>Stands for a raw JSON token (NaN, 1e400) in a body built as a JSON object.</summary>
    private const string RawMarker = "@@raw@@";

    private static readonly SemaphoreSlim Setup = new(1, 1);
    private static readonly Dictionary<HostFixture, HostileWorld> Worlds = [];

    public static readonly IReadOnlyList<HostileCase> All = Build();

    private static readonly Dictionary<string, HostileCase> ByName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static TheoryData<string> Names => [.. All.Select(c => c.Name)];

    /// <param name="postgres">The host's database, to compare its rows before and after too; null on in-memory storage.</param>
    public static async Task RunAsync(HostFixture host, string name, string? postgres = null)
    {
        var row = ByName[name];
        var world = await WorldAsync(host);
        try
        {
            var stored = postgres is null ? null : await StoredAsync(host, postgres);
            await CheckAsync(host, row, world);
            if (postgres is not null)
            {
                Assert.Equal(stored, await StoredAsync(host, postgres));
            }
        }
        catch
        {
            // A row that changed something would fail every row after it: the next row starts from a new family.
            await DropAsync(host);
            throw;
        }
    }

    private static async Task CheckAsync(HostFixture host, HostileCase row, HostileWorld world)
    {
        var name = row.Name;
        var staff = host.CreateClient(TestUser.FrontDesk);
        var before = await SnapshotAsync(staff, world);

        using var request = HostileTokens.Request(host, row, world);
        var response = await host.CreateClient().SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(row.Status == (int)response.StatusCode, $"{name}: expected {row.Status}, got {(int)response.StatusCode}: {Shorten(text)}");
        if (row.Fields is null)
        {
            Assert.Equal("", text);
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!;
            Assert.Equal(row.Status, problem["status"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(problem["type"]?.GetValue<string>()), $"{name}: no type: {Shorten(text)}");
            Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()), $"{name}: no title: {Shorten(text)}");
            var named = problem["errors"]?.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToArray() ?? [];
            Assert.True(row.Fields.Order(StringComparer.Ordinal).SequenceEqual(named), $"{name}: errors should name [{string.Join(", ", row.Fields)}]: {Shorten(text)}");
        }

        var after = await SnapshotAsync(staff, world);
        Assert.Equal(before, after);
        Assert.All(world.UnknownPaths, p => Assert.Contains($"{p} 404", after));
    }

    private static async Task<List<string>> SnapshotAsync(HttpClient staff, HostileWorld world)
    {
        var state = new List<string>();
        foreach (var path in world.StatePaths)
        {
            var response = await staff.GetAsync(path);
            state.Add($"{path} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // A 404 carries a trace id: its status is what must not change.
        foreach (var path in world.UnknownPaths)
        {
            state.Add($"{path} {(int)(await staff.GetAsync(path)).StatusCode}");
        }

        return state;
    }

    /// <summary>Every grain state row of the host's service, with its version; the calendar's is left out: it is the clock and ticks by itself.</summary>
    private static async Task<List<string>> StoredAsync(HostFixture host, string postgres)
    {
        var serviceId = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT grain_type, grain_id_extension, version FROM orleans_grain_state WHERE service_id = @service AND grain_type <> 'calendar' ORDER BY 1, 2", connection);
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)} {reader.GetString(1)} v{reader.GetInt32(2)}");
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static async Task<HostileWorld> WorldAsync(HostFixture host)
    {
        await Setup.WaitAsync();
        try
        {
            if (!Worlds.TryGetValue(host, out var world))
            {
                var staff = host.CreateClient(TestUser.FrontDesk);
                var (h, mainH) = await staff.EnrolledFamilyAsync();
                var spouseH = await staff.CoAffiliateAsync(h, "spouseOrPartner", "1982-02-02");
                var paid = NewId("INV-PAID");
                var pended = NewId("INV-PENDED");
                Assert.Equal("approved", (await (await staff.PostJsonAsync("/api/claims", ClaimBody(h, mainH, paid, Line("RC.ALTMED", 40m, element: "osteopathy"))))
                    .JsonAsync(HttpStatusCode.Created))["status"].Text());
                Assert.Equal("pended", (await (await staff.PostJsonAsync("/api/claims", ClaimBody(h, spouseH, pended, TripCancellationWithoutRefundDecision("T-H"))))
                    .JsonAsync(HttpStatusCode.Created))["status"].Text());
                world = new HostileWorld(h, mainH, spouseH, paid, pended, NewId("F-HOSTILE"), NewId("M-HOSTILE"), NewId("INV-HOSTILE"));
                Worlds[host] = world;
            }

            return world;
        }
        finally
        {
            Setup.Release();
        }
    }

    private static async Task DropAsync(HostFixture host)
    {
        await Setup.WaitAsync();
        Worlds.Remove(host);
        Setup.Release();
    }

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;

    // ---------------------------------------------------------------- the rows

    private static List<HostileCase> Build()
    {
        var rows = new List<HostileCase>();
        void Add(string category, string name, string method, string path, Func<HostileWorld, HttpContent?> body, int status, params string[]? fields) =>
            rows.Add(new HostileCase(category, name, method, path, body, path.StartsWith("/api/processing-times", StringComparison.Ordinal) ? "admin" : "frontdesk", status, fields));
        void AddAs(string token, string category, string name, string method, string path, Func<HostileWorld, HttpContent?> body, int status, params string[]? fields) =>
            rows.Add(new HostileCase(category, name, method, path, body, token, status, fields));

        const string Families = "/api/families";
        const string Level = "/api/families/$H/level";
        const string Members = "/api/families/$H/members";
        const string Removal = "/api/families/$H/members/$spouseH/removal";
        const string Payments = "/api/families/$H/payments";
        const string Resignation = "/api/families/$H/resignation";
        const string Readmission = "/api/families/$H/readmission";
        const string Periods = "/api/families/$H/members/$spouseH/statutory-periods";
        const string Person = "/api/families/$H/members/$spouseH/person";
        const string Claims = "/api/claims";
        const string Documents = "/api/claims/$spouseH/$pended/documents";
        const string Resolution = "/api/claims/$spouseH/$pended/resolution";
        const string Reversal = "/api/claims/$mainH/$paid/reversal";
        const string Correction = "/api/claims/$mainH/$paid/correction";
        const string CorrectionPreview = "/api/claims/$mainH/$paid/correction-preview";
        const string Estimates = "/api/estimates";
        const string Times = "/api/processing-times";
        const string ClaimFiles = "/api/claims/$spouseH/$pended/files";
        const string MemberFiles = "/api/families/$H/members/$spouseH/files";

        // Uploads: a file is what its bytes are, whatever its name says; a refused upload stores none of its files.
        Add("upload", "claim files: an executable named invoice.pdf", "POST", ClaimFiles, _ => TestFiles.Upload("invoice.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03]), 400, "files[0]");
        Add("upload", "claim files: a PDF cut in half beside a good photo", "POST", ClaimFiles,
            _ => TestFiles.Upload([("photo.jpg", TestFiles.PhotoWithGps()), ("cut.pdf", TestFiles.BrokenPdf())]), 400, "files[1]");
        Add("upload", "claim files: script as the type", "POST", ClaimFiles, _ => TestFiles.Upload("photo.png", TestFiles.Png(), Script), 400, "types[0]");
        Add("upload", "claim files: JSON instead of multipart", "POST", ClaimFiles, Raw("{\"files\":[\"invoice.pdf\"]}"), 415, "body");
        Add("upload", "member files: no type", "POST", MemberFiles, _ => TestFiles.Upload("certificate.pdf", TestFiles.Pdf()), 400, "types");
        Add("upload", "member files: a claim's type", "POST", MemberFiles, _ => TestFiles.Upload("certificate.pdf", TestFiles.Pdf(), "invoice"), 400, "types[0]");
        Add("upload", "confirmation: SQL as the file id", "POST", "/api/files/" + Uri.EscapeDataString(Sql) + "/confirmation", Raw("{\"requiredDocument\":\"travel-invoices\"}"), 400, "documentId");
        Add("upload", "confirmation: a file nobody sent", "POST", "/api/files/D-nothing/confirmation", Raw("{\"requiredDocument\":\"travel-invoices\"}"), 404, "documentId");

        // Malformed JSON: the problem names where the reader stopped.
        Add("malformed JSON", "enrol: single-quoted names", "POST", Families, Raw("{'familyId':'F-1'}"), 400, "body");
        Add("malformed JSON", "claim: trailing comma", "POST", Claims, Raw("{\"familyId\":\"$H\",\"memberId\":\"$mainH\",\"invoiceReference\":\"$newInvoice\",\"channel\":\"app\",}"), 400, "body");
        Add("malformed JSON", "level: unquoted name", "POST", Level, Raw("{level:\"RC\"}"), 400, "body");
        Add("malformed JSON", "resolution: bare word tru", "POST", Resolution, Raw("{\"refuse\":tru}"), 400, "refuse");
        Add("malformed JSON", "reversal: a second closing brace", "POST", Reversal, Raw("{\"reason\":\"duplicate\"}}"), 400, "body");
        Add("malformed JSON", "correction: a second closing brace", "POST", Correction, Raw("{\"reason\":\"wrong amount\",\"lines\":[]}}"), 400, "body");
        Add("malformed JSON", "correction preview: truncated", "POST", CorrectionPreview, Raw("{\"reason\":\"wrong amount\",\"lines\":["), 400, "lines[0]");
        Add("malformed JSON", "estimate: a comment", "POST", Estimates, Raw("/* hi */{}"), 400, "body");
        Add("malformed JSON", "removal: empty body", "POST", Removal, Raw(""), 400, "body");
        Add("malformed JSON", "resignation: null", "POST", Resignation, Raw("null"), 400, "body");
        Add("malformed JSON", "readmission: NUL byte after the object", "POST", Readmission, Bytes("{\"applicationReceived\":\"2026-11-01\",\"level\":\"RC\"}\0"u8.ToArray()), 400, "body");
        Add("malformed JSON", "add member: invalid UTF-8 in a string", "POST", Members, Bytes([.. "{\"memberId\":\"M-"u8, 0xC3, 0x28, .. "\"}"u8]), 400, "memberId");
        Add("malformed JSON", "enrol: arrays nested 200 deep", "POST", Families, Raw("{\"eligibility\":" + new string('[', 200) + new string(']', 200) + "}"), 400, "eligibility");
        Add("malformed JSON", "documents: lone surrogate escape", "POST", Documents, Raw("{\"documents\":[\"\\ud800\"]}"), 400, "documents[0]");

        // Truncated JSON.
        Add("truncated JSON", "enrol: cut after a name", "POST", Families, Raw("{\"familyId\":"), 400, "familyId");
        Add("truncated JSON", "claim: cut inside a line", "POST", Claims, Raw("{\"familyId\":\"$H\",\"memberId\":\"$mainH\",\"invoiceReference\":\"$newInvoice\",\"channel\":\"app\",\"lines\":[{\"benefitCode\":\"RC.ALTMED\",\"invo"), 400, "lines[0]");
        Add("truncated JSON", "statutory periods: unclosed array", "PUT", Periods, Raw("[{\"from\":\"2010-01-01\"}"), 400, "[1]");
        Add("truncated JSON", "processing times: cut after weeks", "PUT", Times, Raw("[{\"department\":\"national\",\"channel\":\"app\",\"weeks\":"), 400, "[0].weeks");
        Add("truncated JSON", "documents: unclosed list", "POST", Documents, Raw("{\"documents\":[\"refund-decision\""), 400, "documents[1]");
        Add("truncated JSON", "payment: cut inside an amount", "POST", Payments, Raw("{\"year\":2026,\"amount\":30"), 400, "amount");
        Add("truncated JSON", "estimate: cut inside a string", "POST", Estimates, Raw("{\"familyId\":\"F-"), 400, "familyId");

        // Wrong JSON types.
        Add("wrong type", "enrol: level as a number", "POST", Families, Enrol(o => o["level"] = 3), 400, "level");
        Add("wrong type", "enrol: eligibility as an array", "POST", Families, Enrol(o => o["eligibility"] = new JsonArray()), 400, "eligibility");
        Add("wrong type", "enrol: statutory periods as an object", "POST", Families, Enrol(o => o["statutoryPeriods"] = new JsonObject()), 400, "statutoryPeriods");
        Add("wrong type", "enrol: family id as a number", "POST", Families, Enrol(o => o["familyId"] = 12345), 400, "familyId");
        Add("wrong type", "claim: lines as a string", "POST", Claims, Claim(o => o["lines"] = "lines"), 400, "lines");
        Add("wrong type", "claim: amount as a string", "POST", Claims, Claim(o => Line0(o)["invoiced"] = "40"), 400, "lines[0].invoiced");
        Add("wrong type", "claim: units as true", "POST", Claims, Claim(o => Line0(o)["units"] = true), 400, "lines[0].units");
        Add("wrong type", "payment: year as a string", "POST", Payments, Payment(o => o["year"] = "2026"), 400, "year");
        Add("wrong type", "payment: body as an array", "POST", Payments, Raw("[1,2,3]"), 400, "body");
        Add("wrong type", "processing times: body as an object", "PUT", Times, Raw("{\"department\":\"national\",\"channel\":\"app\",\"weeks\":6}"), 400, "body");
        Add("wrong type", "processing times: weeks as a string", "PUT", Times, ProcessingTimes(o => o["weeks"] = "4"), 400, "[0].weeks");
        Add("wrong type", "resolution: refuse as \"yes\"", "POST", Resolution, Resolve(o => o["refuse"] = "yes"), 400, "refuse");
        Add("wrong type", "documents: a string for the list", "POST", Documents, Raw("{\"documents\":\"refund-decision\"}"), 400, "documents");
        Add("wrong type", "statutory periods: date as a number", "PUT", Periods, Raw("[{\"from\":20100101}]"), 400, "[0].from");
        Add("wrong type", "reversal: reason as an array", "POST", Reversal, Raw("{\"reason\":[\"duplicate\"]}"), 400, "reason");
        Add("wrong type", "correction: lines as an object", "POST", Correction, Raw("{\"reason\":\"wrong amount\",\"lines\":{}}"), 400, "lines");
        Add("wrong type", "correction: no lines", "POST", Correction, Raw("{\"reason\":\"wrong amount\"}"), 400, "lines");
        Add("negative", "correction: negative invoiced", "POST", Correction,
            Raw("{\"reason\":\"wrong amount\",\"lines\":[{\"benefitCode\":\"RC.ALTMED\",\"dateOfCare\":\"2026-09-15\",\"invoiced\":-5,\"statutoryReimbursement\":0,\"element\":\"osteopathy\"}]}"), 400, "lines[0].invoiced", "lines[0].statutoryReimbursement");
        Add("control characters", "correction: NUL in the reason", "POST", CorrectionPreview,
            Raw("{\"reason\":\"wrong\\u0000amount\",\"lines\":[{\"benefitCode\":\"RC.ALTMED\",\"dateOfCare\":\"2026-09-15\",\"invoiced\":80,\"statutoryReimbursement\":0,\"element\":\"osteopathy\"}]}"), 400, "reason");
        Add("wrong type", "add member: boolean as a string", "POST", Members, AddMember(o => o["coInsuredWithMainAffiliate"] = "true"), 400, "coInsuredWithMainAffiliate");
        Add("wrong type", "estimate: a line as an array", "POST", Estimates, Estimate(o => o["lines"] = new JsonArray(new JsonArray())), 400, "lines[0]");
        Add("wrong type", "level: date as an object", "POST", Level, Raw("{\"requestReceived\":{},\"level\":\"RC\"}"), 400, "requestReceived");

        // Huge numbers.
        Add("huge number", "claim: 1e308 euros", "POST", Claims, Claim(o => Line0(o)["invoiced"] = RawToken(o, "1e308")), 400, "lines[0].invoiced");
        Add("huge number", "claim: 99999999999999999999 euros", "POST", Claims, Claim(o => Line0(o)["invoiced"] = RawToken(o, "99999999999999999999")), 400, "lines[0].invoiced");
        Add("huge number", "payment: long.MaxValue + 1 cents", "POST", Payments, Payment(o => o["amount"] = RawToken(o, "92233720368547758.08")), 400, "amount");
        Add("huge number", "payment: year 99999999999999999999", "POST", Payments, Payment(o => o["year"] = RawToken(o, "99999999999999999999")), 400, "year");
        Add("huge number", "processing times: weeks int.MaxValue + 1", "PUT", Times, ProcessingTimes(o => o["weeks"] = RawToken(o, "2147483648")), 400, "[0].weeks");
        Add("huge number", "claim: units int.MaxValue + 1", "POST", Claims, Claim(o => Line0(o)["units"] = RawToken(o, "2147483648")), 400, "lines[0].units");
        Add("huge number", "resolution: tariff 1e400", "POST", Resolution, Resolve(o => o["officialTariff"] = RawToken(o, "1e400")), 400, "officialTariff");
        Add("huge number", "estimate: beyond decimal's range", "POST", Estimates, Estimate(o => Line0(o)["invoiced"] = RawToken(o, "-99999999999999999999999999999999")), 400, "lines[0].invoiced");

        // More than two decimals: refused, not rounded.
        Add("decimals", "payment: 300.001 euros", "POST", Payments, Payment(o => o["amount"] = RawToken(o, "300.001")), 400, "amount");
        Add("decimals", "resolution: tariff 10.005", "POST", Resolution, Resolve(o => o["officialTariff"] = RawToken(o, "10.005")), 400, "officialTariff");
        Add("decimals", "claim: statutory share 0.001", "POST", Claims, Claim(o => Line0(o)["statutoryReimbursement"] = RawToken(o, "0.001")), 400, "lines[0].statutoryReimbursement");
        Add("decimals", "estimate: 28 decimals", "POST", Estimates, Estimate(o => Line0(o)["invoiced"] = RawToken(o, "25.0000000000000000000000001")), 400, "lines[0].invoiced");
        // More digits than a decimal holds: the parse would round 300.000…1 to 300.00; refused all the same.
        Add("decimals", "payment: 34 digits, rounded away by a decimal", "POST", Payments, Payment(o => o["amount"] = RawToken(o, "300.0000000000000000000000000000001")), 400, "amount");
        Add("decimals", "claim: statutory share 39.999…9, rounded up by a decimal", "POST", Claims,
            Claim(o => Line0(o)["statutoryReimbursement"] = RawToken(o, "39.99999999999999999999999999999999")), 400, "lines[0].statutoryReimbursement");
        Add("decimals", "claim: invoiced 1e28, whose cents a decimal cannot hold", "POST", Claims, Claim(o => Line0(o)["invoiced"] = RawToken(o, "1e28")), 400, "lines[0].invoiced");

        // A field sent twice: which value counts would be a guess; refused, naming the field.
        Add("duplicate field", "claim: memberId twice, the second another member's", "POST", Claims,
            Raw("{\"familyId\":\"$H\",\"memberId\":\"$mainH\",\"memberId\":\"$spouseH\",\"invoiceReference\":\"$newInvoice\",\"channel\":\"app\",\"lines\":[]}"), 400, "memberId");
        Add("duplicate field", "payment: amount twice", "POST", Payments, Raw("{\"year\":2026,\"amount\":300.00,\"amount\":0.01,\"paidOn\":\"2026-01-10\"}"), 400, "amount");
        Add("duplicate field", "enrol: familyId twice, in another case", "POST", Families,
            Raw("{\"familyId\":\"$newFamily\",\"FamilyId\":\"$H\",\"mainMemberId\":\"$newMember\"}"), 400, "FamilyId");
        Add("duplicate field", "estimate: a line's invoiced twice", "POST", Estimates,
            Raw("{\"familyId\":\"$H\",\"memberId\":\"$mainH\",\"lines\":[{\"benefitCode\":\"RC.ALTMED\",\"invoiced\":40,\"invoiced\":4000}]}"), 400, "lines[0].invoiced");

        // Negative amounts and counts.
        Add("negative", "payment: -300 euros", "POST", Payments, Payment(o => o["amount"] = -300), 400, "amount");
        Add("negative", "payment: zero euros", "POST", Payments, Payment(o => o["amount"] = 0), 400, "amount");
        Add("negative", "claim: statutory share -0.01", "POST", Claims, Claim(o => Line0(o)["statutoryReimbursement"] = -0.01m), 400, "lines[0].statutoryReimbursement");
        Add("negative", "estimate: invoiced -40 (below the statutory share too)", "POST", Estimates, Estimate(o => Line0(o)["invoiced"] = -40), 400,
            "lines[0].invoiced", "lines[0].statutoryReimbursement");
        Add("negative", "claim: tariff -5", "POST", Claims, Claim(o => Line0(o)["officialTariff"] = -5), 400, "lines[0].officialTariff");
        Add("negative", "resolution: tariff -1", "POST", Resolution, Resolve(o => o["officialTariff"] = -1), 400, "officialTariff");
        Add("negative", "processing times: -1 weeks", "PUT", Times, ProcessingTimes(o => o["weeks"] = -1), 400, "[0].weeks");
        Add("negative", "claim: -1 units", "POST", Claims, Claim(o => Line0(o)["units"] = -1), 400, "lines[0].units");

        // NaN and infinities, as strings and as bare tokens (which JSON does not have).
        Add("NaN/Infinity", "claim: \"NaN\"", "POST", Claims, Claim(o => Line0(o)["invoiced"] = "NaN"), 400, "lines[0].invoiced");
        Add("NaN/Infinity", "claim: bare NaN", "POST", Claims, Claim(o => Line0(o)["invoiced"] = RawToken(o, "NaN")), 400, "lines[0].invoiced");
        Add("NaN/Infinity", "payment: \"Infinity\"", "POST", Payments, Payment(o => o["amount"] = "Infinity"), 400, "amount");
        Add("NaN/Infinity", "payment: bare -Infinity", "POST", Payments, Payment(o => o["amount"] = RawToken(o, "-Infinity")), 400, "amount");
        Add("NaN/Infinity", "estimate: \"-Infinity\"", "POST", Estimates, Estimate(o => Line0(o)["invoiced"] = "-Infinity"), 400, "lines[0].invoiced");
        Add("NaN/Infinity", "processing times: bare NaN weeks", "PUT", Times, ProcessingTimes(o => o["weeks"] = RawToken(o, "NaN")), 400, "[0].weeks");
        Add("NaN/Infinity", "resolution: bare Infinity tariff", "POST", Resolution, Resolve(o => o["officialTariff"] = RawToken(o, "Infinity")), 400, "officialTariff");

        // Huge strings: a field over its length (body under 256 KB), or a body over 256 KB because of one field.
        Add("huge string", "claim: 200 KB benefit code", "POST", Claims, Claim(o => Line0(o)["benefitCode"] = new string('C', 200 * 1024)), 400, "lines[0].benefitCode");
        Add("huge string", "enrol: 1 MB family id", "POST", Families, Enrol(o => o["familyId"] = new string('F', 1024 * 1024)), 400, "body");
        Add("huge string", "reversal: 200 KB reason", "POST", Reversal, Reverse(o => o["reason"] = new string('r', 200 * 1024)), 400, "reason");
        Add("huge string", "resolution: 1 MB reason", "POST", Resolution, Resolve(o => o["reason"] = new string('r', 1024 * 1024)), 400, "body");
        Add("huge string", "enrol: 100 KB region", "POST", Families, Enrol(o => o["eligibility"]!["domicileRegion"] = new string('R', 100 * 1024)), 400, "eligibility.domicileRegion");
        Add("huge string", "documents: 21 documents", "POST", Documents, DocumentsBody(o => o["documents"] = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)$"doc-{i}")])), 400, "documents");
        Add("huge string", "documents: a 101-character name", "POST", Documents, DocumentsBody(o => o["documents"] = new JsonArray(new string('d', 101))), 400, "documents[0]");
        Add("huge string", "claim: 65-character trip id", "POST", Claims, Claim(o => Line0(o)["tripId"] = new string('T', 65)), 400, "lines[0].tripId");

        // Injection strings in ids and codes: ids are letters, digits, '-', '_' and '.'; codes are a closed list.
        Add("injection", "enrol: SQL in the family id", "POST", Families, Enrol(o => o["familyId"] = Sql), 400, "familyId");
        Add("injection", "enrol: script in the main member id", "POST", Families, Enrol(o => o["mainMemberId"] = Script), 400, "mainMemberId");
        Add("injection", "claim: template in the invoice reference", "POST", Claims, Claim(o => o["invoiceReference"] = Template), 400, "invoiceReference");
        Add("injection", "claim: JNDI lookup in the member id", "POST", Claims, Claim(o => o["memberId"] = Jndi), 400, "memberId");
        Add("injection", "claim: NUL in the family id", "POST", Claims, Claim(o => o["familyId"] = Nul), 400, "familyId");
        Add("injection", "add member: RTL override in the member id", "POST", Members, AddMember(o => o["memberId"] = Rtl), 400, "memberId");
        Add("injection", "estimate: path traversal in the member id", "POST", Estimates, Estimate(o => o["memberId"] = "../../M-1"), 400, "memberId");
        Add("injection", "claim: SQL as the benefit code", "POST", Claims, Claim(o => Line0(o)["benefitCode"] = Sql), 400, "lines[0].benefitCode");
        Add("injection", "claim: script as the country of care", "POST", Claims, Claim(o => Line0(o)["countryOfCare"] = Script), 400, "lines[0].countryOfCare");
        Add("injection", "enrol: NUL in the domicile country", "POST", Families, Enrol(o => o["eligibility"]!["domicileCountry"] = "L\u0000"), 400, "eligibility.domicileCountry");
        Add("injection", "enrol: SQL comment in the level", "POST", Families, Enrol(o => o["level"] = "RC'--"), 400, "level");
        Add("injection", "enrol: JNDI lookup as the reason", "POST", Families, Enrol(o => o["reason"] = Jndi), 400, "reason");
        Add("injection", "add member: script as the kind", "POST", Members, AddMember(o => o["kind"] = Script), 400, "kind");
        Add("injection", "processing times: SQL as the department", "PUT", Times, ProcessingTimes(o => o["department"] = Sql), 400, "[0].department");
        Add("injection", "claim: template as the channel", "POST", Claims, Claim(o => o["channel"] = Template), 400, "channel");
        Add("injection", "enrol: SQL as the insurance", "POST", Families, Enrol(o => o["eligibility"]!["insurance"] = Sql), 400, "eligibility.insurance");

        // Control characters in free text: NUL and bidirectional overrides are refused wherever text is accepted.
        Add("control characters", "reversal: NUL in the reason", "POST", Reversal, Reverse(o => o["reason"] = "dup\u0000licate"), 400, "reason");
        Add("control characters", "resolution: RTL override in the reason", "POST", Resolution, Resolve(o => o["reason"] = "refused \u202Eesaeler"), 400, "reason");
        Add("control characters", "documents: NUL in a document name", "POST", Documents, DocumentsBody(o => o["documents"] = new JsonArray("refund\u0000decision")), 400, "documents[0]");
        Add("control characters", "claim: RTL override in the element", "POST", Claims, Claim(o => Line0(o)["element"] = "osteo\u202Epathy"), 400, "lines[0].element");
        Add("control characters", "claim: NUL in the trip id", "POST", Claims, Claim(o => Line0(o)["tripId"] = "T\u0000-1"), 400, "lines[0].tripId");
        Add("control characters", "person: RTL override in the surname", "PUT", Person, PersonBody(o => o["surname"] = "Weber\u202Erebew"), 400, "surname");
        Add("control characters", "person: NUL in the given names", "PUT", Person, PersonBody(o => o["givenNames"] = "An\u0000ne"), 400, "givenNames");
        Add("person", "person: a national number with a wrong check digit", "PUT", Person, PersonBody(o => o["nationalNumber"] = "1893120105733"), 400, "nationalNumber");
        Add("person", "person: SQL as the surname is kept as text, but a national number of letters is refused", "PUT", Person,
            PersonBody(o => { o["surname"] = "'; DROP TABLE cmcm_person;--"; o["nationalNumber"] = "ABCDEFGHIJKLM"; }), 400, "nationalNumber");
        Add("control characters", "enrol: NUL as the region", "POST", Families, Enrol(o => o["eligibility"]!["domicileRegion"] = "\u0000"), 400, "eligibility.domicileRegion");
        Add("control characters", "resolution: escape sequence in a circumstance", "POST", Resolution, Resolve(o => o["circumstances"] = new JsonArray("illness\u001b[2J")), 400, "circumstances[0]");

        // Bad ids in paths: a 400 naming the route's field, before any grain is asked.
        Add("path id", "family: SQL", "GET", "/api/families/" + Uri.EscapeDataString(Sql), None, 400, "familyId");
        Add("path id", "caps: script as the member", "GET", "/api/families/$H/members/" + Uri.EscapeDataString(Script) + "/caps", None, 400, "memberId");
        Add("path id", "claim: template as the member", "GET", "/api/claims/" + Uri.EscapeDataString(Template) + "/INV-1", None, 400, "memberId");
        Add("path id", "reversal: JNDI lookup as the invoice", "POST", "/api/claims/$mainH/" + Uri.EscapeDataString(Jndi) + "/reversal", Reverse(_ => { }), 400, "invoiceReference");
        Add("path id", "family: ..%2F traversal", "GET", "/api/families/..%2F..%2Fetc%2Fpasswd", None, 400, "familyId");
        Add("path id", "family: unicode", "GET", "/api/families/F%C3%A4mily", None, 400, "familyId");
        Add("path id", "family: 5 KB id", "GET", "/api/families/" + new string('F', 5 * 1024), None, 400, "familyId");
        // Kestrel refuses these before the application sees them: the status alone, no body.
        Add("path id", "family: 10 KB id, over the request-line limit", "GET", "/api/families/" + new string('F', 10 * 1024), None, 414, null);
        Add("path id", "family: NUL", "GET", "/api/families/F%00X", None, 400, null);
        Add("path id", "statutory periods: NUL as the member", "PUT", "/api/families/$H/members/M%00/statutory-periods", PeriodsBody(_ => { }), 400, null);
        Add("path id", "family: a blank", "GET", "/api/families/%20", None, 400, "familyId");
        Add("path id", "claim: empty member segment", "GET", "/api/claims//INV-1", None, 404, "path");
        Add("path id", "removal: RTL override as the member", "POST", "/api/families/$H/members/" + Uri.EscapeDataString(Rtl) + "/removal", Effective(_ => { }), 400, "memberId");
        Add("path id", "audit: a blank member id", "GET", "/api/families/$H/members/%20/audit", None, 400, "memberId");
        Add("path id", "documents: script as the invoice", "POST", "/api/claims/$spouseH/" + Uri.EscapeDataString(Script) + "/documents", DocumentsBody(_ => { }), 400, "invoiceReference");
        Add("path id", "payment: SQL as the family", "POST", "/api/families/" + Uri.EscapeDataString(Sql) + "/payments", Payment(_ => { }), 400, "familyId");
        Add("path id", "edition: SQL", "GET", "/api/catalogue/editions/" + Uri.EscapeDataString(Sql), None, 404, "edition");
        Add("path id", "member: impossible date in ?on", "GET", "/api/families/$H/members/$mainH?on=2026-02-30", None, 400, "on");
        Add("path id", "caps: year 99999999999999999999", "GET", "/api/families/$H/members/$mainH/caps?year=99999999999999999999", None, 400, "year");
        Add("path id", "caps: year -1", "GET", "/api/families/$H/members/$mainH/caps?year=-1", None, 400, "year");

        // Codes that do not exist.
        Add("unknown code", "estimate: unknown benefit code", "POST", Estimates, Estimate(o => Line0(o)["benefitCode"] = "RC.DENTAL.FLAT.X"), 400, "lines[0].benefitCode");
        Add("unknown code", "claim: blank benefit code", "POST", Claims, Claim(o => Line0(o)["benefitCode"] = " "), 400, "lines[0].benefitCode");
        Add("unknown code", "processing times: channel fax", "PUT", Times, ProcessingTimes(o => o["channel"] = "fax"), 400, "[0].channel");
        AddAs("admin", "malformed JSON", "catalogue draft: cut in the middle", "POST", "/api/admin/catalogue/drafts", Raw("{\"edition\":\"x\",\"benefits\":["), 400, "draft");
        AddAs("admin", "wrong type", "catalogue draft: a benefit's tier unknown", "POST", "/api/admin/catalogue/drafts",
            Raw("{\"edition\":\"x\",\"effectiveFrom\":\"2027-01-01\",\"benefits\":[{\"code\":\"A\",\"tier\":\"<script>\",\"title\":\"t\",\"category\":\"medical\",\"rule\":{\"kind\":\"percentOfUncovered\",\"rate\":1}}]}"), 400, "benefits[0]");
        AddAs("admin", "injection", "publish: SQL as the date", "POST", "/api/admin/catalogue/drafts/d-none/publish", Raw("{\"effectiveFrom\":\"'; DROP TABLE cmcm_catalogue_edition;--\"}"), 400, "effectiveFrom");
        AddAs("admin", "injection", "shadow run: SQL as the draft id", "POST", "/api/admin/catalogue/shadow-runs",
            Raw("{\"draftId\":\"'; DROP TABLE cmcm_claim;--\",\"from\":\"2026-09-01\",\"to\":\"2026-09-30\"}"), 400, "draftId");
        AddAs("admin", "injection", "shadow run: cancel SQL as the run id", "DELETE", "/api/admin/catalogue/shadow-runs/" + Uri.EscapeDataString(Sql), None, 404, "runId");
        AddAs("admin", "injection", "draft: delete SQL as the draft id", "DELETE", "/api/admin/catalogue/drafts/" + Uri.EscapeDataString(Sql), None, 400, "draftId");
        AddAs("admin", "control characters", "withdrawal: a right-to-left override in the edition", "POST", "/api/admin/catalogue/editions/2027%E2%80%AEevil/withdrawal",
            Raw("{\"reason\":\"typo\"}"), 400, "edition");
        AddAs("admin", "control characters", "withdrawal: NUL in the reason", "POST", "/api/admin/catalogue/editions/e-none/withdrawal", Raw("{\"reason\":\"ty\\u0000po\"}"), 400, "reason");

        // Money: accounts, providers, runs, returns, payments (finance routes as admin, who holds the finance policy too).
        const string Accounts = "/api/families/$H/members/$mainH/bank-accounts";
        Add("invalid value", "bank account: IBAN with a wrong check digit", "POST", Accounts, Raw("{\"iban\":\"LU28 0019 4006 4475 0001\",\"holderName\":\"Anne Kieffer\"}"), 400, "iban");
        Add("control characters", "bank account: NUL in the holder's name", "POST", Accounts, Raw("{\"iban\":\"LU280019400644750000\",\"holderName\":\"An\\u0000ne\"}"), 400, "holderName");
        Add("injection", "bank account confirmation: SQL as the account id", "POST", "/api/bank-accounts/" + Uri.EscapeDataString(Sql) + "/confirmation", None, 400, "accountId");
        Add("control characters", "bank account refusal: NUL in the reason", "POST", "/api/bank-accounts/BA-none/refusal", Raw("{\"reason\":\"no\\u0000pe\"}"), 400, "reason");
        AddAs("admin", "invalid value", "provider: IBAN of letters", "POST", "/api/providers",
            Raw("{\"providerId\":\"P-HOSTILE\",\"name\":\"Clinique\",\"country\":\"FR\",\"iban\":\"FRXXXX\",\"bic\":\"BNPAFRPP\"}"), 400, "iban");
        AddAs("admin", "unknown code", "provider update: country XX", "PUT", "/api/providers/p-none",
            Raw("{\"name\":\"Clinique\",\"country\":\"XX\",\"iban\":\"FR1420041010050500013M02606\",\"bic\":\"BNPAFRPP\"}"), 400, "country");
        AddAs("admin", "invalid value", "payment run: cut-off 9999-12-31", "POST", "/api/payment-runs", Raw("{\"cutOff\":\"9999-12-31\"}"), 400, "cutOff");
        AddAs("admin", "injection", "bank return: SQL as the run id", "POST", "/api/payment-runs/" + Uri.EscapeDataString(Sql) + "/returns", None, 400, "runId");
        AddAs("admin", "injection", "payment confirmation: SQL as the payment id", "POST", "/api/payments/" + Uri.EscapeDataString(Sql) + "/confirmation", None, 400, "paymentId");
        AddAs("admin", "injection", "payment refusal: SQL as the payment id", "POST", "/api/payments/" + Uri.EscapeDataString(Sql) + "/refusal", None, 400, "paymentId");

        // Import, feedback, notices.
        AddAs("admin", "malformed JSON", "import: cut in the middle", "POST", "/api/admin/imports/families", Raw("{\"families\":["), 400, "families[0]");
        AddAs("mainH", "invalid value", "feedback: score 6", "POST", "/api/claims/$mainH/$paid/feedback", Raw("{\"score\":6}"), 400, "score");
        AddAs("mainH", "invalid value", "notices: an address without @", "PUT", "/api/families/$H/members/$mainH/notices", Raw("{\"email\":\"nobody\",\"language\":\"fr\"}"), 400, "email");
        AddAs("mainH", "injection", "notices: SQL as the member", "DELETE", "/api/families/$H/members/" + Uri.EscapeDataString(Sql) + "/notices", None, 400, "memberId");
        Add("unknown code", "enrol: level RC+PP+DO+XX", "POST", Families, Enrol(o => o["level"] = "RC+PP+DO+XX"), 400, "level");
        Add("unknown code", "add member: a second main affiliate", "POST", Members, AddMember(o => o["kind"] = "mainAffiliate"), 400, "kind");
        Add("unknown code", "enrol: three-letter country", "POST", Families, Enrol(o => o["eligibility"]!["domicileCountry"] = "LUX"), 400, "eligibility.domicileCountry");
        Add("unknown code", "edition: 1999-01", "GET", "/api/catalogue/editions/1999-01", None, 404, "edition");
        Add("unknown code", "level: numeric enum value", "POST", Level, ChangeLevel(o => o["level"] = "2"), 400, "level");

        // Impossible or implausible dates.
        Add("impossible date", "enrol: 30 February", "POST", Families, Enrol(o => o["mainBirthDate"] = "2026-02-30"), 400, "mainBirthDate");
        Add("impossible date", "enrol: year 0", "POST", Families, Enrol(o => o["applicationReceived"] = "0000-01-01"), 400, "applicationReceived");
        Add("impossible date", "payment: paid on 9999-12-31", "POST", Payments, Payment(o => o["paidOn"] = "9999-12-31"), 400, "paidOn");
        Add("impossible date", "resignation: effective 9999-12-31", "POST", Resignation, Effective(o => o["effective"] = "9999-12-31"), 400, "effective");
        Add("impossible date", "claim: care after receipt", "POST", Claims, Claim(o => o["receivedOn"] = "2026-09-01"), 400, "lines[0].dateOfCare");
        Add("impossible date", "claim: date as a number", "POST", Claims, Claim(o => Line0(o)["dateOfCare"] = 20260915), 400, "lines[0].dateOfCare");
        Add("impossible date", "level: month 13", "POST", Level, ChangeLevel(o => o["requestReceived"] = "2026-13-01"), 400, "requestReceived");
        Add("impossible date", "add member: born after being added", "POST", Members, AddMember(o => o["birthDate"] = "2026-01-01"), 400, "addedOn");
        Add("impossible date", "removal: 1899-12-31", "POST", Removal, Effective(o => o["effective"] = "1899-12-31"), 400, "effective");
        Add("impossible date", "statutory periods: ends before it starts", "PUT", Periods, PeriodsBody(o => o["to"] = "2009-12-31"), 400, "[0].to");
        Add("impossible date", "readmission: a timestamp, not a date", "POST", Readmission, Readmit(o => o["applicationReceived"] = "2026-11-01T00:00:00Z"), 400, "applicationReceived");
        Add("impossible date", "enrol: born after applying", "POST", Families, Enrol(o => o["mainBirthDate"] = "2025-12-11"), 400, "mainBirthDate");
        Add("impossible date", "estimate: care in 2099", "POST", Estimates, Estimate(o => Line0(o)["dateOfCare"] = "2099-01-01"), 400, "lines[0].dateOfCare");

        // Bodies over 256 KB, with a Content-Length and chunked.
        Add("oversized body", "claim: 300 KB of lines", "POST", Claims, Claim(o => o["lines"] = new JsonArray([.. Enumerable.Range(0, 3000).Select(_ => (JsonNode)new string('x', 100))])), 400, "body");
        Add("oversized body", "processing times: 300 KB chunked", "PUT", Times, Chunked("[" + string.Join(",", Enumerable.Repeat("{\"department\":\"national\",\"channel\":\"app\",\"weeks\":6}", 6000)) + "]"), 400, "body");
        Add("oversized body", "statutory periods: 300 KB", "PUT", Periods, Raw("[" + string.Join(",", Enumerable.Repeat("{\"from\":\"2010-01-01\"}", 16000)) + "]"), 400, "body");
        Add("oversized body", "documents: 300 KB chunked", "POST", Documents, Chunked("{\"documents\":[\"" + new string('d', 300 * 1024) + "\"]}"), 400, "body");

        // Not JSON.
        Add("content type", "claim: text/plain", "POST", Claims, Typed("{}", "text/plain"), 415, "body");
        Add("content type", "payment: a form", "POST", Payments, Typed("year=2026&amount=300", "application/x-www-form-urlencoded"), 415, "body");
        Add("content type", "processing times: XML", "PUT", Times, Typed("<weeks>6</weeks>", "application/xml"), 415, "body");
        Add("content type", "documents: no content type", "POST", Documents, _ => new ByteArrayContent("{\"documents\":[\"x\"]}"u8.ToArray()), 415, "body");
        Add("content type", "estimate: multipart", "POST", Estimates, _ => new MultipartFormDataContent { { new StringContent("{}"), "body" } }, 415, "body");

        // Tokens: missing, expired, forged, unsigned, of an unknown role, or of a role that may not.
        AddAs("none", "token", "claim: no token", "POST", Claims, Claim(_ => { }), 401, "Authorization");
        AddAs("expired", "token", "enrol: expired token", "POST", Families, Enrol(_ => { }), 401, "Authorization");
        AddAs("forged-key", "token", "payment: admin token signed with another key", "POST", Payments, Payment(_ => { }), 401, "Authorization");
        AddAs("alg-none", "token", "processing times: unsigned admin token (alg none)", "PUT", Times, ProcessingTimes(_ => { }), 401, "Authorization");
        AddAs("wrong-issuer", "token", "level: token of another issuer", "POST", Level, ChangeLevel(_ => { }), 401, "Authorization");
        AddAs("query", "token", "claim: token in the query string", "POST", Claims, Claim(_ => { }), 401, "Authorization");
        AddAs("basic", "token", "enrol: basic authentication", "POST", Families, Enrol(_ => { }), 401, "Authorization");
        AddAs("garbage", "token", "statutory periods: garbage bearer token", "PUT", Periods, PeriodsBody(_ => { }), 401, "Authorization");
        AddAs("unknown-role", "token", "resolution: a role that does not exist", "POST", Resolution, Resolve(_ => { }), 403, "Authorization");
        AddAs("frontdesk", "token", "processing times: front desk on an admin route", "PUT", Times, ProcessingTimes(_ => { }), 403, "Authorization");
        AddAs("mainH", "token", "reversal: a member on a staff route", "POST", Reversal, Reverse(_ => { }), 403, "Authorization");
        AddAs("mainH", "token", "documents: the main affiliate for the spouse", "POST", Documents, DocumentsBody(_ => { }), 403);
        AddAs("unknown-role", "token", "pended queue: a role that does not exist", "GET", "/api/claims/pended", None, 403, "Authorization");

        // Fields the API does not have, however tempting (mass assignment).
        Add("unknown field", "claim: status approved", "POST", Claims, Claim(o => o["status"] = "approved"), 400, "status");
        Add("unknown field", "enrol: __proto__", "POST", Families, Enrol(o => o["__proto__"] = new JsonObject { ["admin"] = true }), 400, "__proto__");
        Add("unknown field", "payment: another family id", "POST", Payments, Payment(o => o["familyId"] = "F-OTHER"), 400, "familyId");
        Add("unknown field", "resolution: actor", "POST", Resolution, Resolve(o => o["actor"] = "admin"), 400, "actor");
        Add("unknown field", "processing times: isAdmin", "PUT", Times, ProcessingTimes(o => o["isAdmin"] = true), 400, "[0].isAdmin");

        // Methods a route does not have.
        Add("method", "DELETE a family", "DELETE", "/api/families/$H", None, 405, "method");
        Add("method", "PATCH a claim", "PATCH", "/api/claims/$mainH/$paid", Claim(_ => { }), 405, "method");
        return rows;
    }

    // ---------------------------------------------------------------- bodies: a valid one, with one thing changed

    private static HttpContent? None(HostileWorld world) => null;

    private static Func<HostileWorld, HttpContent?> Enrol(Action<JsonObject> change) => Changed(change, """
        {"familyId":"$newFamily","mainMemberId":"$newMember","mainBirthDate":"1980-05-01","applicationReceived":"2025-12-10","level":"RC+PP+DO",
         "reason":"firstTime","eligibility":{"memberOfRecognisedMutual":true,"insurance":"luxembourgFund","domicileCountry":"LU"},
         "statutoryPeriods":[{"from":"2010-01-01"}]}
        """);

    private static Func<HostileWorld, HttpContent?> ChangeLevel(Action<JsonObject> change) => Changed(change, """{"requestReceived":"2026-10-01","level":"RC"}""");

    private static Func<HostileWorld, HttpContent?> AddMember(Action<JsonObject> change) => Changed(change, """
        {"memberId":"$newMember","kind":"child","birthDate":"2015-01-01","coInsuredWithMainAffiliate":true,"addedOn":"2025-12-10",
         "statutoryPeriods":[{"from":"2015-01-01"}]}
        """);

    private static Func<HostileWorld, HttpContent?> Effective(Action<JsonObject> change) => Changed(change, """{"effective":"2026-12-01"}""");

    private static Func<HostileWorld, HttpContent?> PersonBody(Action<JsonObject> change) => Changed(change, """{"surname":"Weber","givenNames":"Anne"}""");

    private static Func<HostileWorld, HttpContent?> Payment(Action<JsonObject> change) => Changed(change, """{"year":2026,"amount":300.00,"paidOn":"2026-01-10"}""");

    private static Func<HostileWorld, HttpContent?> Readmit(Action<JsonObject> change) => Changed(change, """{"applicationReceived":"2026-11-01","level":"RC"}""");

    /// <summary>One period, changed by <paramref name="change"/>; the body is the list.</summary>
    private static Func<HostileWorld, HttpContent?> PeriodsBody(Action<JsonObject> change) => ChangedItem(change, """[{"from":"2010-01-01","illnessUnderTreatmentAtEnd":false}]""");

    private static Func<HostileWorld, HttpContent?> Claim(Action<JsonObject> change) => Changed(change, """
        {"familyId":"$H","memberId":"$mainH","invoiceReference":"$newInvoice","channel":"app",
         "lines":[{"benefitCode":"RC.ALTMED","element":"osteopathy","dateOfCare":"2026-09-15","invoiced":40.00,"statutoryReimbursement":0}]}
        """);

    private static Func<HostileWorld, HttpContent?> DocumentsBody(Action<JsonObject> change) => Changed(change, """{"documents":["refund-decision"]}""");

    private static Func<HostileWorld, HttpContent?> Resolve(Action<JsonObject> change) => Changed(change, """{"refuse":true,"reason":"No refund decision."}""");

    private static Func<HostileWorld, HttpContent?> Reverse(Action<JsonObject> change) => Changed(change, """{"reason":"Duplicate invoice."}""");

    private static Func<HostileWorld, HttpContent?> Estimate(Action<JsonObject> change) => Changed(change, """
        {"familyId":"$H","memberId":"$mainH",
         "lines":[{"benefitCode":"RC.ALTMED","element":"osteopathy","dateOfCare":"2026-09-15","invoiced":40.00,"statutoryReimbursement":0}]}
        """);

    /// <summary>One row, changed by <paramref name="change"/>; the body is the list.</summary>
    private static Func<HostileWorld, HttpContent?> ProcessingTimes(Action<JsonObject> change) => ChangedItem(change, """[{"department":"national","channel":"app","weeks":6}]""");

    private static JsonObject Line0(JsonObject claim) => claim["lines"]![0]!.AsObject();

    /// <summary>Puts a raw JSON token (NaN, 1e400) where a value goes; <see cref="Changed"/> writes it as it is.</summary>
    private static JsonNode RawToken(JsonObject root, string token)
    {
        root[RawMarker + "token"] = token;
        return RawMarker;
    }

    private static Func<HostileWorld, HttpContent?> Changed(Action<JsonObject> change, string template) => world =>
    {
        var body = JsonNode.Parse(world.Fill(template))!.AsObject();
        change(body);
        return Json(Serialize(body));
    };

    private static Func<HostileWorld, HttpContent?> ChangedItem(Action<JsonObject> change, string template) => world =>
    {
        var list = JsonNode.Parse(world.Fill(template))!.AsArray();
        var item = list[0]!.AsObject();
        change(item);
        return Json("[" + Serialize(item) + "]");
    };

    private static string Serialize(JsonObject body)
    {
        var token = body[RawMarker + "token"]?.GetValue<string>();
        body.Remove(RawMarker + "token");
        var text = body.ToJsonString();
        return token is null ? text : text.Replace($"\"{RawMarker}\"", token, StringComparison.Ordinal);
    }

    private static Func<HostileWorld, HttpContent?> Raw(string template) => world => Json(world.Fill(template));

    private static Func<HostileWorld, HttpContent?> Bytes(byte[] body) => _ =>
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    };

    private static Func<HostileWorld, HttpContent?> Typed(string body, string mediaType) => _ => new StringContent(body, Encoding.UTF8, mediaType);

    private static Func<HostileWorld, HttpContent?> Chunked(string body) => _ => new ChunkedJsonContent(Encoding.UTF8.GetBytes(body));

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>A JSON body sent without Content-Length (chunked), as a client streaming it would.</summary>
    private sealed class ChunkedJsonContent : HttpContent
    {
        private readonly byte[] _body;

        public ChunkedJsonContent(byte[] body)
        {
            _body = body;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _body.Length; offset += 16 * 1024)
            {
                await stream.WriteAsync(_body.AsMemory(offset, Math.Min(16 * 1024, _body.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
