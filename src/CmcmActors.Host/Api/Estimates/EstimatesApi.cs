using System.ComponentModel.DataAnnotations;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Api.Claims;
using CmcmActors.Host.Api.Members;
using CmcmActors.Host.Api.OpenApi;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Estimates;

/// <summary>POST /api/estimates: what planned care would pay today, decided like a claim, consuming no cap.</summary>
public static class EstimatesApi
{
    public static IEndpointRouteBuilder MapEstimatesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/estimates", EstimateAsync).WithName("EstimateClaim").WithTags("Estimates").RequireAuthorization(CmcmRoles.AnyUserPolicy)
            .Accepts<EstimateRequest>("application/json").WithSummary("Decides planned lines without consuming any cap.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> EstimateAsync(
        HttpRequest http, ApiBody body, IGrainFactory grains, CmcmReferenceData reference, TimeProvider clock)
    {
        var (request, problem) = await body.ReadAsync<EstimateRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var (decision, refused) = await DecideAsync(http.HttpContext.User, request!, grains, reference, clock);
        if (refused is not null)
        {
            return refused;
        }

        return TypedResults.Ok(DecisionResponse.From(decision!));
    }

    /// <summary>
    /// The one estimate path, for the JSON API and the FHIR face alike: fields, access, existence, then the member's
    /// estimate, which consumes nothing.
    /// </summary>
    internal static async Task<(Domain.Adjudication.ClaimAdjudication? Decision, ProblemHttpResult? Problem)> DecideAsync(
        System.Security.Claims.ClaimsPrincipal user, EstimateRequest request, IGrainFactory grains, CmcmReferenceData reference, TimeProvider clock,
        FieldErrors? errors = null)
    {
        errors ??= new FieldErrors();
        var familyId = errors.Id("familyId", request.FamilyId);
        var memberId = errors.Id("memberId", request.MemberId);
        if (familyId is not null && memberId is not null && user.MemberAccess(familyId, memberId) is { } forbidden)
        {
            return (null, forbidden);
        }

        var lines = ClaimLineInput.Parse(errors, "lines", request.Lines, reference.Catalogues, clock.Today());
        if (errors.Any)
        {
            return (null, ApiProblems.Validation(errors));
        }

        if (await MembersApi.FindAsync(grains, familyId!, memberId!) is { } missing)
        {
            return (null, missing);
        }

        return (await grains.Member(memberId!).EstimateAsync(familyId!, lines!), null);
    }
}

/// <summary>Planned care: the lines as a claim would have them (dates of care up to today).</summary>
public sealed class EstimateRequest
{
    [Required, ApiId]
    public string? FamilyId { get; init; }
    [Required, ApiId]
    public string? MemberId { get; init; }
    [Required]
    public IReadOnlyList<ClaimLineRequest?>? Lines { get; init; }
}
