using System.Globalization;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Statements;
using CmcmActors.Grains.Calendar;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Api;
using CmcmActors.Host.Api.Claims;
using CmcmActors.Host.Api.Members;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.MemberSpace;

/// <summary>
/// The member's documents as PDFs: the statement of a decided claim and the yearly tax certificate, in the language
/// asked for (<c>?lang=fr|de|en</c>, French by default, as the pages). Whoever may see the member may read them: staff,
/// the family's main affiliate, the member himself or herself.
/// </summary>
public static class StatementsApi
{
    public const string PdfType = "application/pdf";

    public static IEndpointRouteBuilder MapStatementsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/claims/{memberId}/{invoiceReference}/statement", GetStatementAsync).WithTags(MemberSpaceExtensions.Tag).RequireAuthorization(CmcmRoles.AnyUserPolicy)
            .WithName("GetClaimStatement")
            .WithSummary("The statement of a decided claim as a PDF (?lang=fr|de|en): invoiced, statutory fund, what each tier paid and why, what remains.")
            .Produces(StatusCodes.Status200OK, contentType: PdfType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/api/families/{familyId}/members/{memberId}/tax-certificate", GetTaxCertificateAsync).WithTags(MemberSpaceExtensions.Tag).RequireAuthorization(CmcmRoles.AnyUserPolicy)
            .WithName("GetTaxCertificate")
            .WithSummary("What the CMCM paid the member in a calendar year (?year=, default last year; ?lang=fr|de|en), claim by claim and in total, as a PDF.")
            .Produces(StatusCodes.Status200OK, contentType: PdfType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetStatementAsync(
        string memberId, string invoiceReference, string? lang, HttpContext http, IGrainFactory grains, CmcmReferenceData reference,
        StatementDocuments documents, TimeProvider clock)
    {
        var language = lang ?? "fr";
        if (!PageWords.IsLanguage(language))
        {
            return ApiProblems.Invalid("lang", "Expected fr, de or en.");
        }

        var (record, problem) = await ClaimsApi.LoadAsync(grains, http.User, memberId, invoiceReference);
        if (problem is not null)
        {
            return problem;
        }

        if (!http.User.CanSeeMember(record!.Submission.FamilyId, memberId))
        {
            // Names only what the caller named: not the family the claim belongs to.
            return ApiProblems.Forbidden($"This token does not give access to claim {memberId}/{invoiceReference}.");
        }

        var state = record.Status.ToState();
        if (!ClaimStatement.CanIssue(state) || record.Decision is null)
        {
            return ApiProblems.Conflict("invoiceReference", $"Claim {record.ClaimId} is {record.Status}: a statement is issued for an approved, limited or refused claim.", "no-statement");
        }

        var holder = await HolderAsync(grains, record.Submission.FamilyId, memberId);
        var claim = new StatementClaim(invoiceReference, record.Submission.ReceivedOn, DecidedOn(record), state, ClaimStatement.Of(record.Decision, state));
        var pdf = documents.Claim(language, holder, claim, (code, date) => reference.Catalogues.InForceOn(date) is { } e && e.TryGet(code, out var b) ? b.Title : null, clock.Today());
        return TypedResults.File(pdf, PdfType, $"statement-{invoiceReference}-{language}.pdf");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetTaxCertificateAsync(
        string familyId, string memberId, string? year, string? lang, HttpContext http, IGrainFactory grains, StatementDocuments documents, TimeProvider clock)
    {
        if ((ApiLookups.InvalidIds(("familyId", familyId), ("memberId", memberId)) ?? http.User.MemberAccess(familyId, memberId)) is { } problem)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var today = clock.Today();
        var calendarYear = today.Year - 1;
        if (year is not null && (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out calendarYear) || calendarYear < 1900 || calendarYear > today.Year))
        {
            errors.Add("year", $"Expected a year between 1900 and {today.Year}.");
        }

        var language = lang ?? "fr";
        if (!PageWords.IsLanguage(language))
        {
            errors.Add("lang", "Expected fr, de or en.");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        if (await MembersApi.FindAsync(grains, familyId, memberId) is { } missing)
        {
            return missing;
        }

        var claims = await grains.Member(memberId).GetClaimsAsync();
        var certificate = TaxCertificate.For(calendarYear, claims
            .Where(c => c.Submission.FamilyId == familyId)
            .Select(c => new PaidClaim(c.Submission.InvoiceReference, c.TrustedLines.Min(l => l.DateOfCare), DecidedOn(c), c.TotalPaid, c.Status == ClaimStatus.Reversed)));
        var holder = await HolderAsync(grains, familyId, memberId);
        var pdf = documents.TaxCertificate(language, holder, certificate, today);
        return TypedResults.File(pdf, PdfType, $"tax-certificate-{calendarYear}-{memberId}-{language}.pdf");
    }

    /// <summary>The day (in Luxembourg) of the change that gave the claim its current status: the decision that stands.</summary>
    internal static DateOnly DecidedOn(ClaimRecord record)
    {
        var at = record.History.LastOrDefault(h => h.Status == record.Status)?.At ?? (record.History.Count > 0 ? record.History[^1].At : (DateTimeOffset?)null);
        return at is { } instant ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, CmcmCalendar.Zone).DateTime) : record.Submission.ReceivedOn;
    }

    private static async Task<StatementHolder> HolderAsync(IGrainFactory grains, string familyId, string memberId)
    {
        var family = await grains.Family(familyId).GetAsync();
        return new StatementHolder(familyId, memberId, family?.People?.GetValueOrDefault(memberId));
    }
}
