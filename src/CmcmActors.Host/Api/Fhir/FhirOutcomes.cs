using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Mvc;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// Every error of the FHIR face is an OperationOutcome made from the problem details the rest of the API would answer
/// (<see cref="ApiProblems"/>): one issue per field and message, the field in <c>expression</c> exactly as the problem
/// names it (followed by the FHIR element it came from, when the request was a FHIR resource), the message as
/// <c>diagnostics</c> and <c>details.text</c>, our problem code (409) in <c>details.coding</c>.
/// </summary>
public static class FhirOutcomes
{
    /// <summary>The OperationOutcome for <paramref name="problem"/>; <paramref name="fhirPath"/> maps a field to the FHIR element it came from.</summary>
    public static OperationOutcome From(ProblemDetails problem, Func<string, string?>? fhirPath = null)
    {
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        var type = IssueType(status);
        var code = problem.Extensions.TryGetValue("code", out var c) && c is string text ? text : null;
        var outcome = new OperationOutcome();
        var errors = problem is HttpValidationProblemDetails validation ? validation.Errors : (IDictionary<string, string[]>)ErrorsOf(problem);
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                var issue = Issue(type, message, code);
                issue.Expression = fhirPath?.Invoke(field) is { } path && path != field ? [field, path] : [field];
                outcome.Issue.Add(issue);
            }
        }

        if (outcome.Issue.Count == 0)
        {
            outcome.Issue.Add(Issue(type, problem.Detail ?? problem.Title ?? "Error.", code));
        }

        return outcome;
    }

    public static OperationOutcome.IssueType IssueType(int status) => status switch
    {
        StatusCodes.Status400BadRequest => OperationOutcome.IssueType.Invalid,
        StatusCodes.Status401Unauthorized => OperationOutcome.IssueType.Login,
        StatusCodes.Status403Forbidden => OperationOutcome.IssueType.Forbidden,
        StatusCodes.Status404NotFound => OperationOutcome.IssueType.NotFound,
        StatusCodes.Status405MethodNotAllowed or StatusCodes.Status415UnsupportedMediaType => OperationOutcome.IssueType.NotSupported,
        StatusCodes.Status409Conflict => OperationOutcome.IssueType.Conflict,
        StatusCodes.Status429TooManyRequests => OperationOutcome.IssueType.Throttled,
        StatusCodes.Status503ServiceUnavailable => OperationOutcome.IssueType.Transient,
        _ => OperationOutcome.IssueType.Exception,
    };

    private static OperationOutcome.IssueComponent Issue(OperationOutcome.IssueType type, string message, string? code)
    {
        var details = new CodeableConcept { Text = message };
        if (code is not null)
        {
            details.Coding.Add(new Coding(FhirIds.ProblemSystem, code));
        }

        return new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = type,
            Details = details,
            Diagnostics = message,
        };
    }

    /// <summary>The "errors" of a problem that is not a validation problem (a 409 or 404 carries them as an extension).</summary>
    private static Dictionary<string, string[]> ErrorsOf(ProblemDetails problem) =>
        problem.Extensions.TryGetValue("errors", out var value) && value is IDictionary<string, string[]> errors
            ? new Dictionary<string, string[]>(errors, StringComparer.Ordinal)
            : [];
}
