using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace CmcmActors.Host.Api;

/// <summary>
/// Request headers over the API's limits are refused with 431 and a problem that names the largest header. Kestrel
/// refuses oversized headers itself, before any middleware runs, with an empty 431; so Kestrel's limits are raised to
/// <see cref="KestrelHeadersTotalBytes"/> and <see cref="KestrelHeaderCount"/>, and the API's own limits — Kestrel's
/// defaults, 32 KB and 100 headers — are enforced here, where the answer can be a problem. Above Kestrel's raised limits
/// the answer is still Kestrel's empty 431: no application code runs for those requests.
/// </summary>
public sealed class RequestHeaderLimits(RequestDelegate next, IProblemDetailsService problems)
{
    public const int MaxHeadersTotalBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;
    public const int KestrelHeadersTotalBytes = 2 * MaxHeadersTotalBytes;
    public const int KestrelHeaderCount = 2 * MaxHeaderCount;

    public static void Configure(IWebHostBuilder webHost) =>
        webHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestHeadersTotalSize = KestrelHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = KestrelHeaderCount;
        });

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var count = 0;
        var total = 0;
        var (largest, largestBytes) = ("", 0);
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                // As Kestrel counts a header line: name, ": ", value, CRLF.
                var bytes = name.Length + (value?.Length ?? 0) + 4;
                count++;
                total += bytes;
                if (bytes > largestBytes)
                {
                    (largest, largestBytes) = (name, bytes);
                }
            }
        }

        if (total <= MaxHeadersTotalBytes && count <= MaxHeaderCount)
        {
            await next(context);
            return;
        }

        var (field, message) = total > MaxHeadersTotalBytes
            ? (largest, string.Create(CultureInfo.InvariantCulture,
                $"The request headers take {total:#,0} bytes (this one {largestBytes:#,0}); at most {MaxHeadersTotalBytes:#,0} are accepted."))
            : ("headers", string.Create(CultureInfo.InvariantCulture, $"The request has {count} headers; at most {MaxHeaderCount} are accepted."));
        context.Response.StatusCode = StatusCodes.Status431RequestHeaderFieldsTooLarge;
        var details = new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
        {
            Status = StatusCodes.Status431RequestHeaderFieldsTooLarge,
            Title = "Request headers too large.",
            Detail = message,
            Type = "https://tools.ietf.org/html/rfc6585#section-5",
        };
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details }))
        {
            // The client's Accept header refuses JSON: the status alone says it.
            await context.Response.CompleteAsync();
        }
    }
}
