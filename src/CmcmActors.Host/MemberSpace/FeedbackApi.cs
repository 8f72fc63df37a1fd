using System.Globalization;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Feedback;
using CmcmActors.Grains.Feedback;
using CmcmActors.Host.Api;
using CmcmActors.Host.Api.Claims;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.MemberSpace;

/// <summary>POST /api/claims/{m}/{i}/feedback.</summary>
public sealed class FeedbackRequest
{
    /// <summary>1 (bad) to 5 (very good).</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public int? Score { get; init; }

    /// <summary>Optional, at most 1,000 characters.</summary>
    public string? Text { get; init; }
}

public sealed record FeedbackResponse(string ClaimId, string MemberId, int Score, string? Text, DateTimeOffset GivenAt)
{
    public static FeedbackResponse From(CareFeedback f) => new(f.ClaimId, f.MemberId, f.Score, f.Text, f.GivenAt);
}

/// <summary>One row of the report: scores given in a month on a benefit. <c>scores</c>: how many gave 1, 2, 3, 4, 5.</summary>
public sealed record FeedbackReportRowResponse(string Month, string BenefitCode, int Count, decimal Average, IReadOnlyList<int> Scores, int WithText);

/// <summary>
/// Feedback after care: the member (the main affiliate for the family, a co-affiliate for himself or herself) gives a
/// score and an optional text once per decided claim; staff read it and the report of scores by month and benefit.
/// Staff never give feedback in a member's name (403): it is the member's word.
/// </summary>
public static class FeedbackApi
{
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var claim = app.MapGroup("/api/claims/{memberId}/{invoiceReference}/feedback").WithTags(MemberSpaceExtensions.Tag).RequireAuthorization(CmcmRoles.AnyUserPolicy);
        claim.MapPost("", GiveAsync).WithName("GiveFeedback").Accepts<FeedbackRequest>("application/json")
            .WithSummary("The member's feedback after care on a decided claim: a score from 1 to 5 and an optional text, once per claim.");
        claim.MapGet("", GetAsync).WithName("GetFeedback").WithSummary("The feedback given on the claim (404 when none yet).");
        claim.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/api/feedback/report", ReportAsync).WithTags(MemberSpaceExtensions.Tag).RequireAuthorization(CmcmRoles.StaffPolicy).WithName("GetFeedbackReport")
            .WithSummary("Scores by month and benefit (?from=yyyy-MM&to=yyyy-MM, both included; default the last 12 months).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Created<FeedbackResponse>, ProblemHttpResult>> GiveAsync(
        string memberId, string invoiceReference, HttpRequest http, ApiBody body, IGrainFactory grains, IFeedbackStore store, TimeProvider clock)
    {
        var user = http.HttpContext.User;
        var (record, problem) = await ClaimsApi.LoadAsync(grains, user, memberId, invoiceReference);
        if (problem is not null)
        {
            return problem;
        }

        if (!user.IsInRole(CmcmRoles.Member) || !user.CanSeeMember(record!.Submission.FamilyId, memberId))
        {
            return ApiProblems.Forbidden($"Only the member (or the family's main affiliate) gives feedback on claim {memberId}/{invoiceReference}.");
        }

        var (request, invalid) = await body.ReadAsync<FeedbackRequest>(http);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new FieldErrors();
        var score = errors.Required("score", request!.Score);
        if (score is { } s && !FeedbackRules.IsValidScore(s))
        {
            errors.Add("score", $"A score from {FeedbackRules.MinScore} to {FeedbackRules.MaxScore}.");
        }

        var text = errors.Text("text", request.Text, FeedbackRules.MaxTextLength, required: false);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        if (!FeedbackRules.IsOpenFor(record.Status.ToState()))
        {
            return ApiProblems.Conflict("invoiceReference", $"Claim {record.ClaimId} is {record.Status}: feedback is given on a decided claim.", "feedback-not-open");
        }

        var benefits = record.TrustedLines.Select(l => l.BenefitCode).Distinct(StringComparer.Ordinal).ToArray();
        var feedback = new CareFeedback(record.ClaimId, record.Submission.FamilyId, memberId, score!.Value, text, benefits, clock.GetUtcNow());
        if (!await store.AddAsync(feedback))
        {
            return ApiProblems.Conflict("invoiceReference", $"Feedback on claim {record.ClaimId} was already given.", "feedback-given");
        }

        return TypedResults.Created($"/api/claims/{memberId}/{invoiceReference}/feedback", FeedbackResponse.From(feedback));
    }

    private static async Task<Results<Ok<FeedbackResponse>, ProblemHttpResult>> GetAsync(
        string memberId, string invoiceReference, HttpContext http, IGrainFactory grains, IFeedbackStore store)
    {
        var (record, problem) = await ClaimsApi.LoadAsync(grains, http.User, memberId, invoiceReference);
        if (problem is not null)
        {
            return problem;
        }

        if (!http.User.CanSeeMember(record!.Submission.FamilyId, memberId))
        {
            return ApiProblems.Forbidden($"This token does not give access to claim {memberId}/{invoiceReference}.");
        }

        return await store.GetAsync(record.ClaimId) is { } feedback
            ? TypedResults.Ok(FeedbackResponse.From(feedback))
            : ApiProblems.NotFound("invoiceReference", $"No feedback was given on claim {record.ClaimId}.");
    }

    private static async Task<Results<Ok<List<FeedbackReportRowResponse>>, ProblemHttpResult>> ReportAsync(
        string? from, string? to, IFeedbackStore store, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var thisMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var errors = new FieldErrors();
        var first = Month(errors, "from", from) ?? thisMonth.AddMonths(-11);
        var last = Month(errors, "to", to) ?? thisMonth;
        if (!errors.Any && last < first)
        {
            errors.Add("to", "The last month comes after the first.");
        }

        if (!errors.Any && last.AddMonths(1) > first.AddMonths(120))
        {
            errors.Add("to", "At most 120 months at once.");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var given = await store.ListAsync(first, last.AddMonths(1));
        return TypedResults.Ok(FeedbackReport.ByMonthAndBenefit(given)
            .Select(r => new FeedbackReportRowResponse(r.Month, r.BenefitCode, r.Count, r.Average, r.Scores, r.WithText)).ToList());
    }

    private static DateTimeOffset? Month(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!DateTime.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var month)
            || month.Year < 2000)
        {
            errors.Add(field, "Expected a month as yyyy-MM, from 2000.");
            return null;
        }

        return new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
