using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Audit;
using CmcmActors.Grains.Audit;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Audit;

/// <summary>
/// The audit trail for staff (a member's or a family's acts, newest first: who, when, what, with the request's trace
/// id) and, for admins, the log of staff reads of members' health data. Lists page as every list of the API
/// (<c>?limit=</c>, <c>?after=</c>, <c>Link: rel="next"</c>).
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit");
        audit.MapGet("/members/{memberId}", GetMemberTrailAsync).WithName("GetMemberTrail").RequireAuthorization(CmcmRoles.StaffPolicy).ReadsHealthData()
            .WithSummary("The member's audit trail, newest first: his or her claims' acts and cap movements, and the family commands naming him or her.");
        audit.MapGet("/families/{familyId}", GetFamilyTrailAsync).WithName("GetFamilyTrail").RequireAuthorization(CmcmRoles.StaffPolicy).ReadsHealthData()
            .WithSummary("The family's audit trail, newest first: its commands and its members' claims.");
        audit.MapGet("/reads", GetReadsAsync).WithName("GetHealthDataReads").RequireAuthorization(CmcmRoles.AdminPolicy)
            .WithSummary("Staff reads of members' health data, newest first (?member=, ?staff=, ?from=, ?to= as yyyy-MM-dd, Luxembourg days).");
        audit.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<List<AuditEntryResponse>>, ProblemHttpResult>> GetMemberTrailAsync(
        string memberId, string? limit, string? after, HttpContext http, IGrainFactory grains, AuditTrailReader trails)
    {
        var errors = new FieldErrors();
        errors.Id("memberId", memberId);
        var (cursor, size) = ParsePage(errors, limit, after);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var page = await trails.MemberAsync(memberId, cursor, size);
        if (page.Entries.Count == 0 && cursor is null && (await grains.Member(memberId).GetAsync()) is { FamilyId: null, ClaimCount: 0 })
        {
            return ApiProblems.NotFound("memberId", $"Member {memberId} is on no family's roster and has no claims.");
        }

        LinkNext(http, page.Next, size);
        return TypedResults.Ok(page.Entries.Select(AuditEntryResponse.From).ToList());
    }

    private static async Task<Results<Ok<List<AuditEntryResponse>>, ProblemHttpResult>> GetFamilyTrailAsync(
        string familyId, string? limit, string? after, HttpContext http, IGrainFactory grains, AuditTrailReader trails)
    {
        var errors = new FieldErrors();
        errors.Id("familyId", familyId);
        var (cursor, size) = ParsePage(errors, limit, after);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        if (await grains.Family(familyId).GetAsync() is not { } family)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        var page = await trails.FamilyAsync(familyId, [.. family.Members.Select(m => m.MemberId)], cursor, size);
        LinkNext(http, page.Next, size);
        return TypedResults.Ok(page.Entries.Select(AuditEntryResponse.From).ToList());
    }

    private static async Task<Results<Ok<List<HealthDataReadResponse>>, ProblemHttpResult>> GetReadsAsync(
        string? member, string? staff, string? from, string? to, string? limit, string? after, HttpContext http, IReadLog log, ReadLogWriter writer)
    {
        var errors = new FieldErrors();
        if (member is not null)
        {
            errors.Id("member", member);
        }

        if (staff is not null && (staff.Length is 0 or > 200))
        {
            errors.Add("staff", "Expected a staff user's subject, 1 to 200 characters.");
        }

        var fromDay = Day(errors, "from", from);
        var toDay = Day(errors, "to", to);
        if (fromDay is { } f && toDay is { } t && t < f)
        {
            errors.Add("to", "The end of the period is on or after its start.");
        }

        var (cursor, size) = ParsePage(errors, limit, after);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        // What waits in the writer's queue is written first: the list shows every read answered so far.
        await writer.FlushAsync();
        var query = new ReadLogQuery(member, staff, fromDay is { } start ? Grains.Calendar.CmcmCalendar.StartOf(start) : null,
            toDay is { } end ? Grains.Calendar.CmcmCalendar.StartOf(end.AddDays(1)) : null);
        var reads = await log.ReadAsync(query, cursor is null ? null : new ReadLogCursor(cursor.At, cursor.Id), size + 1);
        var page = reads.Take(size).ToList();
        LinkNext(http, reads.Count > size ? new AuditCursor(page[^1].At, page[^1].Id) : null, size);
        return TypedResults.Ok(page.Select(HealthDataReadResponse.From).ToList());
    }

    private static DateOnly? Day(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day >= FieldErrors.Earliest)
        {
            return day;
        }

        errors.Add(field, "Expected a date as yyyy-MM-dd.");
        return null;
    }

    private static (AuditCursor? After, int Limit) ParsePage(FieldErrors errors, string? limit, string? after)
    {
        var size = Paging.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > AuditTrailReader.MaxPage))
        {
            errors.Add("limit", $"Expected a whole number from 1 to {AuditTrailReader.MaxPage}.");
        }

        AuditCursor? cursor = null;
        if (after is not null && (cursor = Decode(after)) is null)
        {
            errors.Add("after", "Not a cursor this API gave: use the link of rel=\"next\" of the previous page.");
        }

        return (cursor, size);
    }

    private static void LinkNext(HttpContext http, AuditCursor? next, int limit)
    {
        if (next is null)
        {
            return;
        }

        var parameters = http.Request.Query.Where(q => q.Key is not ("after" or "limit")).Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())).ToList();
        parameters.Add(new("after", Encode(next)));
        parameters.Add(new("limit", limit.ToString(CultureInfo.InvariantCulture)));
        http.Response.Headers.Append("Link", $"<{http.Request.PathBase}{http.Request.Path}{QueryString.Create(parameters)}>; rel=\"next\"");
    }

    internal static string Encode(AuditCursor cursor) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor.At.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + cursor.Id));

    internal static AuditCursor? Decode(string text)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', 2);
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && parts[1].Length is > 0 and <= 300
                ? new AuditCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Who did an act: the token's subject and role, and the request's trace id.</summary>
public sealed record ActorResponse(string Subject, string Role, string? TraceId)
{
    public static ActorResponse? From(Actor? actor) => actor is null ? null : new(actor.Subject, actor.Role, actor.TraceId);
}

/// <summary>One act of the trail. <c>by</c> is null only for acts written before actors were kept.</summary>
public sealed record AuditEntryResponse(string Id, DateTimeOffset At, string FamilyId, string? MemberId, string? ClaimId, ActorResponse? By, string Action, string Detail)
{
    public static AuditEntryResponse From(AuditEntry e) => new(e.Id, e.At, e.FamilyId, e.MemberId, e.ClaimId, ActorResponse.From(e.By), e.Action, e.Detail);
}

/// <summary>One staff read of a member's health data: who, when, whose, which route.</summary>
public sealed record HealthDataReadResponse(string Id, DateTimeOffset At, string Staff, string Role, string? MemberId, string? FamilyId, string Route, string? TraceId)
{
    public static HealthDataReadResponse From(HealthDataRead r) => new(r.Id, r.At, r.Subject, r.Role, r.MemberId, r.FamilyId, r.Route, r.TraceId);
}
