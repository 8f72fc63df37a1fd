using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CmcmActors.Contracts;
using CmcmActors.Host.Api.OpenApi;
using CmcmActors.Host.Tests.Support;

namespace CmcmActors.Host.Tests.OpenApi;

/// <summary>
/// The OpenAPI document as a contract: what a client generated from it may rely on. scripts/test.sh also lints the
/// document (written by <see cref="Document_WrittenForTheLinter"/>) with Redocly.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class OpenApiContractTests(HostFixture host)
{
    private const string Problem = "#/components/schemas/ProblemDetails";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Operations_EachHasAnOperationId_UniqueInTheDocument()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        var ids = operations.Select(o => o.Operation["operationId"]?.GetValue<string>()).ToList();

        Assert.Equal(84, operations.Count);
        Assert.DoesNotContain(null, ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Tags_EachOperationsTagIsDescribed()
    {
        var document = await DocumentAsync();

        var used = Operations(document).SelectMany(o => o.Operation["tags"]!.AsArray().Select(t => t!.GetValue<string>())).ToHashSet();
        var described = document["tags"]!.AsArray().Where(t => !string.IsNullOrWhiteSpace(t!["description"]?.GetValue<string>())).Select(t => t!["name"]!.GetValue<string>());

        Assert.Equal(["Audit", "Bank accounts", "Catalogue", "Catalogue management", "Claims", "Documents", "Estimates", "Families", "Import", "Member space", "Members", "Partner providers", "Payments", "People", "Processing times", "Sign-in"], used.Order(StringComparer.Ordinal));
        Assert.Superset(used, described.ToHashSet());
    }

    [Fact]
    public async Task Operations_EachButTheSignInConfigRequiresAToken_AndDocuments401And403AsProblems()
    {
        var document = await DocumentAsync();

        var (open, closed) = (Operations(document).Where(o => o.Name == "get /api/auth/config").ToList(), Operations(document).Where(o => o.Name != "get /api/auth/config"));

        Assert.All(closed, o =>
        {
            Assert.Equal(Problem, ProblemSchemaOf(o.Operation, "401"));
            Assert.Equal(Problem, ProblemSchemaOf(o.Operation, "403"));
        });
        Assert.Equal("Bearer", Assert.Single(document["security"]![0]!.AsObject()).Key);
        // The one operation open to anyone (how the pages sign in) says so: an empty security requirement, no 401.
        var config = Assert.Single(open).Operation;
        Assert.Equal("[{}]", config["security"]?.ToJsonString());
        Assert.Null(config["responses"]!["401"]);
    }

    [Fact]
    public async Task Operations_EachErrorResponse_IsAProblem()
    {
        var errors = Operations(await DocumentAsync())
            .SelectMany(o => o.Operation["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5').Select(r => (o.Name, Status: r.Key, Response: r.Value!)))
            .ToList();

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(Problem, e.Response["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Operations_WithABody_Document415()
    {
        var withBody = Operations(await DocumentAsync()).Where(o => o.Operation["requestBody"] is not null).ToList();

        Assert.Equal(33, withBody.Count);
        Assert.All(withBody, o => Assert.Equal(Problem, ProblemSchemaOf(o.Operation, "415")));
    }

    /// <summary>Each documented answer, route by route: the status codes of a few routes whose answers differ.</summary>
    [Theory]
    [InlineData("/api/claims", "post", "200 201 400 401 403 404 409 415 429 503")]
    [InlineData("/api/claims/{memberId}/{invoiceReference}", "get", "200 400 401 403 404 409 503")]
    [InlineData("/api/families", "post", "201 400 401 403 404 409 415 429 503")]
    [InlineData("/api/catalogue/editions", "get", "200 401 403")]
    [InlineData("/api/catalogue/editions/{edition}", "get", "200 401 403 404")]
    [InlineData("/api/processing-times", "put", "200 400 401 403 409 415 429")]
    [InlineData("/api/admin/catalogue/drafts", "post", "201 400 401 403 409 415 429")]
    [InlineData("/api/admin/catalogue/drafts/{draftId}/publish", "post", "200 400 401 403 404 409 415 429")]
    [InlineData("/api/admin/catalogue/shadow-runs", "post", "202 400 401 403 404 409 415 429")]
    [InlineData("/api/families/{familyId}/members/{memberId}/bank-accounts", "post", "201 400 401 403 404 409 415 429 503")]
    [InlineData("/api/bank-accounts/{accountId}/confirmation", "post", "200 400 401 403 404 409 429 503")]
    [InlineData("/api/providers", "get", "200 401 403 503")]
    [InlineData("/api/admin/imports/families", "post", "200 400 401 403 409 415 429")]
    public async Task Operation_DocumentsEachStatusItAnswers(string path, string method, string statuses)
    {
        var document = await DocumentAsync();

        var documented = document["paths"]![path]![method]!["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal);

        Assert.Equal(statuses.Split(' '), documented);
    }

    [Fact]
    public async Task Commands_EachDocumentsTheIdempotencyKeyHeader_And429WithRetryAfter_ReadsDoNot()
    {
        var operations = Operations(await DocumentAsync()).ToList();
        var commands = operations.Where(o => o.Name.Split(' ')[0] is "post" or "put" or "patch" or "delete").ToList();
        var reads = operations.Where(o => o.Name.StartsWith("get ", StringComparison.Ordinal)).ToList();

        static JsonNode? KeyOf(JsonNode operation) =>
            operation["parameters"]?.AsArray().SingleOrDefault(p => p!["in"].Text() == "header" && p["name"].Text() == "Idempotency-Key");

        Assert.Equal(operations.Count, commands.Count + reads.Count);
        Assert.All(commands, c =>
        {
            var key = KeyOf(c.Operation);
            Assert.Equal((false, 255, "^[ -~]+$"), (key?["required"]?.GetValue<bool>() ?? false, key!["schema"]!["maxLength"]!.GetValue<int>(), key["schema"]!["pattern"].Text()));
            Assert.Equal(Problem, ProblemSchemaOf(c.Operation, "429"));
            Assert.Equal("integer", c.Operation["responses"]!["429"]!["headers"]!["Retry-After"]!["schema"]!["type"].Text());
        });
        Assert.All(reads, r => Assert.Null(KeyOf(r.Operation)));
    }

    [Fact]
    public async Task ServiceUnavailable_DocumentsRetryAfter()
    {
        var unavailable = Operations(await DocumentAsync()).Select(o => o.Operation["responses"]!["503"]).OfType<JsonNode>().ToList();

        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, r => Assert.Equal("integer", r["headers"]!["Retry-After"]!["schema"]!["type"].Text()));
    }

    [Fact]
    public async Task ProblemSchema_NamesTheFieldsInErrors_AndTheRefusalCode()
    {
        var problem = (await DocumentAsync())["components"]!["schemas"]!["ProblemDetails"]!;

        Assert.Equal(["status", "title"], problem["required"]!.AsArray().Select(v => v.Text()).Order(StringComparer.Ordinal));
        Assert.Equal("object", problem["properties"]!["errors"]!["type"].Text());
        Assert.Equal("string", problem["properties"]!["errors"]!["additionalProperties"]!["items"]!["type"].Text());
        Assert.Equal("string", problem["properties"]!["code"]!["type"].Text());
    }

    [Theory]
    [InlineData("SubmitClaimRequest", "channel familyId invoiceReference lines memberId")]
    [InlineData("ClaimLineRequest", "benefitCode dateOfCare invoiced statutoryReimbursement")]
    [InlineData("EnrolFamilyRequest", "applicationReceived eligibility familyId level mainBirthDate mainMemberId reason")]
    [InlineData("EligibilityRequest", "domicileCountry insurance")]
    [InlineData("StatutoryPeriodRequest", "from")]
    [InlineData("ChangeLevelRequest", "level requestReceived")]
    [InlineData("AddCoAffiliateRequest", "addedOn birthDate kind memberId")]
    [InlineData("EffectiveDateRequest", "effective")]
    [InlineData("PaymentRequest", "amount paidOn year")]
    [InlineData("ReadmissionRequest", "applicationReceived level")]
    [InlineData("AddDocumentsRequest", "documents")]
    [InlineData("ResolutionRequest", "refuse")]
    [InlineData("ReversalRequest", "reason")]
    [InlineData("EstimateRequest", "familyId lines memberId")]
    [InlineData("ProcessingTimeRequest", "channel department weeks")]
    [InlineData("BankAccountRequest", "holderName iban")]
    [InlineData("BankAccountRefusalRequest", "reason")]
    [InlineData("ProviderCreateRequest", "bic country iban name providerId")]
    [InlineData("ProviderUpdateRequest", "bic country iban name")]
    public async Task RequestSchema_MarksTheFieldsTheApiRequires_AsRequiredAndNotNull(string schema, string fields)
    {
        var request = (await DocumentAsync())["components"]!["schemas"]![schema]!;

        var required = request["required"]!.AsArray().Select(v => v.Text()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(fields.Split(' '), required);
        Assert.All(required, f => Assert.DoesNotContain("null", request["properties"]![f]!.ToJsonString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SubmitClaimRequest", "familyId")]
    [InlineData("SubmitClaimRequest", "memberId")]
    [InlineData("SubmitClaimRequest", "invoiceReference")]
    [InlineData("EnrolFamilyRequest", "familyId")]
    [InlineData("EnrolFamilyRequest", "mainMemberId")]
    [InlineData("AddCoAffiliateRequest", "memberId")]
    [InlineData("EstimateRequest", "familyId")]
    [InlineData("EstimateRequest", "memberId")]
    [InlineData("ProviderCreateRequest", "providerId")]
    public async Task IdFields_HaveTheIdPattern(string schema, string field)
    {
        var property = (await DocumentAsync())["components"]!["schemas"]![schema]!["properties"]![field]!;

        AssertIdSchema(property);
    }

    [Fact]
    public async Task IdPathParameters_HaveTheIdPattern()
    {
        var parameters = Operations(await DocumentAsync())
            .SelectMany(o => o.Operation["parameters"]?.AsArray() ?? [])
            .Where(p => p!["in"].Text() == "path" && p["name"].Text() != "edition")
            .ToList();

        Assert.Equal(["accountId", "documentId", "draftId", "familyId", "invoiceReference", "memberId", "paymentId", "providerId", "runId"], parameters.Select(p => p!["name"].Text()).Distinct().Order(StringComparer.Ordinal));
        Assert.All(parameters, p => AssertIdSchema(p!["schema"]!));
    }

    /// <summary>The pattern the document gives ids says what <see cref="GrainKeys.IsValidId"/> says.</summary>
    [Theory]
    [InlineData("M-1")]
    [InlineData("m_1.2")]
    [InlineData("")]
    [InlineData("M 1")]
    [InlineData("M/1")]
    [InlineData("Mé")]
    [InlineData("M-1\n")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void IdPattern_AgreesWithGrainKeys(string id)
    {
        // As JSON Schema reads a pattern: the whole string must match ('$' does not stop before a final line break).
        var match = Regex.Match(id, ApiIdAttribute.IdPattern, RegexOptions.ECMAScript, TimeSpan.FromSeconds(1));

        Assert.Equal(GrainKeys.IsValidId(id), match.Success && match.Length == id.Length);
    }

    [Theory]
    [InlineData("ClaimLineRequest", "invoiced")]
    [InlineData("ClaimLineRequest", "officialTariff")]
    [InlineData("PaymentRequest", "amount")]
    [InlineData("ResolutionRequest", "officialTariff")]
    [InlineData("ClaimResponse", "totalPaid")]
    [InlineData("TierAmounts", "RC")]
    [InlineData("CapResponse", "remaining")]
    [InlineData("RuleResponse", "flatAmount")]
    public async Task Amounts_AreDecimalsOfTwoPlaces(string schema, string field)
    {
        var property = (await DocumentAsync())["components"]!["schemas"]![schema]!["properties"]![field]!;

        Assert.Equal("decimal", property["format"].Text());
        Assert.Equal(0.01m, property["multipleOf"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Rate_IsADecimal_NotAnAmount()
    {
        var rate = (await DocumentAsync())["components"]!["schemas"]!["RuleResponse"]!["properties"]!["rate"]!;

        Assert.Equal("decimal", rate["format"].Text());
        Assert.Null(rate["multipleOf"]);
    }

    [Fact]
    public async Task Amounts_NoNumberLeftAsDouble()
    {
        var text = (await DocumentAsync()).ToJsonString();

        Assert.DoesNotContain("\"double\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ClaimLineRequest", "dateOfCare", "string")]
    [InlineData("SubmitClaimRequest", "receivedOn", "null string")]
    [InlineData("ClaimResponse", "receivedOn", "string")]
    [InlineData("StatutoryPeriodResponse", "to", "null string")]
    public async Task Dates_AreStringsOfFormatDate(string schema, string field, string types)
    {
        var property = (await DocumentAsync())["components"]!["schemas"]![schema]!["properties"]![field]!;

        Assert.Equal("date", property["format"].Text());
        var type = property["type"]!;
        Assert.Equal(types.Split(' '), type is JsonArray array ? array.Select(t => t.Text()).Order(StringComparer.Ordinal) : [type.Text()]);
    }

    [Fact]
    public async Task Server_IsRelative_NotTheHostTheRequestNamed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example";

        var document = await (await host.CreateClient().SendAsync(request)).JsonAsync(System.Net.HttpStatusCode.OK);

        Assert.Equal("/", Assert.Single(document["servers"]!.AsArray())!["url"].Text());
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData(" ", "/")]
    [InlineData("https://claims.cmcm.lu", "https://claims.cmcm.lu")]
    [InlineData("https://claims.cmcm.lu/", "https://claims.cmcm.lu")]
    [InlineData("https://www.cmcm.lu/claims/", "https://www.cmcm.lu/claims")]
    [InlineData("http://localhost:5080", "http://localhost:5080")]
    public void ServerUrl_FromPublicUrl_WithoutTrailingSlash(string? publicUrl, string expected)
    {
        Assert.Equal(expected, ApiDocument.ServerUrl(publicUrl));
    }

    [Theory]
    [InlineData("claims.cmcm.lu")]
    [InlineData("/claims")]
    [InlineData("ftp://claims.cmcm.lu")]
    [InlineData("https://claims.cmcm.lu/?x=1")]
    [InlineData("https://claims.cmcm.lu/#top")]
    [InlineData("https://user:secret@claims.cmcm.lu")]
    public void ServerUrl_NotAnAbsoluteHttpUrl_RefusedAtStartUp(string publicUrl)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ApiDocument.ServerUrl(publicUrl));

        Assert.StartsWith("Cmcm:PublicUrl must be an absolute http or https URL", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes the document where scripts/test.sh reads it to lint it (CMCM_OPENAPI_OUT); without that variable it only
    /// checks that the document is served.
    /// </summary>
    [Fact]
    public async Task Document_WrittenForTheLinter()
    {
        var text = await host.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Equal("3.1.1", JsonNode.Parse(text)!["openapi"].Text());
        if (Environment.GetEnvironmentVariable("CMCM_OPENAPI_OUT") is { Length: > 0 } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, text);
        }
    }

    private static void AssertIdSchema(JsonNode schema)
    {
        Assert.Equal("string", schema["type"].Text());
        Assert.Equal(ApiIdAttribute.IdPattern, schema["pattern"].Text());
        Assert.Equal(1, schema["minLength"]!.GetValue<int>());
        Assert.Equal(GrainKeys.MaxIdLength, schema["maxLength"]!.GetValue<int>());
    }

    private static string? ProblemSchemaOf(JsonNode operation, string status) =>
        operation["responses"]?[status]?["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(m => Methods.Contains(m.Key)).Select(m => ($"{m.Key} {p.Key}", m.Value!)));

    private Task<JsonNode> DocumentAsync() => host.CreateClient().GetJsonAsync("/openapi/v1.json");
}
