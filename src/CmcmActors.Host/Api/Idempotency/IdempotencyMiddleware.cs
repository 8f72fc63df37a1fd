using System.Security.Cryptography;
using System.Text;
using CmcmActors.Contracts.Idempotency;
using CmcmActors.Host.Api;
using Microsoft.AspNetCore.Http.Features;

namespace CmcmActors.Host.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header on every command of the API (POST, PUT, DELETE under /api): the first
/// request with a key runs and its answer is kept for 24 hours; the same key with the same body answers the first answer
/// again (with <c>Idempotent-Replayed: true</c>); the same key with another body, or while the first still runs, is 409.
/// Keys are scoped by caller and route, so one caller's key never answers another's request. Without the header
/// nothing changes (and nothing is paid).
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context, IGrainFactory grains)
    {
        var request = context.Request;
        if (!request.Headers.TryGetValue(Header, out var values) || !IsCommand(request))
        {
            await next(context);
            return;
        }

        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > MaxKeyLength || key.Any(c => c is < ' ' or > '~'))
        {
            await ApiProblems.Invalid(Header, $"The {Header} header must be one value of 1 to {MaxKeyLength} printable ASCII characters.").ExecuteAsync(context);
            return;
        }

        // The body is hashed before the endpoint reads it, so the endpoint's size limit is applied here first: a body
        // over it is refused before a byte of it is buffered, whatever its key.
        if (request.ContentLength > ApiBody.MaxBytes)
        {
            await ApiProblems.BodyTooLarge(ApiBody.MaxBytes).ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ApiBody.MaxBytes;
        }

        request.EnableBuffering(bufferThreshold: ApiBody.MaxBytes, bufferLimit: ApiBody.MaxBytes);
        string bodyHash;
        try
        {
            bodyHash = Convert.ToHexString(await SHA256.HashDataAsync(request.Body, context.RequestAborted));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ApiProblems.BodyTooLarge(ApiBody.MaxBytes).ExecuteAsync(context);
            return;
        }

        request.Body.Position = 0;
        var grain = grains.GetGrain<IIdempotencyGrain>(GrainKey(context, key));
        var start = await grain.BeginAsync(bodyHash);
        switch (start.Verdict)
        {
            case IdempotencyVerdict.Replay:
                await ReplayAsync(context, start.Response!);
                return;
            case IdempotencyVerdict.KeyReused:
                await ApiProblems.Conflict(Header, $"The {Header} '{key}' was used with another request body.", "idempotency-key-reused").ExecuteAsync(context);
                return;
            case IdempotencyVerdict.InProgress:
                await ApiProblems.Conflict(Header, $"A request with the {Header} '{key}' is still being processed; retry later.", "idempotency-in-progress").ExecuteAsync(context);
                return;
        }

        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            await grain.AbandonAsync(bodyHash);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = captured.ToArray();
        if (context.Response.StatusCode >= 500)
        {
            await grain.AbandonAsync(bodyHash);
        }
        else
        {
            await grain.CompleteAsync(bodyHash, new StoredResponse(context.Response.StatusCode, context.Response.ContentType,
                context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, body));
        }

        await original.WriteAsync(body, context.RequestAborted);
    }

    private static bool IsCommand(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method))
        && request.Path.StartsWithSegments("/api", StringComparison.Ordinal);

    /// <summary>"idempotency/" + SHA-256 of caller, method, path and key: fixed length, no personal data in the key.</summary>
    private static string GrainKey(HttpContext context, string key)
    {
        var caller = context.User.Identity?.Name ?? context.User.FindFirst("sub")?.Value ?? "anonymous";
        var scope = $"{caller}\n{context.Request.Method} {context.Request.Path}\n{key}";
        return "idempotency/" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(scope)));
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse response)
    {
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        if (response.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }

        context.Response.Headers[ReplayedHeader] = "true";
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }
}
