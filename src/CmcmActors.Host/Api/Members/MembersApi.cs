using System.Globalization;
using CmcmActors.Host.Api.Audit;
using CmcmActors.Host.Api.Families;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Members;

/// <summary>One member of a family: the view with waiting periods, statutory cover, caps and their audit.</summary>
public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("/api/families/{familyId}/members/{memberId}").WithTags("Members").RequireAuthorization(CmcmRoles.AnyUserPolicy);
        members.MapGet("", GetAsync).WithName("GetMember").ReadsHealthData().WithSummary("The member, statutory cover and waiting periods on a date (?on=yyyy-MM-dd, default today).");
        members.MapPut("/statutory-periods", SetStatutoryPeriodsAsync).WithName("SetStatutoryPeriods").RequireAuthorization(CmcmRoles.StaffPolicy)
            .Accepts<List<StatutoryPeriodRequest>>("application/json").WithSummary("Replaces the member's periods of statutory cover.");
        members.MapGet("/caps", GetCapsAsync).WithName("GetMemberCaps").ReadsHealthData().WithSummary("Caps used and remaining for a year of care (?year=, default this year).");
        members.MapGet("/audit", GetAuditAsync).WithName("GetMemberAudit").ReadsHealthData().WithSummary("Every movement of the member's caps.");
        members.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> GetAsync(
        string familyId, string memberId, string? on, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        if (Check(familyId, memberId, http) is { } problem)
        {
            return problem;
        }

        var date = clock.Today();
        if (on is not null && !DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return ApiProblems.Invalid("on", "Expected a date as yyyy-MM-dd.");
        }

        return await ViewAsync(grains, familyId, memberId, date);
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> SetStatutoryPeriodsAsync(
        string familyId, string memberId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock)
    {
        if (ApiLookups.InvalidIds(("familyId", familyId), ("memberId", memberId)) is { } invalid)
        {
            return invalid;
        }

        var (request, problem) = await body.ReadAsync<List<StatutoryPeriodRequest?>>(http);
        if (problem is not null)
        {
            return problem;
        }

        var today = clock.Today();
        var errors = new FieldErrors();
        var periods = FamilyValidation.Periods(errors, "body", request, today, required: true, itemPrefix: "");
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        if (await grains.Family(familyId).GetAsync() is not { } family)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        if (family.Find(memberId) is null)
        {
            return ApiLookups.UnknownMember(familyId, memberId);
        }

        var member = grains.Member(memberId);
        if ((await member.GetAsync()).FamilyId is { } other && other != familyId)
        {
            return ApiProblems.Conflict("memberId", $"Member {memberId} is in family {other}.", "member-in-other-family");
        }

        await member.SetStatutoryPeriodsAsync(familyId, periods!);
        return await ViewAsync(grains, familyId, memberId, today);
    }

    private static async Task<Results<Ok<List<CapResponse>>, ProblemHttpResult>> GetCapsAsync(
        string familyId, string memberId, string? year, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        if (Check(familyId, memberId, http) is { } problem)
        {
            return problem;
        }

        var calendarYear = clock.Today().Year;
        if (year is not null && (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out calendarYear) || calendarYear is < 1900 or > 2200))
        {
            return ApiProblems.Invalid("year", "Expected a year between 1900 and 2200.");
        }

        if (await FindAsync(grains, familyId, memberId) is { } missing)
        {
            return missing;
        }

        var caps = await grains.Member(memberId).GetCapsAsync(calendarYear);
        return TypedResults.Ok(caps.Select(CapResponse.From).ToList());
    }

    private static async Task<Results<Ok<List<CapMovementResponse>>, ProblemHttpResult>> GetAuditAsync(
        string familyId, string memberId, HttpContext http, IGrainFactory grains)
    {
        if (Check(familyId, memberId, http) is { } problem)
        {
            return problem;
        }

        if (await FindAsync(grains, familyId, memberId) is { } missing)
        {
            return missing;
        }

        var audit = await grains.Member(memberId).GetAuditAsync();
        return TypedResults.Ok(audit.Select(CapMovementResponse.From).ToList());
    }

    /// <summary>Valid ids, then access.</summary>
    private static ProblemHttpResult? Check(string familyId, string memberId, HttpContext http) =>
        ApiLookups.InvalidIds(("familyId", familyId), ("memberId", memberId)) ?? http.User.MemberAccess(familyId, memberId);

    /// <summary>Null when the family exists and has the member on its roster, else the 404.</summary>
    internal static async Task<ProblemHttpResult?> FindAsync(IGrainFactory grains, string familyId, string memberId) =>
        await grains.Family(familyId).GetAsync() is not { } family ? ApiLookups.UnknownFamily(familyId)
        : family.Find(memberId) is null ? ApiLookups.UnknownMember(familyId, memberId)
        : null;

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> ViewAsync(IGrainFactory grains, string familyId, string memberId, DateOnly on)
    {
        if (await grains.Family(familyId).GetAsync() is not { } family)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        if (family.Find(memberId) is not { } rostered)
        {
            return ApiLookups.UnknownMember(familyId, memberId);
        }

        var member = grains.Member(memberId);
        var view = await member.GetAsync();
        var waiting = await member.GetWaitingPeriodsAsync(on);
        return TypedResults.Ok(MemberResponse.From(familyId, rostered, view, on, waiting));
    }
}
