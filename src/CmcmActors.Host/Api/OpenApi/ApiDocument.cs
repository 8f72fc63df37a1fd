using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CmcmActors.Contracts;
using CmcmActors.Host.Api.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace CmcmActors.Host.Api.OpenApi;

/// <summary>
/// The OpenAPI document as a contract: every operation named, every answer it can give documented (problems with the
/// shape <see cref="ApiProblems"/> writes), required fields marked, ids with their pattern, amounts as decimals of two
/// places, dates as dates, and the server the API is published at (<c>Cmcm:PublicUrl</c>), never the Host header of
/// whoever asks. <c>scripts/test.sh</c> lints it with Redocly (<c>redocly.yaml</c>).
/// </summary>
public static class ApiDocument
{
    public const string ProblemMediaType = "application/problem+json";

    private const string ProblemSchema = nameof(ProblemDetails);

    /// <summary>Where Microsoft.AspNetCore.OpenApi notes that a property may be null, to write it as "one of null or the type".</summary>
    private const string NullablePropertyMetadata = "x-is-nullable-property";

    /// <summary>Path parameters that are ids: every one but the catalogue's <c>edition</c>.</summary>
    private static readonly HashSet<string> IdParameters = new(StringComparer.Ordinal) { "familyId", "memberId", "invoiceReference", "draftId", "runId", "accountId", "providerId", "paymentId", "documentId" };

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Families"] = "Enrolment, roster, level, contributions, resignation and readmission of a family.",
        ["Members"] = "A member: statutory cover, waiting periods, caps used and remaining, the audit of cap movements.",
        ["Claims"] = "Claims submitted and decided in one request, read, completed, resolved by a person, reversed.",
        ["Estimates"] = "What planned care would pay, without consuming any cap.",
        ["Catalogue"] = "The benefit catalogue's editions: benefits, rules, caps and conditions.",
        ["Processing times"] = "Expected processing time in weeks by department and channel.",
        ["Catalogue management"] = "For admins: draft editions, what they change, shadow runs over stored claims, publication from a future date.",
        ["Sign-in"] = "How the pages sign in (the identity provider's address and client id), and who a token is.",
        ["Documents"] = "Photos and PDFs members and staff send: a claim's invoice and statements, a member's proofs; read, and confirmed by staff as a required document.",
        ["People"] = "For staff: find people by name, national identification number or id, and correct a person's names and number.",
        ["Bank accounts"] = "Members' bank accounts with four eyes: asked for by a member or a clerk, in force once another staff member confirms.",
        ["Partner providers"] = "Hospitals and clinics paid directly: read by staff and finance, managed by admins.",
        ["Payments"] = "Money out, for finance: payment runs (preview, one run per cut-off, the SEPA pain.001 file), bank returns (pain.002), second confirmation of large payments, recovery; each claim's payment state.",
        ["Import"] = "For admins: the families of the system the CMCM replaces, with their opening balances (docs/import.md).",
        ["Member space"] = "The member's own documents and words: claim statements and the yearly tax certificate as PDFs, feedback after care and its report, e-mail notices.",
        ["Audit"] = "For staff: a member's or a family's audit trail (who did each act, when, with the request's trace id); for admins: staff reads of members' health data.",
    };

    /// <summary>
    /// The document's server: <paramref name="publicUrl"/> without a trailing slash, or "/" (relative to where the
    /// document is read) when none is configured. Anything but an absolute http(s) URL without query or fragment is
    /// refused at start-up.
    /// </summary>
    public static string ServerUrl(string? publicUrl)
    {
        if (string.IsNullOrWhiteSpace(publicUrl))
        {
            return "/";
        }

        if (!Uri.TryCreate(publicUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new InvalidOperationException(
                $"Cmcm:PublicUrl must be an absolute http or https URL without query, fragment or user info (for example https://claims.cmcm.lu), not '{publicUrl}'.");
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public static IServiceCollection AddCmcmOpenApi(this IServiceCollection services, string? publicUrl)
    {
        var server = ServerUrl(publicUrl);
        services.AddOpenApi(o => o
            .AddDocumentTransformer((document, _, _) =>
            {
                Describe(document, server);
                return Task.CompletedTask;
            })
            .AddOperationTransformer((operation, context, _) =>
            {
                Complete(operation, context);
                return Task.CompletedTask;
            })
            .AddSchemaTransformer((schema, context, _) =>
            {
                Shape(schema, context);
                return Task.CompletedTask;
            }));
        return services;
    }

    private static void Describe(OpenApiDocument document, string server)
    {
        document.Info.Title = "CmcmActors API";
        document.Info.Description = "Claims of the CMCM decided as they arrive. Authenticate with a bearer token (POST /dev/tokens in Development).";
        document.Info.License = new OpenApiLicense { Name = "Proprietary: Caisse Médico-Chirurgicale Mutualiste", Identifier = "LicenseRef-CMCM-Proprietary" };
        document.Servers = [new OpenApiServer { Url = server, Description = "Where the API is published (Cmcm:PublicUrl)." }];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from the identity provider (in Development: POST /dev/tokens).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }

    /// <summary>
    /// What every operation can answer besides what its route declares: 401 and 403 where a token is required (the
    /// authorization policies), 415 where it reads a body (<see cref="ApiBody"/>), Retry-After on 503; and the id
    /// pattern on id path parameters.
    /// </summary>
    private static void Complete(OpenApiOperation operation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            AddProblem(operation, context.Document, StatusCodes.Status401Unauthorized, "No bearer token, or one that is not valid.");
            AddProblem(operation, context.Document, StatusCodes.Status403Forbidden, "The token's role or member may not do this.");
        }
        else if (metadata.OfType<IAllowAnonymous>().Any())
        {
            // Open to anyone (how the pages sign in): an empty requirement overrides the document's bearer requirement.
            operation.Security = [new OpenApiSecurityRequirement()];
        }

        if (operation.RequestBody is not null)
        {
            AddProblem(operation, context.Document, StatusCodes.Status415UnsupportedMediaType, "The body is not JSON.");
        }

        if (IsCommand(context.Description))
        {
            DocumentIdempotencyKey(operation, context.Document);
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse concrete && int.TryParse(status, out var code))
            {
                concrete.Description = Describe(code) ?? concrete.Description;
                if (code is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests)
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    concrete.Headers["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before retrying.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                    };
                }
            }
        }

        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { In: ParameterLocation.Path } path && path.Name is { } name && IdParameters.Contains(name))
            {
                path.Schema = IdSchema();
            }
            else if (parameter is OpenApiParameter { In: ParameterLocation.Query, Name: "order" } order)
            {
                order.Description = "oldest: in the order received (the default); newest: newest first.";
                order.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [(JsonNode)"oldest", (JsonNode)"newest"], Default = (JsonNode)"oldest" };
            }
            else if (parameter is OpenApiParameter { In: ParameterLocation.Query } query && query.Name is { } filter
                && operation.OperationId is "GetFamilyClaims" or "GetMemberClaims" && Claims.ClaimListsApi.FilterDescriptions.TryGetValue(filter, out var described))
            {
                query.Description = described;
            }
        }
    }

    private static string? Describe(int status) => status switch
    {
        200 => "OK.",
        201 => "Created.",
        400 => "The request is not valid: errors name each field and what is wrong with it.",
        401 => "No bearer token, or one that is not valid.",
        403 => "The token's role or member may not do this.",
        404 => "An id of the request names nothing: errors names it.",
        409 => "A conflict with the current state or the rules: code says which.",
        415 => "The body is not JSON.",
        429 => "Too many requests: more new Idempotency-Key values than the caller's quota (code idempotency-quota), or more requests than the token's rate; retry after Retry-After.",
        503 => "Storage or the cluster did not answer; nothing was changed that cannot be retried.",
        _ => null,
    };

    /// <summary>The operations <see cref="Idempotency.IdempotencyMiddleware"/> serves: POST, PUT, PATCH and DELETE under /api.</summary>
    private static bool IsCommand(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) =>
        description.HttpMethod is { } method
        && (HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
        && description.RelativePath is { } path && (path == "api" || path.StartsWith("api/", StringComparison.OrdinalIgnoreCase));

    /// <summary>The optional Idempotency-Key header of a command, and the 429 of its per-caller quota.</summary>
    private static void DocumentIdempotencyKey(OpenApiOperation operation, OpenApiDocument? document)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = Idempotency.IdempotencyMiddleware.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes a retry safe: the first request with a key runs and its answer is kept for 24 hours; the same key and body "
                + "answer it again (header Idempotent-Replayed: true), also to a retry sent while the first runs; the same key with another "
                + "body is 409 idempotency-key-reused. Scoped by caller and endpoint. A caller may open a limited number of new keys a minute (429).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Idempotency.IdempotencyMiddleware.MaxKeyLength, Pattern = "^[ -~]+$" },
        });
        AddProblem(operation, document, StatusCodes.Status409Conflict, "A conflict with the current state or the rules: code says which.");
        AddProblem(operation, document, StatusCodes.Status429TooManyRequests, "Too many requests.");
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiDocument? document, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) } },
        };
    }

    private static OpenApiSchema IdSchema() => new()
    {
        Type = JsonSchemaType.String,
        Pattern = ApiIdAttribute.IdPattern,
        MinLength = 1,
        MaxLength = GrainKeys.MaxIdLength,
    };

    /// <summary>Shapes by type (enums, dates, amounts, problems) and by property (ids, required fields, fractions).</summary>
    private static void Shape(OpenApiSchema schema, Microsoft.AspNetCore.OpenApi.OpenApiSchemaTransformerContext context)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        var attributes = context.JsonPropertyInfo?.AttributeProvider;
        if (type.IsEnum)
        {
            // The enums are strings written by the API's own converters: list their names.
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. ApiJson.NamesOf(type).Select(n => (JsonNode)n)];
        }
        else if (context.JsonTypeInfo.ElementType is { IsEnum: true } element && schema.Items is null)
        {
            // A list of enum values (a claim's allowedActions) comes out of the generator without its items: name them.
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. ApiJson.NamesOf(element).Select(n => (JsonNode)n)] };
        }
        else if (type == typeof(DateOnly))
        {
            // Written by DateOnlyJsonConverter, which the schema generator cannot see through.
            schema.Type = JsonSchemaType.String | (context.JsonTypeInfo.Type != type ? JsonSchemaType.Null : 0);
            schema.Format = "date";
        }
        else if (type == typeof(decimal))
        {
            schema.Format = "decimal";
            if (attributes?.IsDefined(typeof(ApiFractionAttribute), inherit: false) != true)
            {
                schema.MultipleOf = 0.01m;
            }
        }
        else if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails))
        {
            DescribeProblem(schema);
        }

        if (attributes?.IsDefined(typeof(ApiIdAttribute), inherit: false) == true)
        {
            schema.Pattern = ApiIdAttribute.IdPattern;
            schema.MinLength = 1;
            schema.MaxLength = GrainKeys.MaxIdLength;
        }

        // Properties are shaped after the object that holds them: a required one loses its null here (an enum or an
        // object would otherwise be written as "one of null or the type").
        if (attributes?.IsDefined(typeof(RequiredAttribute), inherit: false) == true)
        {
            schema.Type &= ~JsonSchemaType.Null;
            schema.Metadata?.Remove(NullablePropertyMetadata);
        }

        if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            MarkRequired(schema, context.JsonTypeInfo);
        }
    }

    /// <summary>
    /// Properties marked <see cref="RequiredAttribute"/> are listed as required (and lose their null in <see cref="Shape"/>):
    /// the request types keep them nullable only so that the API can name a missing field itself, among the other mistakes.
    /// </summary>
    private static void MarkRequired(OpenApiSchema schema, JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: false) != true)
            {
                continue;
            }

            schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
            schema.Required.Add(property.Name);
        }
    }

    /// <summary>The members <see cref="ApiProblems"/> adds: the fields and what is wrong with each, and a refusal's code.</summary>
    private static void DescribeProblem(OpenApiSchema schema)
    {
        schema.Description = "RFC 9457 problem details. errors names each field (a JSON path such as lines[0].invoiced) with its messages.";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Messages by field.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "For a 409: which rule or conflict refused the request." };
        schema.Required = new HashSet<string>(["title", "status"], StringComparer.Ordinal);
        foreach (var name in schema.Required)
        {
            if (schema.Properties.TryGetValue(name, out var property) && property is OpenApiSchema { Type: { } t } inline)
            {
                inline.Type = t & ~JsonSchemaType.Null;
            }
        }
    }
}
