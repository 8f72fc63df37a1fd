using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CmcmActors.Grains.People;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.People;

/// <summary>
/// The desk's search for people: by name (every word, anywhere in the names, case and accents ignored), by the exact
/// 13-digit national number, or by the exact member or family id. Staff only: a member never searches. The query
/// holds personal data, so the route carries it in the query string that is not logged (docs/operations.md, "Logs").
/// </summary>
public static class PeopleApi
{
    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", SearchAsync).WithTags("People").WithName("SearchPeople")
            .RequireAuthorization(CmcmRoles.StaffPolicy)
            .WithSummary("Finds members by name, national number or id; paged like every list (limit, after, Link rel=next).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<List<PersonResponse>>, ProblemHttpResult>> SearchAsync(
        HttpContext http, string? q, string? limit, string? after, IPeopleIndex index)
    {
        var errors = new FieldErrors();
        var text = errors.Text("q", q, PeopleQuery.MaxLength);
        if (text is not null && text.Trim().Length == 0)
        {
            errors.Add("q", "Type a name, a national number or an id.");
        }

        var size = Paging.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > Paging.MaxLimit))
        {
            errors.Add("limit", $"Expected a whole number from 1 to {Paging.MaxLimit}.");
        }

        PeopleCursor? cursor = null;
        if (after is not null && (cursor = Decode(after)) is null)
        {
            errors.Add("after", "Not a cursor this API gave: use the link of rel=\"next\" of the previous page.");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var found = await index.SearchAsync(PeopleQuery.Of(text!), cursor, size + 1);
        var page = found.Take(size).ToList();
        if (found.Count > size)
        {
            var last = page[^1];
            var query = QueryString.Create(new KeyValuePair<string, string?>[] { new("q", text), new("after", Encode(new PeopleCursor(last.SortName, last.MemberId))), new("limit", size.ToString(CultureInfo.InvariantCulture)) });
            http.Response.Headers.Append("Link", $"<{http.Request.PathBase}{http.Request.Path}{query}>; rel=\"next\"");
        }

        return TypedResults.Ok(page.Select(PersonResponse.From).ToList());
    }

    public static string Encode(PeopleCursor cursor) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor.SortName + "|" + cursor.MemberId));

    public static PeopleCursor? Decode(string text)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            var bar = decoded.LastIndexOf('|');
            return bar >= 0 && Contracts.GrainKeys.IsValidId(decoded[(bar + 1)..]) && decoded.Length <= 400
                ? new PeopleCursor(decoded[..bar], decoded[(bar + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A member found by the search. Names and national number are null when the member was entered without them.</summary>
/// <param name="OnRoster">False once the member has left the family (a former co-affiliate).</param>
public sealed record PersonResponse(string MemberId, string FamilyId, string? Surname, string? GivenNames, string? NationalNumber, DateOnly BirthDate, bool OnRoster)
{
    public static PersonResponse From(PersonEntry e) => new(e.MemberId, e.FamilyId, e.Surname, e.GivenNames, e.NationalNumber, e.BirthDate, e.OnRoster);
}
