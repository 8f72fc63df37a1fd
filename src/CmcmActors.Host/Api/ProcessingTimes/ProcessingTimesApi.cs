using System.ComponentModel.DataAnnotations;
using CmcmActors.Contracts.Catalogue;
using CmcmActors.Domain.Routing;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.ProcessingTimes;

/// <summary>
/// Expected processing time, in weeks, by department and channel: read by anyone signed in, updated by an admin
/// (the figures of the week). A pended claim's expected weeks come from this table. An update goes through the
/// catalogue registry grain: durable, and every silo has it when the call returns.
/// </summary>
public static class ProcessingTimesApi
{
    public const int MaxWeeks = 52;

    public static IEndpointRouteBuilder MapProcessingTimesApi(this IEndpointRouteBuilder app)
    {
        var times = app.MapGroup("/api/processing-times").WithTags("Processing times");
        times.MapGet("", Get).WithName("GetProcessingTimes").RequireAuthorization(CmcmRoles.AnyUserPolicy).WithSummary("Weeks by department and channel.");
        times.MapPut("", UpdateAsync).WithName("UpdateProcessingTimes").RequireAuthorization(CmcmRoles.AdminPolicy).Accepts<List<ProcessingTimeRequest>>("application/json")
            .WithSummary("Sets the weeks of the rows given; the other rows keep theirs.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static Ok<List<ProcessingTimeResponse>> Get(CmcmReferenceData reference) => TypedResults.Ok(Rows(reference.ProcessingTimes));

    private static async Task<Results<Ok<List<ProcessingTimeResponse>>, ProblemHttpResult>> UpdateAsync(HttpRequest http, ApiBody body, CmcmReferenceData reference, IGrainFactory grains)
    {
        var (request, problem) = await body.ReadAsync<List<ProcessingTimeRequest?>>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        if (request!.Count == 0)
        {
            errors.Add("body", "At least one row is required.");
        }

        var updated = new List<ProcessingTimeRow>();
        var seen = new HashSet<(Department, Channel)>();
        for (var i = 0; i < request.Count; i++)
        {
            var at = $"[{i}]";
            if (errors.RequiredObject(at, request[i]) is not { } row)
            {
                continue;
            }

            var department = errors.Required($"{at}.department", row.Department);
            var channel = errors.Required($"{at}.channel", row.Channel);
            var weeks = errors.Required($"{at}.weeks", row.Weeks);
            if (weeks is < 0 or > MaxWeeks)
            {
                errors.Add($"{at}.weeks", $"Weeks are between 0 and {MaxWeeks}.");
                continue;
            }

            if (department is { } d && channel is { } c && weeks is { } w)
            {
                if (!seen.Add((d, c)))
                {
                    errors.Add(at, "The same department and channel appear twice.");
                }

                updated.Add(new ProcessingTimeRow(d, c, w));
            }
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var by = http.HttpContext.User.Identity?.Name ?? http.HttpContext.User.FindFirst("sub")?.Value ?? "admin";
        var snapshot = await grains.GetGrain<ICatalogueRegistryGrain>(CatalogueRegistry.Key).SetProcessingTimesAsync(
            [.. updated], by);
        reference.Apply(snapshot);
        return TypedResults.Ok(Rows(reference.ProcessingTimes));
    }

    private static List<ProcessingTimeResponse> Rows(Domain.Routing.ProcessingTimes times) =>
        [.. times.Weeks.OrderBy(d => d.Key).SelectMany(d => d.Value.OrderBy(c => c.Key).Select(c => new ProcessingTimeResponse(d.Key, c.Key, c.Value)))];
}

public sealed class ProcessingTimeRequest
{
    [Required]
    public Department? Department { get; init; }
    [Required]
    public Channel? Channel { get; init; }
    [Required]
    public int? Weeks { get; init; }
}

public sealed record ProcessingTimeResponse(Department Department, Channel Channel, int Weeks);
