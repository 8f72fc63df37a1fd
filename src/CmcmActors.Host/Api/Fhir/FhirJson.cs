using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// FHIR JSON in and out with the Firely SDK: <c>application/fhir+json</c> answers, and request bodies read as a
/// resource of the expected type, with the same limits as the JSON API's bodies (<see cref="ApiBody"/>). A body that is
/// not that resource is a 400 naming the element the SDK stopped at.
/// </summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    private static readonly FhirJsonSerializer Serializer = new();
    private static readonly FhirJsonDeserializer Deserializer = new();

    public static string Serialize(Resource resource) => Serializer.SerializeToString(resource);

    public static T Parse<T>(string json)
        where T : Resource => Deserializer.Deserialize<T>(json);

    /// <summary>The body as a <typeparamref name="T"/>, or the problem that says why it is not one.</summary>
    public static async Task<(T? Resource, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : Resource
    {
        var media = request.ContentType is { } type ? type.Split(';', 2)[0].Trim() : null;
        if (!string.Equals(media, MediaType, StringComparison.OrdinalIgnoreCase) && !string.Equals(media, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.Invalid("body", $"The body must be a FHIR {typeof(T).Name} as JSON (Content-Type: {MediaType})."));
        }

        if (request.ContentLength > ApiBody.MaxBytes)
        {
            return (null, ApiProblems.BodyTooLarge(ApiBody.MaxBytes));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ApiBody.MaxBytes;
        }

        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.BodyTooLarge(ApiBody.MaxBytes));
        }

        return Read<T>(bytes);
    }

    /// <summary>Pure: <paramref name="utf8"/> as a <typeparamref name="T"/>, or the problem naming where it went wrong.</summary>
    public static (T? Resource, ProblemHttpResult? Problem) Read<T>(ReadOnlySpan<byte> utf8)
        where T : Resource
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!Deserializer.TryDeserializeResource(ref reader, out var resource, out var issues))
            {
                var errors = new FieldErrors();
                foreach (var issue in issues)
                {
                    errors.Add(PathOf(issue, typeof(T).Name), issue.Message);
                }

                return (null, errors.Any ? ApiProblems.Validation(errors) : ApiProblems.Invalid("body", $"Not a FHIR {typeof(T).Name}."));
            }

            return resource is T typed
                ? (typed, null)
                : (null, ApiProblems.Invalid("resourceType", $"Expected a {typeof(T).Name}, not a {resource?.TypeName ?? "nothing"}."));
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Invalid("body", "Malformed JSON: " + e.Message));
        }
    }

    /// <summary>The instance path of an SDK issue ("Claim.item[0].net"), or "body".</summary>
    private static string PathOf(Hl7.Fhir.Utility.CodedException issue, string type) =>
        issue is Hl7.Fhir.Utility.ExtendedCodedException { InstancePath: { Length: > 0 } path } ? path.Replace("$this", type, StringComparison.Ordinal) : "body";
}

/// <summary>A FHIR resource as the answer: <c>application/fhir+json</c> with the status given, and a Location when created.</summary>
public sealed class FhirResult(Resource resource, int status = StatusCodes.Status200OK, string? location = null) : IResult, IStatusCodeHttpResult
{
    public Resource Resource { get; } = resource;

    public int? StatusCode => status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = FhirJson.MediaType + "; charset=utf-8";
        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }

        await httpContext.Response.WriteAsync(FhirJson.Serialize(Resource), httpContext.RequestAborted);
    }
}
