using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Routing.Patterns;

namespace CmcmActors.Host.Api.Idempotency;

/// <summary>
/// What an <c>Idempotency-Key</c> is scoped by: the caller, and the endpoint routing matched (method, route pattern and
/// the values of its parameters), never the raw path. Routing matches literal segments without regard to case and
/// ignores a trailing slash, so <c>/API/claims/M1/I1/Correction/</c> and <c>/api/claims/M1/I1/correction</c> are one
/// endpoint with one set of values, and one key; the values keep their case, since ids are case-sensitive.
/// </summary>
public static class IdempotencyScope
{
    /// <summary>The matched endpoint when the request is a command of the API (POST, PUT, PATCH, DELETE under /api), else null.</summary>
    public static RouteEndpoint? CommandEndpoint(HttpContext context)
    {
        var method = context.Request.Method;
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method)))
        {
            return null;
        }

        return context.GetEndpoint() is RouteEndpoint endpoint
            && endpoint.RoutePattern.PathSegments is [{ Parts: [RoutePatternLiteralPart literal] }, ..]
            && literal.Content.Equals("api", StringComparison.OrdinalIgnoreCase)
                ? endpoint
                : null;
    }

    /// <summary>The authenticated subject, or "anonymous".</summary>
    public static string Caller(HttpContext context) =>
        context.User.Identity?.Name ?? context.User.FindFirst("sub")?.Value ?? "anonymous";

    /// <summary>
    /// The endpoint as one canonical text: method in capitals, literals in lower case, parameters as
    /// <c>{name}=value</c> with the value as routing bound it ("POST /api/claims/{memberId}=M1/{invoiceReference}=I1/correction").
    /// </summary>
    public static string Endpoint(HttpContext context, RouteEndpoint endpoint)
    {
        var text = new StringBuilder(context.Request.Method.ToUpperInvariant()).Append(' ');
        foreach (var segment in endpoint.RoutePattern.PathSegments)
        {
            text.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text.Append(literal.Content.ToLowerInvariant());
                        break;
                    case RoutePatternSeparatorPart separator:
                        text.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        // The value is escaped so that no value can imitate the next part of the text.
                        var value = context.Request.RouteValues[parameter.Name]?.ToString() ?? "";
                        text.Append('{').Append(parameter.Name).Append("}=").Append(Uri.EscapeDataString(value));
                        break;
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The store's key: SHA-256 of caller, endpoint and the header's value (fixed length, no personal data).</summary>
    public static string Key(string caller, string endpoint, string key) => Hash($"{caller}\n{endpoint}\n{key}");

    /// <summary>What the quota counts by: SHA-256 of the caller.</summary>
    public static string CallerKey(string caller) => Hash("caller\n" + caller);

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
