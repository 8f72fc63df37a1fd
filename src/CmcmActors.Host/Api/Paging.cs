using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CmcmActors.Contracts.Claims;

namespace CmcmActors.Host.Api;

/// <summary>
/// Cursor paging of every list of the API: <c>?limit=</c> (1 to <see cref="MaxLimit"/>, default
/// <see cref="DefaultLimit"/>) and <c>?after=</c> (the opaque cursor of the previous page). The body stays the list;
/// when there is more, the answer carries <c>Link: &lt;…?after=…&amp;limit=…&gt;; rel="next"</c> (RFC 8288). Claim lists
/// also take <c>?order=newest</c> (<see cref="ParseOrder"/>).
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>The page asked for, or the field errors (400) when limit or after is malformed.</summary>
    public static (ClaimCursor? After, int Limit) Parse(FieldErrors errors, string? limit, string? after)
    {
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"Expected a whole number from 1 to {MaxLimit}.");
        }

        ClaimCursor? cursor = null;
        if (after is not null && (cursor = Decode(after)) is null)
        {
            errors.Add("after", "Not a cursor this API gave: use the link of rel=\"next\" of the previous page.");
        }

        return (cursor, size);
    }

    /// <summary>
    /// The order of a claim list: <c>?order=oldest</c> (the default: in the order received) or <c>newest</c> (newest
    /// first); true for newest, or a field error (400).
    /// </summary>
    public static bool ParseOrder(FieldErrors errors, string? order)
    {
        switch (order)
        {
            case null or "oldest":
                return false;
            case "newest":
                return true;
            default:
                errors.Add("order", "Expected oldest (the order received, the default) or newest (newest first).");
                return false;
        }
    }

    /// <summary>Adds the link to the next page when there is one (in the same order as this one, with the same filters).</summary>
    public static void LinkNext(HttpContext http, ClaimCursor? next, int limit, bool newestFirst = false)
    {
        if (next is null)
        {
            return;
        }

        var parameters = new List<KeyValuePair<string, string?>> { new("after", Encode(next)), new("limit", limit.ToString(CultureInfo.InvariantCulture)) };
        if (newestFirst)
        {
            parameters.Add(new("order", "newest"));
        }

        // The list's filters (status, year...) carry over to the next page.
        foreach (var (name, values) in http.Request.Query.Where(q => q.Key is not ("after" or "limit" or "order")).OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            parameters.AddRange(values.Select(v => new KeyValuePair<string, string?>(name, v)));
        }

        var query = QueryString.Create(parameters);
        http.Response.Headers.Append("Link", $"<{http.Request.PathBase}{http.Request.Path}{query}>; rel=\"next\"");
    }

    public static string Encode(ClaimCursor cursor) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor.At.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + cursor.ClaimId));

    public static ClaimCursor? Decode(string text)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', 2);
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && Contracts.GrainKeys.IsClaimId(parts[1])
                ? ClaimCursor.Of(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
