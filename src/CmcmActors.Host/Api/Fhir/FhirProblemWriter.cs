namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// Problems written by the framework or the exception handler under /fhir (401 and 403 from the authorization
/// policies, 404 for no route, 405, 503 from storage trouble) become OperationOutcomes, described the way
/// <see cref="ApiProblems.Describe"/> describes them for the rest of the API. Registered before the default writer.
/// </summary>
public sealed class FhirProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => FhirApi.IsFhirPath(context.HttpContext.Request.Path);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        context.ProblemDetails.Status ??= context.HttpContext.Response.StatusCode;
        ApiProblems.Describe(context);
        var outcome = FhirOutcomes.From(context.ProblemDetails);
        var response = context.HttpContext.Response;
        response.ContentType = FhirJson.MediaType + "; charset=utf-8";
        await response.WriteAsync(FhirJson.Serialize(outcome), context.HttpContext.RequestAborted);
    }
}
