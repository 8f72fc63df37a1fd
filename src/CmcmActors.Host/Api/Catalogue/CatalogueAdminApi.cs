using System.ComponentModel.DataAnnotations;
using System.Text;
using CmcmActors.Contracts.Catalogue;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Catalogue;

/// <summary>
/// Catalogue management for admins: draft editions (uploaded as JSON, validated at once), what a draft changes
/// against the edition in force, shadow runs of a draft over the stored claims of a period (background jobs), and
/// publication from a future date. Published editions go through the catalogue registry grain: every silo decides
/// with them from their date on.
/// </summary>
public static class CatalogueAdminApi
{
    public const int MaxPeriodDays = 3660;

    public static IEndpointRouteBuilder MapCatalogueAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/catalogue").WithTags("Catalogue management").RequireAuthorization(CmcmRoles.AdminPolicy);
        admin.MapPost("/drafts", UploadAsync).WithName("UploadCatalogueDraft").Accepts<object>("application/json")
            .WithSummary("Uploads a draft edition (the catalogue file's JSON); refused naming every entry at fault.")
            .Produces<DraftResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        admin.MapGet("/drafts", ListDraftsAsync).WithName("GetCatalogueDrafts").WithSummary("The drafts, newest first, a page at a time (Link rel=\"next\").")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        admin.MapDelete("/drafts/{draftId}", DeleteDraftAsync).WithName("DeleteCatalogueDraft").WithSummary("Deletes a draft that is not published.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/editions/{edition}/withdrawal", WithdrawAsync).WithName("WithdrawCatalogueEdition").Accepts<WithdrawalRequest>("application/json")
            .WithSummary("Withdraws a published edition not yet in force, with a reason; no claim is ever judged by it.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/withdrawals", ListWithdrawals).WithName("GetCatalogueWithdrawals").WithSummary("The editions withdrawn before they came into force: by whom, when and why.");
        admin.MapGet("/drafts/{draftId}", GetDraftAsync).WithName("GetCatalogueDraft").WithSummary("One draft, with its benefits.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/drafts/{draftId}/diff", DiffAsync).WithName("GetCatalogueDraftDiff")
            .WithSummary("What the draft changes against the edition in force today: benefits added, removed and changed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/drafts/{draftId}/publish", PublishAsync).WithName("PublishCatalogueDraft").Accepts<PublishRequest>("application/json")
            .WithSummary("Publishes the draft from a future date, after every edition known; every silo uses it from that date.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/shadow-runs", StartShadowRunAsync).WithName("StartShadowRun").Accepts<ShadowRunRequest>("application/json")
            .WithSummary("Starts a shadow run of a draft over the claims received in a period (a background job; consumes nothing).")
            .Produces<ShadowRunResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/shadow-runs", ListShadowRunsAsync).WithName("GetShadowRuns").WithSummary("The shadow runs of the cluster, newest first (the newest finished ones and those running).");
        admin.MapGet("/shadow-runs/{runId}", GetShadowRunAsync).WithName("GetShadowRun").WithSummary("A shadow run's progress and totals.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/shadow-runs/{runId}", CancelShadowRunAsync).WithName("CancelShadowRun").WithSummary("Cancels a running shadow run.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/shadow-runs/{runId}/report.json", GetReportJsonAsync).WithName("GetShadowRunReportJson")
            .WithSummary("The finished run's report: claim by claim, and totals per benefit and tier.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/shadow-runs/{runId}/report.csv", GetReportCsvAsync).WithName("GetShadowRunReportCsv")
            .WithSummary("The finished run's report as CSV.").Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<DraftResponse>, ProblemHttpResult>> UploadAsync(HttpRequest http, ICatalogueStore store, TimeProvider clock)
    {
        if (!http.HasJsonContentType())
        {
            return ApiProblems.UnsupportedMediaType();
        }

        if (http.ContentLength > ApiBody.MaxBytes)
        {
            return ApiProblems.BodyTooLarge(ApiBody.MaxBytes);
        }

        string json;
        try
        {
            using var reader = new StreamReader(http.Body, Encoding.UTF8);
            var buffer = new char[ApiBody.MaxBytes + 1];
            var read = await reader.ReadBlockAsync(buffer, http.HttpContext.RequestAborted);
            if (read > ApiBody.MaxBytes)
            {
                return ApiProblems.BodyTooLarge(ApiBody.MaxBytes);
            }

            json = new string(buffer, 0, read);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.BodyTooLarge(ApiBody.MaxBytes);
        }

        CatalogueEdition edition;
        try
        {
            edition = CatalogueLoader.Parse(json, "draft");
        }
        catch (CatalogueException e)
        {
            return ApiProblems.Validation(EntryErrors(e));
        }

        var draft = new StoredDraft("d-" + Guid.NewGuid().ToString("N")[..12], edition.Edition, edition.EffectiveFrom, edition.Benefits.Count, json,
            clock.GetUtcNow(), Caller(http), null);
        await store.AddDraftAsync(draft);
        return TypedResults.Created($"/api/admin/catalogue/drafts/{draft.DraftId}", DraftResponse.Of(draft, edition));
    }

    private static async Task<Results<Ok<List<DraftResponse>>, ProblemHttpResult>> ListDraftsAsync(string? limit, string? after, HttpContext http, ICatalogueStore store)
    {
        var errors = new FieldErrors();
        var size = Paging.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > Paging.MaxLimit))
        {
            errors.Add("limit", $"Expected a whole number from 1 to {Paging.MaxLimit}.");
        }

        var afterId = after is null ? null : errors.Id("after", after);
        StoredDraft? previous = null;
        if (afterId is not null && (previous = await store.GetDraftAsync(afterId)) is null)
        {
            errors.Add("after", "Not a draft of the previous page: use the link of rel=\"next\".");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var drafts = await store.ListDraftsAsync(previous, size + 1);
        var page = drafts.Take(size).ToList();
        if (drafts.Count > size)
        {
            var query = QueryString.Create(new KeyValuePair<string, string?>[] { new("after", page[^1].DraftId), new("limit", size.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
            http.Response.Headers.Append("Link", $"<{http.Request.PathBase}{http.Request.Path}{query}>; rel=\"next\"");
        }

        return TypedResults.Ok(page.Select(d => DraftResponse.Of(d, null)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDraftAsync(string draftId, ICatalogueStore store)
    {
        if (ApiLookups.InvalidIds(("draftId", draftId)) is { } invalid)
        {
            return invalid;
        }

        return await store.DeleteDraftAsync(draftId) switch
        {
            DraftDeletion.Deleted => TypedResults.NoContent(),
            DraftDeletion.Published => ApiProblems.Conflict("draftId", $"Draft {draftId} is published: it is the record of its edition (withdraw the edition first if it is not in force).", "draft-published"),
            _ => DraftNotFound(draftId),
        };
    }

    private static async Task<Results<Ok<WithdrawnEditionResponse>, ProblemHttpResult>> WithdrawAsync(
        string edition, HttpRequest http, ApiBody body, IGrainFactory grains, CmcmReferenceData reference)
    {
        var (request, problem) = await body.ReadAsync<WithdrawalRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request!.Reason, WithdrawalRequest.MaxReasonLength);
        if (EditionName.Problem(edition) is { } bad)
        {
            errors.Add("edition", $"The edition {bad}.");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var result = await grains.GetGrain<ICatalogueRegistryGrain>(CatalogueRegistry.Key).WithdrawAsync(new WithdrawEdition(edition, reason!, Caller(http)));
        if (result.IsRefused)
        {
            return result.NotFound ? ApiProblems.NotFound(result.Field!, result.Error!)
                : result.Conflict ? ApiProblems.Conflict(result.Field!, result.Error!, "edition-in-force")
                : ApiProblems.Invalid(result.Field!, result.Error!);
        }

        reference.Apply(result.Snapshot!);
        return TypedResults.Ok(WithdrawnEditionResponse.Of(result.Snapshot!.Withdrawn[^1]));
    }

    private static async Task<Ok<List<WithdrawnEditionResponse>>> ListWithdrawals(IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetGrain<ICatalogueRegistryGrain>(CatalogueRegistry.Key).GetAsync()).Withdrawn
            .OrderByDescending(w => w.WithdrawnAt).Select(WithdrawnEditionResponse.Of).ToList());

    private static async Task<Results<Ok<DraftResponse>, ProblemHttpResult>> GetDraftAsync(string draftId, ICatalogueStore store)
    {
        var draft = await store.GetDraftAsync(draftId);
        return draft is null ? DraftNotFound(draftId) : TypedResults.Ok(DraftResponse.Of(draft, CatalogueLoader.Parse(draft.Json, draft.DraftId)));
    }

    private static async Task<Results<Ok<CatalogueDiff>, ProblemHttpResult>> DiffAsync(string draftId, ICatalogueStore store, CmcmReferenceData reference, TimeProvider clock)
    {
        var draft = await store.GetDraftAsync(draftId);
        if (draft is null)
        {
            return DraftNotFound(draftId);
        }

        var inForce = reference.Catalogues.InForceOn(clock.Today()) ?? reference.Catalogues.Editions[0];
        return TypedResults.Ok(CatalogueDiff.Between(inForce, CatalogueLoader.Parse(draft.Json, draft.DraftId)));
    }

    private static async Task<Results<Ok<PublishedEditionResponse>, ProblemHttpResult>> PublishAsync(
        string draftId, HttpRequest http, ApiBody body, ICatalogueStore store, IGrainFactory grains, CmcmReferenceData reference)
    {
        var (request, problem) = await body.ReadAsync<PublishRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var effectiveFrom = errors.Required("effectiveFrom", request!.EffectiveFrom);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var draft = await store.GetDraftAsync(draftId);
        if (draft is null)
        {
            return DraftNotFound(draftId);
        }

        if (draft.PublishedFrom is { } published)
        {
            return ApiProblems.Conflict("draftId", $"Draft {draftId} is already published (in force from {published:yyyy-MM-dd}).", "draft-published");
        }

        var result = await grains.GetGrain<ICatalogueRegistryGrain>(CatalogueRegistry.Key)
            .PublishAsync(new PublishEdition(draft.DraftId, draft.Json, effectiveFrom!.Value, Caller(http)));
        if (result.IsRefused)
        {
            return result.Conflict
                ? ApiProblems.Conflict(result.Field!, result.Error!, "edition-exists")
                : ApiProblems.Invalid(result.Field!, result.Error!);
        }


        reference.Apply(result.Snapshot!);
        var edition = result.Snapshot!.Editions[^1];
        return TypedResults.Ok(new PublishedEditionResponse(edition.Edition, edition.EffectiveFrom, edition.PublishedAt, edition.PublishedBy, edition.DraftId));
    }

    private static async Task<Results<Accepted<ShadowRunResponse>, ProblemHttpResult>> StartShadowRunAsync(
        HttpRequest http, ApiBody body, ICatalogueStore store, ShadowRunJobs jobs)
    {
        var (request, problem) = await body.ReadAsync<ShadowRunRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var draftId = errors.Id("draftId", request!.DraftId);
        var from = errors.Required("from", request.From);
        var to = errors.Required("to", request.To);
        if (from is { } f && to is { } t)
        {
            if (t < f)
            {
                errors.Add("to", "The period ends on or after it begins.");
            }
            else if (t.DayNumber - f.DayNumber > MaxPeriodDays)
            {
                errors.Add("to", $"A period is at most {MaxPeriodDays} days.");
            }
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var draft = await store.GetDraftAsync(draftId!);
        if (draft is null)
        {
            return DraftNotFound(draftId!);
        }

        var job = await jobs.StartAsync(draft, CatalogueLoader.Parse(draft.Json, draft.DraftId), from!.Value, to!.Value, Caller(http));
        return job is null
            ? ApiProblems.Conflict("body", $"{ShadowRunJobs.MaxRunning} shadow runs are running on this host; wait for one to finish or cancel one.", "shadow-runs-busy")
            : TypedResults.Accepted($"/api/admin/catalogue/shadow-runs/{job.Run.RunId}", ShadowRunResponse.Of(job.Run));
    }

    private static async Task<Ok<List<ShadowRunResponse>>> ListShadowRunsAsync(ShadowRunJobs jobs) =>
        TypedResults.Ok((await jobs.ListAsync()).Select(ShadowRunResponse.Of).ToList());

    private static async Task<Results<Ok<ShadowRunResponse>, ProblemHttpResult>> GetShadowRunAsync(string runId, ShadowRunJobs jobs) =>
        await jobs.FindAsync(runId) is { } run ? TypedResults.Ok(ShadowRunResponse.Of(run)) : RunNotFound(runId);

    private static async Task<Results<Ok<ShadowRunResponse>, ProblemHttpResult>> CancelShadowRunAsync(string runId, ShadowRunJobs jobs)
    {
        var (run, stopped) = await jobs.CancelAsync(runId);
        if (run is null)
        {
            return RunNotFound(runId);
        }

        return stopped
            ? TypedResults.Ok(ShadowRunResponse.Of(run))
            : ApiProblems.Conflict("runId", $"Shadow run {runId} has already finished ({ShadowRunRow.StatusName(run.Status)}).", "shadow-run-finished");
    }

    private static async Task<Results<Ok<ShadowReport>, ProblemHttpResult>> GetReportJsonAsync(string runId, ShadowRunJobs jobs)
    {
        var (report, problem) = await FinishedReportAsync(runId, jobs);
        return problem ?? (Results<Ok<ShadowReport>, ProblemHttpResult>)TypedResults.Ok(report!);
    }

    private static async Task<IResult> GetReportCsvAsync(string runId, ShadowRunJobs jobs)
    {
        var (report, problem) = await FinishedReportAsync(runId, jobs);
        return problem ?? (IResult)TypedResults.Text(report!.ToCsv(), "text/csv; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<(ShadowReport? Report, ProblemHttpResult? Problem)> FinishedReportAsync(string runId, ShadowRunJobs jobs)
    {
        if (await jobs.FindAsync(runId) is not { } run)
        {
            return (null, RunNotFound(runId));
        }

        var report = run.Status == ShadowRunStatus.Completed ? await jobs.ReportAsync(runId) : null;
        return report is null
            ? (null, ApiProblems.Conflict("runId", $"Shadow run {runId} has no report: it is {ShadowRunRow.StatusName(run.Status)}.", "shadow-run-not-completed"))
            : (report, null);
    }

    /// <summary>One error per mistake, under the entry it names (<c>benefits[3]</c>, <c>groups[0]</c>, or <c>draft</c> for the file as a whole).</summary>
    public static FieldErrors EntryErrors(CatalogueException exception)
    {
        var errors = new FieldErrors();
        foreach (var error in exception.Errors)
        {
            var entry = error.StartsWith("benefits[", StringComparison.Ordinal) || error.StartsWith("groups[", StringComparison.Ordinal)
                ? error[..(error.IndexOf(']', StringComparison.Ordinal) + 1)]
                : error.StartsWith("benefit ", StringComparison.Ordinal) ? "benefits"
                : error.StartsWith("edition ", StringComparison.Ordinal) ? "edition" : "draft";
            errors.Add(entry, error);
        }

        return errors;
    }

    private static string Caller(HttpRequest http) => http.HttpContext.User.Identity?.Name ?? http.HttpContext.User.FindFirst("sub")?.Value ?? "admin";

    private static ProblemHttpResult DraftNotFound(string draftId) => ApiProblems.NotFound("draftId", $"No catalogue draft '{draftId}'.");

    private static ProblemHttpResult RunNotFound(string runId) => ApiProblems.NotFound("runId", $"No shadow run '{runId}'.");
}

public sealed class PublishRequest
{
    /// <summary>The first day the edition is in force: after today and after every edition known.</summary>
    [Required]
    public DateOnly? EffectiveFrom { get; init; }
}

public sealed class WithdrawalRequest
{
    public const int MaxReasonLength = 500;

    /// <summary>Why the edition is withdrawn (recorded with who and when).</summary>
    [Required]
    public string? Reason { get; init; }
}

/// <summary>A published edition withdrawn before it came into force.</summary>
public sealed record WithdrawnEditionResponse(string Edition, DateOnly EffectiveFrom, string DraftId, DateTimeOffset PublishedAt, string PublishedBy,
    DateTimeOffset WithdrawnAt, string WithdrawnBy, string Reason)
{
    public static WithdrawnEditionResponse Of(WithdrawnEdition w) =>
        new(w.Edition.Edition, w.Edition.EffectiveFrom, w.Edition.DraftId, w.Edition.PublishedAt, w.Edition.PublishedBy, w.WithdrawnAt, w.WithdrawnBy, w.Reason);
}

public sealed class ShadowRunRequest
{
    [Required]
    public string? DraftId { get; init; }

    /// <summary>First day of the period (claims received from this Luxembourg date).</summary>
    [Required]
    public DateOnly? From { get; init; }

    /// <summary>Last day of the period, included.</summary>
    [Required]
    public DateOnly? To { get; init; }
}

/// <param name="EffectiveFrom">The date the file proposes; the date of publication is chosen when publishing.</param>
/// <param name="PublishedFrom">Set once published: the date the edition is in force from.</param>
/// <param name="Benefits">The draft's benefits (only when one draft is read).</param>
public sealed record DraftResponse(
    string DraftId,
    string Edition,
    DateOnly EffectiveFrom,
    int BenefitCount,
    DateTimeOffset UploadedAt,
    string UploadedBy,
    DateOnly? PublishedFrom,
    IReadOnlyList<BenefitResponse>? Benefits)
{
    public static DraftResponse Of(StoredDraft draft, CatalogueEdition? edition) => new(draft.DraftId, draft.Edition, draft.EffectiveFrom, draft.BenefitCount,
        draft.UploadedAt, draft.UploadedBy, draft.PublishedFrom, edition is null ? null : EditionResponse.From(edition).Benefits);
}

public sealed record PublishedEditionResponse(string Edition, DateOnly EffectiveFrom, DateTimeOffset PublishedAt, string PublishedBy, string DraftId);

/// <param name="Status">running, completed, cancelled or failed.</param>
/// <param name="Done">Claims of the period gone through so far, of <paramref name="Total"/>.</param>
/// <param name="CancelRequested">A host asked the run to stop; it stops at its next heartbeat.</param>
public sealed record ShadowRunResponse(
    string RunId,
    string DraftId,
    string Edition,
    DateOnly From,
    DateOnly To,
    string Status,
    int Done,
    int Total,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string StartedBy,
    bool CancelRequested,
    string? Error,
    ShadowRunSummaryResponse? Summary)
{
    public static ShadowRunResponse Of(ShadowRunRow run) => new(run.RunId, run.DraftId, run.Edition, run.From, run.To, ShadowRunRow.StatusName(run.Status), run.Done, run.Total,
        run.StartedAt, run.FinishedAt, run.StartedBy, run.CancelRequested, run.Error,
        run.Summary is { } r ? new ShadowRunSummaryResponse(r.Claims, r.Judged, r.Skipped, r.ClaimsChanged, r.PaidBefore, r.PaidAfter, r.Difference) : null);
}

public sealed record ShadowRunSummaryResponse(int Claims, int Judged, int Skipped, int ClaimsChanged, decimal PaidBefore, decimal PaidAfter, decimal Difference);
