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

    /// <summary>
    /// The pages' policy: <see cref="ContentSecurityPolicy"/>, and with an identity provider its origin in connect-src (the
    /// pages' sign-in library reads its discovery document and calls its token endpoint).
    /// </summary>
    public static string PagePolicy(OidcOptions oidc) =>
        oidc.Enabled && Uri.TryCreate(AuthApi.AuthorityOf(oidc), UriKind.Absolute, out var authority)
            ? ContentSecurityPolicy.Replace("connect-src 'self'", $"connect-src 'self' {authority.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal)
            : ContentSecurityPolicy;

    public static IApplicationBuilder UseCmcmSecurityHeaders(this IApplicationBuilder app)
    {
        var pagePolicy = new StringValues(PagePolicy(app.ApplicationServices.GetRequiredService<OidcOptions>()));
        return app.Use((context, next) =>
        {
            // When the response starts, not now: the exception handler clears the headers of a failed request.
            context.Response.OnStarting(state =>
            {
                var context = (HttpContext)state;
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = new StringValues("nosniff");
                headers["Referrer-Policy"] = new StringValues("no-referrer");
                headers.ContentSecurityPolicy = HasPagesOfItsOwn(context.Request.Path) ? new StringValues(FramingOnlyPolicy) : pagePolicy;
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
    }

    private static bool HasPagesOfItsOwn(PathString path) =>
        path.StartsWithSegments(Metrics.ObservabilityExtensions.DashboardPath) || path.StartsWithSegments("/scalar");
}
