using System.Text.Json;
using CmcmActors.Host.Api.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Api;

/// <summary>
/// Reads a JSON request body with the API's options. Reading the body here, not through parameter binding, is what
/// lets every failure become a problem that names the field: malformed JSON and wrong types name their JSON path, a
/// body over <see cref="MaxBytes"/> names the body, and an unknown field names itself.
/// </summary>
public sealed class ApiBody(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    /// <summary>No request of this API comes near it: a claim of 50 lines is about 25 KB.</summary>
    public const int MaxBytes = 256 * 1024;

    private readonly JsonSerializerOptions _options = ApiJson.ForRequests(json.Value.SerializerOptions);

    /// <summary>The body as <typeparamref name="T"/>, or the problem that explains why it cannot be read.</summary>
    public async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes = MaxBytes)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.UnsupportedMediaType());
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, ApiProblems.BodyTooLarge(maxBytes));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, _options, request.HttpContext.RequestAborted);
            return value is null ? (null, ApiProblems.Invalid("body", "A JSON value is required, not null.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.FromJson(e));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.BodyTooLarge(maxBytes));
        }
    }
}
