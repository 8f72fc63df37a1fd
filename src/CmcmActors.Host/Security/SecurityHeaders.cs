using Microsoft.Extensions.Primitives;

namespace CmcmActors.Host.Security;

/// <summary>
/// Headers on every response: no MIME sniffing, no referrer, no framing by another site; and for the pages and the API a
/// Content-Security-Policy that runs only the host's own script files (the pages have no inline script or handler).
/// Inline style attributes stay allowed: the pages set bar widths through them, and a style cannot run code.
/// blob: images and frames show a member's photos and PDFs on the desk, read with the clerk's token into object URLs.
/// The dashboard and Scalar build their pages with inline scripts of their own, so there the policy only forbids framing.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; frame-src blob:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string FramingOnlyPolicy = "frame-ancestors 'none'";

    public static IApplicationBuilder UseCmcmSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // When the response starts, not now: the exception handler clears the headers of a failed request.
            context.Response.OnStarting(static state =>
            {
                var context = (HttpContext)state;
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = new StringValues("nosniff");
                headers["Referrer-Policy"] = new StringValues("no-referrer");
                headers.ContentSecurityPolicy = new StringValues(HasPagesOfItsOwn(context.Request.Path) ? FramingOnlyPolicy : ContentSecurityPolicy);
                return Task.CompletedTask;
            }, context);
            return next(context);
        });

    private static bool HasPagesOfItsOwn(PathString path) =>
        path.StartsWithSegments(Metrics.ObservabilityExtensions.DashboardPath) || path.StartsWithSegments("/scalar");
}
