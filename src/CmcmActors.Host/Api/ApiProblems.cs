using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Families;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime;
using Orleans.Storage;

namespace CmcmActors.Host.Api;

/// <summary>
/// Every error of the API as RFC 9457 problem details, decided here and nowhere else: refused input (400), unknown ids
/// (404), refusals by the rules and claim conflicts (409), storage or cluster trouble and a journal too busy to take
/// more (503 with Retry-After). Each problem about the request carries <c>errors</c>, naming the field it is about.
/// </summary>
public static partial class ApiProblems
{
    /// <summary>Seconds a client should wait before retrying after a 503 (a busy journal says its own, Cmcm:Journal:OverloadRetryAfterSeconds).</summary>
    public const int RetryAfterSeconds = 5;

    public static ProblemHttpResult Validation(FieldErrors errors) =>
        Problem(StatusCodes.Status400BadRequest, "The request is not valid.", "See errors: each names a field and what is wrong with it.", errors.ToDictionary());

    public static ProblemHttpResult Invalid(string field, string message) =>
        Problem(StatusCodes.Status400BadRequest, "The request is not valid.", message, Errors(field, message));

    public static ProblemHttpResult NotFound(string field, string message) =>
        Problem(StatusCodes.Status404NotFound, "Not found.", message, Errors(field, message));

    public static ProblemHttpResult Forbidden(string message) =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden.", message, null);

    /// <summary>A refusal about one field of the request: the caller may not act on what <paramref name="field"/> names (another family's claim).</summary>
    public static ProblemHttpResult Forbidden(string field, string message) =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden.", message, Errors(field, message));

    public static ProblemHttpResult TooManyRequests(string message) =>
        Problem(StatusCodes.Status429TooManyRequests, "Too many requests.", message, null);

    /// <summary>A quota of the request's <paramref name="field"/> (a header) is used up; the caller sets Retry-After.</summary>
    public static ProblemHttpResult TooManyRequests(string field, string message, string code) =>
        Problem(StatusCodes.Status429TooManyRequests, "Too many requests.", message, Errors(field, message), code);

    public static ProblemHttpResult Conflict(string field, string message, string code) =>
        Problem(StatusCodes.Status409Conflict, "Conflict.", message, Errors(field, message), code);

    public static ProblemHttpResult UnsupportedMediaType() =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "The body must be JSON (Content-Type: application/json).",
            Errors("body", "The body must be JSON (Content-Type: application/json)."));

    /// <summary>A body of another media type than the route reads (an upload's multipart/form-data).</summary>
    public static ProblemHttpResult UnsupportedMediaType(string message) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", message, Errors("body", message));

    /// <summary>413 is reported as 400: the body is a field of the request like any other.</summary>
    public static ProblemHttpResult BodyTooLarge(int maxBytes) =>
        Invalid("body", $"The body is larger than {maxBytes / 1024} KB.");

    /// <summary>
    /// A refusal by the family rules: unknown member or family → 404; a request whose own values break a rule (a date
    /// before the family applied, <see cref="RejectionKind.InvalidRequest"/>) → 400 naming the field, like any invalid
    /// input; anything else → 409, with the rule's code.
    /// </summary>
    public static ProblemHttpResult Rejected(Rejection rejection)
    {
        var field = rejection.Field ?? FieldOf(rejection.Code);
        return rejection.Code is "unknown-family" or "unknown-member" ? NotFound(field, rejection.Message)
            : rejection.Kind == RejectionKind.InvalidRequest ? Invalid(field, rejection.Message)
            : Conflict(field, rejection.Message, rejection.Code);
    }

    /// <summary>Malformed JSON or a value of the wrong type: names the JSON path (<c>lines[0].invoiced</c>).</summary>
    public static ProblemHttpResult FromJson(JsonException exception)
    {
        var field = FieldOfPath(exception.Path);
        return Invalid(field, DescribeJsonError(exception));
    }

    /// <summary>The problem for an exception that escaped a handler, or null for one that is a bug (500).</summary>
    public static (int Status, ProblemDetails Details)? ForException(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                return Shape(FromJson(json));
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return Shape(BodyTooLarge(ApiBody.MaxBytes));
            case BadHttpRequestException bad:
                return Shape(Problem(bad.StatusCode, "The request is not valid.", bad.Message, Errors("body", bad.Message)));
            case JsonException json:
                return Shape(FromJson(json));
            case ClaimConflictException conflict:
                return Shape(Conflict("claim", conflict.Message, "claim-conflict"));
            case KeyNotFoundException missing:
                return Shape(NotFound("id", missing.Message));
        }

        if (Overload(exception) is { } overload)
        {
            var problem = Problem(StatusCodes.Status503ServiceUnavailable, "Service busy.",
                $"The service is busy: the claims journal has as many writes waiting as it may take. Nothing of this request was written; retry in {RetryAfter(overload)} s.",
                null, "journal-overloaded");
            return Shape(problem);
        }

        if (IsTransient(exception))
        {
            var problem = Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable.",
                $"Storage or the cluster did not answer; nothing was changed that cannot be retried. Retry in {RetryAfterSeconds} s.", null);
            return Shape(problem);
        }

        return null;
    }

    /// <summary>Seconds the client should wait before retrying after <paramref name="exception"/> (for a 503's Retry-After).</summary>
    public static int RetryAfter(Exception exception) =>
        Overload(exception) is { } overload ? Math.Max(1, overload.RetryAfterSeconds) : RetryAfterSeconds;

    /// <summary>The journal's refusal of a write it has no room for, anywhere in the exception's chain.</summary>
    private static JournalOverloadedException? Overload(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is JournalOverloadedException overload)
            {
                return overload;
            }
        }

        return null;
    }

    /// <summary>
    /// Storage and cluster failures a retry can cure: the grains' <see cref="RetryLaterException"/> (storage failures and
    /// a member reloading after one), database errors, timeouts, messages the cluster could not deliver, a stale storage
    /// version.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RetryLaterException or JournalOverloadedException or DbException or TimeoutException or InconsistentStateException or OrleansMessageRejectionException
                or SiloUnavailableException or GatewayTooBusyException or OrleansLifecycleCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Fills in the problems the framework writes itself (401 and 403 from the authorization policies, 404 for no
    /// route, 415 from content-type matching), so that they too say what is wrong and name the field.
    /// </summary>
    public static void Describe(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        if (details.Detail is not null || details is HttpValidationProblemDetails)
        {
            return;
        }

        (string Field, string Message)? error = details.Status switch
        {
            401 => ("Authorization", "A bearer token is required (header Authorization: Bearer <token>)."),
            403 => ("Authorization", "The token's role may not do this."),
            404 => ("path", $"No route {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}."),
            405 => ("method", $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}."),
            415 => ("body", "The body must be JSON (Content-Type: application/json)."),
            _ => null,
        };
        if (error is { } e)
        {
            details.Detail = e.Message;
            details.Extensions["errors"] = Errors(e.Field, e.Message);
        }
    }

    private static (int, ProblemDetails) Shape(ProblemHttpResult result) => (result.StatusCode, result.ProblemDetails);

    private static ProblemHttpResult Problem(int status, string title, string detail, Dictionary<string, string[]>? errors, string? code = null)
    {
        ProblemDetails details = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        details.Status = status;
        details.Title = title;
        details.Detail = detail;
        details.Type = status switch
        {
            400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
            404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
            415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
            503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            _ => null,
        };
        if (code is not null)
        {
            details.Extensions["code"] = code;
        }

        return TypedResults.Problem(details);
    }

    private static Dictionary<string, string[]> Errors(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };

    private static string FieldOf(string code) => code.StartsWith("not-eligible", StringComparison.Ordinal) ? "eligibility" : "familyId";

    /// <summary>"$.lines[0].invoiced" → "lines[0].invoiced"; the whole document ("$" or no path) → "body".</summary>
    public static string FieldOfPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    private static string DescribeJsonError(JsonException exception)
    {
        var message = PathSuffix().Replace(exception.Message, "");
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "Unknown field.";
        }

        if (message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            return "The field appears more than once; send it once.";
        }

        if (ConvertedTo().Match(message) is { Success: true } conversion)
        {
            return conversion.Groups[1].Value switch
            {
                "System.Decimal" or "System.Nullable`1[System.Decimal]" => "Expected a number.",
                "System.Int32" or "System.Nullable`1[System.Int32]" or "System.Int64" => "Expected a whole number.",
                "System.Boolean" or "System.Nullable`1[System.Boolean]" => "Expected true or false.",
                "System.String" => "Expected a string.",
                var type when type.Contains("[]", StringComparison.Ordinal) || type.Contains("List", StringComparison.Ordinal) => "Expected an array.",
                _ => "Expected an object.",
            };
        }

        if (message.StartsWith("Expected", StringComparison.Ordinal) || message == FieldErrors.TooManyDecimals)
        {
            return message;
        }

        var at = exception.LineNumber is { } line && exception.BytePositionInLine is { } position ? $" at line {line + 1}, position {position + 1}" : "";
        return $"Malformed JSON{at}: {message}";
    }

    [GeneratedRegex(@"\s*Path: .*$", RegexOptions.Singleline)]
    private static partial Regex PathSuffix();

    [GeneratedRegex(@"could not be converted to ([^\s.]+(?:\.[^\s.]+)*)\.")]
    private static partial Regex ConvertedTo();
}

/// <summary>Writes <see cref="ApiProblems.ForException"/>'s answer for exceptions that reach the pipeline; other exceptions stay 500.</summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (ApiProblems.ForException(exception) is not var (status, details))
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = ApiProblems.RetryAfter(exception).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }
}
