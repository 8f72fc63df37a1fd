using System.Diagnostics;
using System.Security.Claims;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Claims;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Api.Audit;
using CmcmActors.Host.Api.Members;
using CmcmActors.Host.Live;
using CmcmActors.Host.Metrics;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Claims;

/// <summary>
/// Claims: submitted and decided in one request (201 with the decision; 200 when the same claim is sent again; 409
/// when its invoice reference was used with other lines), read, completed with documents, resolved by a person,
/// reversed; the front desk's queue of pended claims (the claims of a family and of a member: <see cref="ClaimListsApi"/>).
/// A submission is one grain call (the member decides, records and answers); routes with a claim's id read the claim
/// first, because its family decides who may see it. A refusal from the member maps to problem details in one place
/// (<see cref="Refused"/>).
/// </summary>
public static class ClaimsApi
{
    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/claims").WithTags("Claims").RequireAuthorization(CmcmRoles.AnyUserPolicy);
        claims.MapPost("", SubmitAsync).WithName("SubmitClaim").Accepts<SubmitClaimRequest>("application/json")
            .WithSummary("Submits a claim and answers with its decision.");
        claims.MapGet("/pended", GetPendedAsync).WithName("GetPendedClaims").ReadsHealthData(_ => (null, null)).RequireAuthorization(CmcmRoles.StaffPolicy)
            .WithSummary("The queue of pended claims, oldest first, with department and expected weeks.");
        claims.MapGet("/{memberId}/{invoiceReference}", GetAsync).WithName("GetClaim").ReadsHealthData().WithSummary("A claim and its decision.");
        claims.MapPost("/{memberId}/{invoiceReference}/documents", AddDocumentsAsync).WithName("AddClaimDocuments").Accepts<AddDocumentsRequest>("application/json")
            .WithSummary("Adds documents to a pended claim, which is decided again at once.");
        claims.MapPost("/{memberId}/{invoiceReference}/resolution", ResolveAsync).WithName("ResolveClaim").RequireAuthorization(CmcmRoles.StaffPolicy)
            .Accepts<ResolutionRequest>("application/json").WithSummary("Confirms the facts of a pended claim, or refuses it.");
        claims.MapPost("/{memberId}/{invoiceReference}/reversal", ReverseAsync).WithName("ReverseClaim").RequireAuthorization(CmcmRoles.StaffPolicy)
            .Accepts<ReversalRequest>("application/json").WithSummary("Reverses a paid claim, giving its cap room back; claims a cap limited are decided again.");
        claims.MapGet("/{memberId}/{invoiceReference}/reversal-preview", PreviewReversalAsync).WithName("PreviewClaimReversal").ReadsHealthData().RequireAuthorization(CmcmRoles.StaffPolicy)
            .WithSummary("What reversing the claim would re-decide, and by how much; consumes nothing.");
        claims.MapPost("/{memberId}/{invoiceReference}/correction", CorrectAsync).WithName("CorrectClaim").RequireAuthorization(CmcmRoles.StaffPolicy)
            .Accepts<CorrectionRequest>("application/json").WithSummary("Corrects a claim's lines: a new version decided again; claims a cap limited are decided again.");
        claims.MapPost("/{memberId}/{invoiceReference}/correction-preview", PreviewCorrectionAsync).WithName("PreviewClaimCorrection").RequireAuthorization(CmcmRoles.StaffPolicy)
            .Accepts<CorrectionRequest>("application/json").WithSummary("What the correction would pay and re-decide; consumes nothing.");
        claims.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);


        return app;
    }

    private static async Task<Results<Created<ClaimResponse>, Ok<ClaimResponse>, ProblemHttpResult>> SubmitAsync(
        HttpRequest http, ApiBody body, IGrainFactory grains, CmcmReferenceData reference, CmcmMetrics metrics, TimeProvider clock)
    {
        var started = Stopwatch.GetTimestamp();
        var (request, problem) = await body.ReadAsync<SubmitClaimRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var (result, refused) = await DecideAsync(http.HttpContext.User, request!, grains, reference, clock);
        if (refused is not null)
        {
            return refused;
        }

        var record = result!.Record!;
        if (!result.Created)
        {
            return TypedResults.Ok(ClaimResponse.From(record, http.HttpContext.User));
        }

        metrics.ClaimDecided(record.Status, Stopwatch.GetElapsedTime(started));
        return TypedResults.Created($"/api/claims/{record.Submission.MemberId}/{record.Submission.InvoiceReference}", ClaimResponse.From(record, http.HttpContext.User));
    }

    /// <summary>
    /// The one submission path, for the JSON API and the FHIR face alike: the request's fields checked (every error
    /// under its field), access to the member, the trust boundary (a member's own claim states only what a member may
    /// declare: <see cref="ClaimTrust"/>; staff are trusted), then the one grain call. The answer is the member's
    /// result (the record, and whether this call created it), or the problem. <paramref name="errors"/> may come with
    /// errors already found in the request's shape (the FHIR face's).
    /// </summary>
    internal static async Task<(ClaimResult? Result, ProblemHttpResult? Problem)> DecideAsync(
        ClaimsPrincipal user, SubmitClaimRequest request, IGrainFactory grains, CmcmReferenceData reference, TimeProvider clock, FieldErrors? errors = null)
    {
        errors ??= new FieldErrors();
        var familyId = errors.Id("familyId", request.FamilyId);
        var memberId = errors.Id("memberId", request.MemberId);
        var invoiceReference = errors.Id("invoiceReference", request.InvoiceReference);
        if (familyId is not null && memberId is not null && user.MemberAccess(familyId, memberId) is { } forbidden)
        {
            return (null, forbidden);
        }

        var today = clock.Today();
        var channel = errors.Required("channel", request.Channel);
        var receivedOn = errors.PastDate("receivedOn", request.ReceivedOn, today, required: false) ?? today;
        var lines = ClaimLineInput.Parse(errors, "lines", request.Lines, reference.Catalogues, receivedOn);
        if (errors.Any)
        {
            return (null, ApiProblems.Validation(errors));
        }

        var source = user.IsStaff() ? ClaimSource.Staff : ClaimSource.Member;
        var submission = new ClaimSubmission(familyId!, memberId!, invoiceReference!, receivedOn, channel!.Value, lines!, source);
        var result = await grains.Member(memberId!).SubmitClaimAsync(submission);
        return result.Refusal is { } refusal ? (null, Refused(refusal)) : (result, null);
    }

    /// <summary>The one mapping from a member's refusal to problem details.</summary>
    internal static ProblemHttpResult Refused(ClaimRefusal refusal) => refusal.Kind switch
    {
        ClaimRefusalKind.NotFound => ApiProblems.NotFound(refusal.Field, refusal.Message),
        ClaimRefusalKind.Conflict => ApiProblems.Conflict(refusal.Field, refusal.Message, refusal.Code),
        _ => ApiProblems.Invalid(refusal.Field, refusal.Message),
    };

    private static Results<Ok<ClaimResponse>, ProblemHttpResult> Answer(ClaimResult result, ClaimsPrincipal user, CmcmMetrics? metrics = null, long started = 0)
    {
        if (result.Refusal is { } refusal)
        {
            return Refused(refusal);
        }

        if (metrics is not null)
        {
            metrics.ClaimDecided(result.Record!.Status, Stopwatch.GetElapsedTime(started));
        }

        return TypedResults.Ok(ClaimResponse.From(result.Record!, user));
    }

    private static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> GetAsync(
        string memberId, string invoiceReference, HttpContext http, IGrainFactory grains)
    {
        var (record, problem) = await LoadAsync(grains, http.User, memberId, invoiceReference);
        if (problem is not null)
        {
            return problem;
        }

        return http.User.CanSeeMember(record!.Submission.FamilyId, memberId) ? TypedResults.Ok(ClaimResponse.From(record, http.User)) : ClaimForbidden(memberId, invoiceReference);
    }

    private static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> AddDocumentsAsync(
        string memberId, string invoiceReference, HttpRequest http, ApiBody body, IGrainFactory grains, CmcmMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var (record, problem) = await LoadAsync(grains, http.HttpContext.User, memberId, invoiceReference);
        if (problem is not null)
        {
            return problem;
        }

        var user = http.HttpContext.User;
        if (!user.IsStaff() && !IsTheMember(user, record!.Submission.FamilyId, memberId))
        {
            return ApiProblems.Forbidden($"Only staff and member {memberId} may add documents to this claim.");
        }

        var (request, invalid) = await body.ReadAsync<AddDocumentsRequest>(http);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new FieldErrors();
        var documents = errors.Texts("documents", request!.Documents, required: true);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        if (Refusal(record!, ClaimAction.AddDocuments) is { } refused)
        {
            return refused;
        }

        var source = user.IsStaff() ? ClaimSource.Staff : ClaimSource.Member;
        return Answer(await grains.Member(memberId).AddDocumentsAsync(record!.ClaimId, documents!, user.Actor(), source), user, metrics, started);
    }

    private static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> ResolveAsync(
        string memberId, string invoiceReference, HttpRequest http, ApiBody body, IGrainFactory grains, CmcmMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var (record, problem) = await LoadAsync(grains, http.HttpContext.User, memberId, invoiceReference);
        if (problem is not null)
        {
            return problem;
        }

        var (request, invalid) = await body.ReadAsync<ResolutionRequest>(http);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new FieldErrors();
        var refuse = errors.Required("refuse", request!.Refuse);
        var reason = errors.Text("reason", request.Reason, 500, required: refuse == true);
        var circumstances = errors.Texts("circumstances", request.Circumstances);
        var documents = errors.Texts("documents", request.Documents);
        var tariff = errors.Amount("officialTariff", request.OfficialTariff, Domain.Adjudication.ClaimLineValidation.MaxLineAmount.Euros, required: false);
        var confirmsSomething = request.Authorised is not null || request.Serious is not null || request.ProgrammeCompleted is not null
            || circumstances is { Length: > 0 } || documents is { Length: > 0 } || tariff is not null || request.AmountsReviewed == true;
        if (refuse == false && !confirmsSomething)
        {
            errors.Add("refuse", "Refuse the claim with a reason, or confirm at least one fact: authorised, serious, programmeCompleted, circumstances, documents, officialTariff or amountsReviewed.");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        if (Refusal(record!, ClaimAction.Resolve) is { } refused)
        {
            return refused;
        }

        var resolution = new ClaimResolution(http.HttpContext.User.Actor(), refuse!.Value, reason, request.Authorised, request.Serious,
            request.ProgrammeCompleted, circumstances, documents, tariff, request.AmountsReviewed);
        return Answer(await grains.Member(memberId).ResolveClaimAsync(record!.ClaimId, resolution), http.HttpContext.User, metrics, started);
    }

    private static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> ReverseAsync(
        string memberId, string invoiceReference, HttpRequest http, ApiBody body, IGrainFactory grains)
    {
        var (record, problem) = await LoadAsync(grains, http.HttpContext.User, memberId, invoiceReference);
        if (problem is not null)
        {
            return problem;
        }

        var (request, invalid) = await body.ReadAsync<ReversalRequest>(http);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request!.Reason, 500);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        // Reversing a reversed claim again answers it as it stands (a retry): only the other states are refused here.
        if (record!.Status != ClaimStatus.Reversed && Refusal(record, ClaimAction.Reverse) is { } refused)
        {
            return refused;
        }

        return Answer(await grains.Member(memberId).ReverseClaimAsync(record.ClaimId, reason!, http.HttpContext.User.Actor()), http.HttpContext.User);
    }

    private static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> CorrectAsync(
        string memberId, string invoiceReference, HttpRequest http, ApiBody body, IGrainFactory grains, CmcmReferenceData reference, CmcmMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var (record, reason, lines, problem) = await ReadCorrectionAsync(memberId, invoiceReference, http, body, grains, reference);
        return problem ?? Answer(await grains.Member(memberId).CorrectClaimAsync(record!.ClaimId, lines!, reason!, http.HttpContext.User.Actor()), http.HttpContext.User, metrics, started);
    }

    private static async Task<Results<Ok<CascadePreviewResponse>, ProblemHttpResult>> PreviewCorrectionAsync(
        string memberId, string invoiceReference, HttpRequest http, ApiBody body, IGrainFactory grains, CmcmReferenceData reference)
    {
        var (record, _, lines, problem) = await ReadCorrectionAsync(memberId, invoiceReference, http, body, grains, reference);
        return problem ?? Preview(await grains.Member(memberId).PreviewCascadeAsync(record!.ClaimId, lines));
    }

    private static async Task<Results<Ok<CascadePreviewResponse>, ProblemHttpResult>> PreviewReversalAsync(
        string memberId, string invoiceReference, HttpContext http, IGrainFactory grains)
    {
        var (record, problem) = await LoadAsync(grains, http.User, memberId, invoiceReference);
        return problem ?? Preview(await grains.Member(memberId).PreviewCascadeAsync(record!.ClaimId, null));
    }

    private static Results<Ok<CascadePreviewResponse>, ProblemHttpResult> Preview(Contracts.Members.CascadePreview preview) =>
        preview.Refusal is { } refusal ? Refused(refusal) : TypedResults.Ok(CascadePreviewResponse.From(preview));

    private static async Task<(ClaimRecord? Record, string? Reason, ClaimLine[]? Lines, ProblemHttpResult? Problem)> ReadCorrectionAsync(
        string memberId, string invoiceReference, HttpRequest http, ApiBody body, IGrainFactory grains, CmcmReferenceData reference)
    {
        var (record, problem) = await LoadAsync(grains, http.HttpContext.User, memberId, invoiceReference);
        if (problem is not null)
        {
            return (null, null, null, problem);
        }

        var (request, invalid) = await body.ReadAsync<CorrectionRequest>(http);
        if (invalid is not null)
        {
            return (null, null, null, invalid);
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request!.Reason, 500);
        var lines = ClaimLineInput.Parse(errors, "lines", request.Lines, reference.Catalogues, record!.Submission.ReceivedOn);
        return errors.Any ? (null, null, null, ApiProblems.Validation(errors)) : (record, reason, lines, null);
    }

    private static async Task<Results<Ok<List<PendedClaimResponse>>, ProblemHttpResult>> GetPendedAsync(
        HttpContext http, string? limit, string? after, IGrainFactory grains, CmcmReferenceData reference)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(errors, limit, after);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var pended = await grains.GetGrain<IPendedClaimsGrain>(IPendedClaimsGrain.Key).GetPageAsync(page.After, page.Limit);
        Paging.LinkNext(http, pended.Next, page.Limit);
        var times = reference.ProcessingTimes;
        return TypedResults.Ok(pended.Claims.Select(c => PendedClaimResponse.From(c, times)).ToList());
    }

    /// <summary>
    /// The claim, or the problem: invalid ids (400) or no such claim (404). A caller who may not see the member is
    /// refused (403) whether the claim exists or not, so that another family's claims cannot be probed for.
    /// </summary>
    internal static async Task<(ClaimRecord? Record, ProblemHttpResult? Problem)> LoadAsync(IGrainFactory grains, ClaimsPrincipal user, string memberId, string invoiceReference)
    {
        if (ApiLookups.InvalidIds(("memberId", memberId), ("invoiceReference", invoiceReference)) is { } invalid)
        {
            return (null, invalid);
        }

        if (await grains.Member(memberId).GetClaimAsync(GrainKeys.ClaimId(memberId, invoiceReference)) is { } record)
        {
            return (record, null);
        }

        if (!user.IsStaff())
        {
            var familyId = (await grains.Member(memberId).GetAsync()).FamilyId ?? (user.BoundMemberId() == memberId ? user.BoundFamilyId() : null);
            if (familyId is null || !user.CanSeeMember(familyId, memberId))
            {
                return (null, ClaimForbidden(memberId, invoiceReference));
            }
        }

        return (null, ApiProblems.NotFound("invoiceReference", $"Member {memberId} has no claim with invoice reference {invoiceReference}."));
    }

    /// <summary>Names only what the caller named: not the family the claim belongs to.</summary>
    private static ProblemHttpResult ClaimForbidden(string memberId, string invoiceReference) =>
        ApiProblems.Forbidden($"This token does not give access to claim {memberId}/{invoiceReference}.");

    /// <summary>The lifecycle's refusal of <paramref name="action"/> in the claim's state, as the member grain answers it (409), or null.</summary>
    private static ProblemHttpResult? Refusal(ClaimRecord record, ClaimAction action) =>
        ClaimLifecycle.Refusal(record.Status.ToState(), action, record.ClaimId) is { } refusal ? ApiProblems.Conflict(refusal.Field, refusal.Message, refusal.Code) : null;

    /// <summary>The member's own token: documents come from the person who holds them, not from the main affiliate.</summary>
    internal static bool IsTheMember(ClaimsPrincipal user, string familyId, string memberId) =>
        user.IsInRole(CmcmRoles.Member) && user.BoundFamilyId() == familyId && user.BoundMemberId() == memberId;
}
