using System.Globalization;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Claims;
using CmcmActors.Grains.Journal;
using CmcmActors.Host.Api.Audit;
using CmcmActors.Host.Api.Members;
using CmcmActors.Host.Live;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Claims;

/// <summary>
/// The claims of a family and of a member, filtered and paged where they are stored (<see cref="IClaimLists"/>):
/// <c>?member=</c> (family list), <c>?status=</c> (one or more, comma-separated), <c>?year=</c> (a year of care),
/// <c>?benefit=</c> (a benefit code), <c>?reference=</c> (a piece of the invoice reference, any case), with
/// <c>?limit=</c>, <c>?after=</c> and <c>?order=</c> as every list (<see cref="Paging"/>). Exact for any history length:
/// the next page's link carries the filters. The answer tells the pages each listed member's push sequence
/// (<see cref="LiveSequences"/>), read before the claims.
/// </summary>
public static class ClaimListsApi
{
    public const int MinYear = 1900;
    public const int MaxYear = 2200;

    /// <summary>The filters as the OpenAPI document describes them.</summary>
    public static readonly IReadOnlyDictionary<string, string> FilterDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["member"] = "Only this member's claims (a member on the family's roster).",
        ["status"] = "Only claims in these statuses, comma-separated: received, adjudicating, approved, partiallyApproved, refused, pended, reversed.",
        ["year"] = $"Only claims with a line cared for in this year ({MinYear} to {MaxYear}).",
        ["benefit"] = "Only claims with a line claimed under this benefit code (RC.ALTMED).",
        ["reference"] = "Only claims whose invoice reference contains this text, in any case (letters, digits, '-', '_', '.').",
    };

    public static IEndpointRouteBuilder MapClaimListsApi(this IEndpointRouteBuilder app)
    {
        var lists = app.MapGroup("/api/families/{familyId}").WithTags("Claims").RequireAuthorization(CmcmRoles.AnyUserPolicy);
        lists.MapGet("/claims", GetFamilyClaimsAsync).WithName("GetFamilyClaims").ReadsHealthData()
            .WithSummary("The claims of every member of the family, filtered by member, status, year of care, benefit and reference, a page at a time.");
        lists.MapGet("/members/{memberId}/claims", GetMemberClaimsAsync).WithName("GetMemberClaims").ReadsHealthData()
            .WithSummary("The member's claims, filtered by status, year of care, benefit and reference, a page at a time.");
        lists.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<List<ClaimResponse>>, ProblemHttpResult>> GetFamilyClaimsAsync(
        string familyId, string? member, string? status, string? year, string? benefit, string? reference, string? limit, string? after, string? order,
        HttpContext http, IGrainFactory grains, IClaimLists lists)
    {
        if ((ApiLookups.InvalidIds(("familyId", familyId)) ?? http.User.FamilyAccess(familyId)) is { } problem)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var memberId = member is null ? null : errors.Id("member", member);
        var (statuses, filter, page, newestFirst) = Parse(errors, status, year, benefit, reference, limit, after, order);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        if (await grains.Family(familyId).GetAsync() is not { } family)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        if (memberId is not null && family.Find(memberId) is null)
        {
            return ApiProblems.Invalid("member", $"Member {memberId} is not on the roster of family {familyId}.");
        }

        string[] members = memberId is null ? [.. family.Members.Select(m => m.MemberId)] : [memberId];
        return TypedResults.Ok(await PageAsync(http, lists, new ClaimListQuery(familyId, members, statuses, filter), page, newestFirst));
    }

    private static async Task<Results<Ok<List<ClaimResponse>>, ProblemHttpResult>> GetMemberClaimsAsync(
        string familyId, string memberId, string? status, string? year, string? benefit, string? reference, string? limit, string? after, string? order,
        HttpContext http, IGrainFactory grains, IClaimLists lists)
    {
        if ((ApiLookups.InvalidIds(("familyId", familyId), ("memberId", memberId)) ?? http.User.MemberAccess(familyId, memberId)) is { } problem)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var (statuses, filter, page, newestFirst) = Parse(errors, status, year, benefit, reference, limit, after, order);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        if (await MembersApi.FindAsync(grains, familyId, memberId) is { } missing)
        {
            return missing;
        }

        if (statuses.Length == 0 && filter.IsEmpty)
        {
            // Unfiltered: the member grain's own page (what it has written, and its push sequence as it stands).
            var claims = await grains.Member(memberId).GetClaimsPageAsync(page.After, page.Limit, newestFirst);
            Paging.LinkNext(http, claims.Next, page.Limit, newestFirst);
            LiveSequences.Tell(http, [(memberId, claims.PushSequence)]);
            return TypedResults.Ok(claims.Claims.Where(c => c.Submission.FamilyId == familyId).Select(c => ClaimResponse.From(c, http.User)).ToList());
        }

        return TypedResults.Ok(await PageAsync(http, lists, new ClaimListQuery(familyId, [memberId], statuses, filter), page, newestFirst));
    }

    /// <summary>The page (one more read than asked: whether a next page exists), its link, and the members' push sequences.</summary>
    private static async Task<List<ClaimResponse>> PageAsync(HttpContext http, IClaimLists lists, ClaimListQuery query, (ClaimCursor? After, int Limit) page, bool newestFirst)
    {
        var sequences = await lists.ReadPushSequencesAsync(query.MemberIds);
        var claims = await lists.ReadAsync(query, page.After, page.Limit + 1, newestFirst);
        var taken = claims.Take(page.Limit).ToList();
        Paging.LinkNext(http, claims.Count > page.Limit ? ClaimCursor.Of(taken[^1].History[0].At, taken[^1].ClaimId) : null, page.Limit, newestFirst);
        LiveSequences.Tell(http, [.. query.MemberIds.Select(m => (m, sequences.GetValueOrDefault(m)))]);
        return [.. taken.Select(c => ClaimResponse.From(c, http.User))];
    }

    private static (ClaimStatus[] Statuses, ClaimListFilter Filter, (ClaimCursor? After, int Limit) Page, bool NewestFirst) Parse(
        FieldErrors errors, string? status, string? year, string? benefit, string? reference, string? limit, string? after, string? order)
    {
        var statuses = Statuses(errors, status);
        int? careYear = null;
        if (year is not null)
        {
            if (int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= MinYear and <= MaxYear)
            {
                careYear = y;
            }
            else
            {
                errors.Add("year", $"Expected a year of care from {MinYear} to {MaxYear}.");
            }
        }

        var code = benefit is null ? null : errors.Id("benefit", benefit);
        string? text = null;
        if (reference is not null && (text = errors.Id("reference", reference)) is null && !errors.Has("reference"))
        {
            errors.Add("reference", "Required.");
        }

        var page = Paging.Parse(errors, limit, after);
        var newestFirst = Paging.ParseOrder(errors, order);
        return (statuses, new ClaimListFilter(careYear, code, text), page, newestFirst);
    }

    /// <summary>Statuses by their names in the API (pended, partiallyApproved...), comma-separated.</summary>
    private static ClaimStatus[] Statuses(FieldErrors errors, string? status)
    {
        if (status is null)
        {
            return [];
        }

        var names = Enum.GetValues<ClaimStatus>().ToDictionary(s => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(s.ToString()), s => s, StringComparer.Ordinal);
        var statuses = new List<ClaimStatus>();
        foreach (var name in status.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!names.TryGetValue(name, out var value))
            {
                errors.Add("status", $"Expected one or more of {string.Join(", ", names.Keys)}, comma-separated.");
                return [];
            }

            statuses.Add(value);
        }

        return [.. statuses.Distinct()];
    }
}
