using System.Security.Claims;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Documents;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Api.Claims;
using CmcmActors.Host.Api.Members;
using CmcmActors.Host.Documents;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace CmcmActors.Host.Api.Documents;

/// <summary>
/// Files members and staff send: photos and PDFs of a claim's invoice and the fund's statement, and proofs kept on a
/// member without a claim (a child's school certificate, a proof of household). Who may: staff for anyone; a member's
/// token for the members it sees (the main affiliate his family, a co-affiliate himself), to send and to read alike.
/// What a member sends is recorded as his; which required document a file is, only staff confirm
/// (<see cref="ClaimTrust"/>), through the claim's resolution, so the claim is decided again at once. Every read of a
/// file's content is a request to <c>GET /api/files/{documentId}</c>.
/// </summary>
public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var claimFiles = app.MapGroup("/api/claims/{memberId}/{invoiceReference}/files").WithTags("Documents").RequireAuthorization(CmcmRoles.AnyUserPolicy);
        claimFiles.MapPost("", UploadClaimFilesAsync).WithName("UploadClaimFiles").AcceptsFiles("invoice, fund-statement, other (the default)")
            .WithSummary("Sends photos or PDFs of a claim's invoice and statements; each is checked, photos are stored without their metadata.");
        claimFiles.MapGet("", GetClaimFilesAsync).WithName("GetClaimFiles").WithSummary("The files of a claim, in the order they were sent.");

        var memberFiles = app.MapGroup("/api/families/{familyId}/members/{memberId}/files").WithTags("Documents").RequireAuthorization(CmcmRoles.AnyUserPolicy);
        memberFiles.MapPost("", UploadMemberFilesAsync).WithName("UploadMemberFiles").AcceptsFiles("school-certificate, proof-of-household, other (required)")
            .WithSummary("Sends a member's proofs that belong to no claim (school certificate, proof of household), with their type.");
        memberFiles.MapGet("", GetMemberFilesAsync).WithName("GetMemberFiles").WithSummary("A member's files that belong to no claim.");

        var files = app.MapGroup("/api/files/{documentId}").WithTags("Documents").RequireAuthorization(CmcmRoles.AnyUserPolicy);
        files.MapGet("", DownloadAsync).WithName("GetFile").Produces<Stream>(StatusCodes.Status200OK, "image/jpeg", "image/png", "application/pdf")
            .WithSummary("A file's content, as stored (photos without their metadata).");
        files.MapPost("/confirmation", ConfirmAsync).WithName("ConfirmFile").RequireAuthorization(CmcmRoles.StaffPolicy).Accepts<FileConfirmationRequest>("application/json")
            .WithSummary("Staff confirm which required document of its claim the file is; the claim is decided again.");

        foreach (var group in new[] { claimFiles, memberFiles, files })
        {
            group.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }

        files.ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<List<DocumentResponse>>, ProblemHttpResult>> UploadClaimFilesAsync(
        string memberId, string invoiceReference, HttpRequest http, IGrainFactory grains, DocumentIntake intake, IDocumentStore store,
        IOptions<DocumentOptions> options, TimeProvider clock)
    {
        var user = http.HttpContext.User;
        var (record, problem) = await VisibleClaimAsync(grains, user, memberId, invoiceReference);
        if (problem is not null)
        {
            return problem;
        }

        var owner = new DocumentOwner(record!.Submission.FamilyId, memberId, record.ClaimId);
        var result = await UploadAsync(http, owner, forClaim: true, intake, store, options.Value, clock);
        return result.Problem is { } refused ? refused : TypedResults.Created($"/api/claims/{memberId}/{invoiceReference}/files", result.Added);
    }

    private static async Task<Results<Ok<List<DocumentResponse>>, ProblemHttpResult>> GetClaimFilesAsync(
        string memberId, string invoiceReference, HttpContext http, IGrainFactory grains, IDocumentStore store)
    {
        var (record, problem) = await VisibleClaimAsync(grains, http.User, memberId, invoiceReference);
        if (problem is not null)
        {
            return problem;
        }

        var documents = await store.ListForClaimAsync(record!.ClaimId, http.RequestAborted);
        return TypedResults.Ok(documents.Select(DocumentResponse.From).ToList());
    }

    private static async Task<Results<Created<List<DocumentResponse>>, ProblemHttpResult>> UploadMemberFilesAsync(
        string familyId, string memberId, HttpRequest http, IGrainFactory grains, DocumentIntake intake, IDocumentStore store,
        IOptions<DocumentOptions> options, TimeProvider clock)
    {
        if (await VisibleMemberAsync(grains, http.HttpContext.User, familyId, memberId) is { } problem)
        {
            return problem;
        }

        var result = await UploadAsync(http, new DocumentOwner(familyId, memberId, null), forClaim: false, intake, store, options.Value, clock);
        return result.Problem is { } refused ? refused : TypedResults.Created($"/api/families/{familyId}/members/{memberId}/files", result.Added);
    }

    private static async Task<Results<Ok<List<DocumentResponse>>, ProblemHttpResult>> GetMemberFilesAsync(
        string familyId, string memberId, HttpContext http, IGrainFactory grains, IDocumentStore store)
    {
        if (await VisibleMemberAsync(grains, http.User, familyId, memberId) is { } problem)
        {
            return problem;
        }

        var documents = await store.ListWithoutClaimAsync(memberId, http.RequestAborted);
        return TypedResults.Ok(documents.Where(d => d.FamilyId == familyId).Select(DocumentResponse.From).ToList());
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> DownloadAsync(string documentId, HttpContext http, IDocumentStore store)
    {
        var (document, problem) = await VisibleDocumentAsync(store, http.User, documentId, http.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var headers = http.Response.Headers;
        headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileNameStar = document!.FileName }.ToString();
        headers.CacheControl = "private, no-store";
        http.Response.ContentLength = document.Size;
        return TypedResults.Stream(async body =>
        {
            if (!await store.CopyContentAsync(document.Sha256, body, http.RequestAborted))
            {
                throw new InvalidOperationException($"File {document.DocumentId} has no content.");
            }
        }, document.ContentType);
    }

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> ConfirmAsync(
        string documentId, HttpRequest http, ApiBody body, IGrainFactory grains, IDocumentStore store, CmcmReferenceData reference, TimeProvider clock)
    {
        var user = http.HttpContext.User;
        var (document, problem) = await VisibleDocumentAsync(store, user, documentId, http.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var (request, invalid) = await body.ReadAsync<FileConfirmationRequest>(http);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new FieldErrors();
        var required = errors.Text("requiredDocument", request!.RequiredDocument, 100);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        if (document!.ClaimId is not { } claimId)
        {
            return ApiProblems.Conflict("documentId", $"File {documentId} belongs to no claim: there is no required document to confirm.", "file-without-claim");
        }

        if (await grains.Member(document.MemberId).GetClaimAsync(claimId) is not { } record)
        {
            return ApiProblems.NotFound("documentId", $"The claim of file {documentId} is not there.");
        }

        var requiredByClaim = DocumentConfirmation.RequiredBy(reference.Catalogues, record.TrustedLines);
        var (outcome, requiredDocument) = DocumentConfirmation.Decide(record.Status == ClaimStatus.Pended, requiredByClaim, record.TrustedLines, required!);
        switch (outcome)
        {
            case ConfirmationOutcome.NotRequired:
                return ApiProblems.Invalid("requiredDocument", requiredByClaim.Count == 0
                    ? $"Claim {claimId} requires no document."
                    : $"Claim {claimId} does not require '{required}'; its benefits require: {string.Join(", ", requiredByClaim)}.");
            case ConfirmationOutcome.NotPended:
                return ApiProblems.Conflict("requiredDocument", $"Claim {claimId} is {record.Status.ToString().ToLowerInvariant()}: there is no document left to confirm.", "claim-not-pended");
            case ConfirmationOutcome.Resolve:
                var resolution = new ClaimResolution(user.Actor(), false, null, null, null, null, null, [requiredDocument!], null);
                var result = await grains.Member(document.MemberId).ResolveClaimAsync(claimId, resolution);
                if (result.Refusal is { } refused)
                {
                    return ClaimsApi.Refused(refused);
                }

                break;
        }

        var confirmed = await store.ConfirmAsync(documentId, requiredDocument!, user.Actor(), clock.GetUtcNow(), CancellationToken.None);
        return TypedResults.Ok(DocumentResponse.From(confirmed!));
    }

    /// <summary>
    /// The multipart body in the OpenAPI document only: an <c>Accepts</c> would make routing refuse another content type
    /// with 415 before the token and the caller's access are checked (DocumentIntake answers it after them).
    /// </summary>
    private static RouteHandlerBuilder AcceptsFiles(this RouteHandlerBuilder route, string types) => route.AddOpenApiOperationTransformer((operation, _, _) =>
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "JPEG, PNG or PDF files (at most 10 MB each, 20 per claim) and what they are: one type for all, or one per file in order.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { DocumentIntake.FilesField },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            [DocumentIntake.FilesField] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Array, MinItems = 1, MaxItems = 20, Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            },
                            [DocumentIntake.TypesField] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Array, Description = types, Items = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64 },
                            },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private sealed record UploadResult(List<DocumentResponse>? Added, ProblemHttpResult? Problem);

    /// <summary>The one upload path: the owner's room checked first (no body read for a claim that is full), the files read and checked, then stored whole or not at all.</summary>
    private static async Task<UploadResult> UploadAsync(HttpRequest http, DocumentOwner owner, bool forClaim, DocumentIntake intake, IDocumentStore store,
        DocumentOptions options, TimeProvider clock)
    {
        var held = owner.ClaimId is { } claim ? await store.ListForClaimAsync(claim, http.HttpContext.RequestAborted) : await store.ListWithoutClaimAsync(owner.MemberId, http.HttpContext.RequestAborted);
        if (!options.Limits.Fits(held.Count(d => d.MemberId == owner.MemberId), 1))
        {
            return new(null, TooMany(owner, held.Count, options.MaxFilesPerClaim));
        }

        var (upload, problem) = await intake.ReadAsync(http, forClaim, http.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return new(null, problem);
        }

        await using (upload)
        {
            var user = http.HttpContext.User;
            // Not cancelled by the client going away now: the files were received whole; they are stored or not at all.
            var result = await store.AddAsync(owner, upload!.Documents, user.Actor(), user.IsStaff(), clock.GetUtcNow(), options.MaxFilesPerClaim, CancellationToken.None);
            return result.TooMany
                ? new(null, TooMany(owner, result.Held, options.MaxFilesPerClaim, upload.Documents.Count))
                : new([.. result.Added!.Select(DocumentResponse.From)], null);
        }
    }

    private static ProblemHttpResult TooMany(DocumentOwner owner, int held, int max, int? adding = null)
    {
        var whose = owner.ClaimId is { } claim ? $"Claim {claim}" : $"Member {owner.MemberId}";
        var more = adding is { } n ? $"; {n} more would pass the limit of {max}." : $", the most it may hold.";
        return ApiProblems.Invalid(DocumentIntake.FilesField, $"{whose} holds {held} files{more}");
    }

    /// <summary>The claim when the caller may see its member (staff; the main affiliate of its family; the member himself), or the problem naming what was refused.</summary>
    private static async Task<(ClaimRecord? Record, ProblemHttpResult? Problem)> VisibleClaimAsync(IGrainFactory grains, ClaimsPrincipal user, string memberId, string invoiceReference)
    {
        var (record, problem) = await ClaimsApi.LoadAsync(grains, user, memberId, invoiceReference);
        if (problem is not null)
        {
            return (null, problem.StatusCode == StatusCodes.Status403Forbidden ? ClaimForbidden(memberId, invoiceReference) : problem);
        }

        return user.CanSeeMember(record!.Submission.FamilyId, memberId) ? (record, null) : (null, ClaimForbidden(memberId, invoiceReference));
    }

    private static ProblemHttpResult ClaimForbidden(string memberId, string invoiceReference) =>
        ApiProblems.Forbidden("invoiceReference", $"This token does not give access to the files of claim {memberId}/{invoiceReference}.");

    private static async Task<ProblemHttpResult?> VisibleMemberAsync(IGrainFactory grains, ClaimsPrincipal user, string familyId, string memberId)
    {
        if (ApiLookups.InvalidIds(("familyId", familyId), ("memberId", memberId)) is { } invalid)
        {
            return invalid;
        }

        if (!user.CanSeeMember(familyId, memberId))
        {
            return ApiProblems.Forbidden("memberId", $"This token does not give access to the files of member {memberId} of family {familyId}.");
        }

        return await MembersApi.FindAsync(grains, familyId, memberId);
    }

    private static async Task<(StoredDocument? Document, ProblemHttpResult? Problem)> VisibleDocumentAsync(IDocumentStore store, ClaimsPrincipal user, string documentId,
        CancellationToken cancellationToken)
    {
        if (ApiLookups.InvalidIds(("documentId", documentId)) is { } invalid)
        {
            return (null, invalid);
        }

        if (await store.GetAsync(documentId, cancellationToken) is not { } document)
        {
            return (null, ApiProblems.NotFound("documentId", $"There is no file {documentId}."));
        }

        return user.CanSeeMember(document.FamilyId, document.MemberId)
            ? (document, null)
            : (null, ApiProblems.Forbidden("documentId", $"This token does not give access to file {documentId}."));
    }
}
