using System.Globalization;
using System.Security.Cryptography;
using CmcmActors.Grains.Idempotency;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header on every command of the API (POST, PUT, PATCH, DELETE under /api): the
/// first request with a key runs and its answer is kept for <see cref="IdempotencyOptions.Retention"/> (24 hours), then
/// deleted; the same key with the same body answers the first answer again (with <c>Idempotent-Replayed: true</c>),
/// also to requests sent while the first still ran, which wait for it (up to <see cref="IdempotencyOptions.InProgressWait"/>,
/// then 409); the same key with another body is 409. Keys are scoped by caller and matched endpoint
/// (<see cref="IdempotencyScope"/>), so one caller's key never answers another's request, and every spelling of one
/// route shares it. A caller opening more than its quota of new keys gets 429 with Retry-After. Without the header
/// nothing changes (and nothing is kept).
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context, IIdempotencyStore store, IOptions<IdempotencyOptions> settings,
        [FromKeyedServices(IdempotencyExtensions.ClockKey)] TimeProvider clock)
    {
        var request = context.Request;
        if (!request.Headers.TryGetValue(Header, out var values) || IdempotencyScope.CommandEndpoint(context) is not { } endpoint)
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

        if (await HashBodyAsync(context) is not { } bodyHash)
        {
            await ApiProblems.BodyTooLarge(ApiBody.MaxBytes).ExecuteAsync(context);
            return;
        }

        var options = settings.Value;
        var caller = IdempotencyScope.Caller(context);
        var claim = new IdempotencyClaim(IdempotencyScope.Key(caller, IdempotencyScope.Endpoint(context, endpoint), key),
            IdempotencyScope.CallerKey(caller), bodyHash, clock.GetUtcNow(), options.Limits);
        var start = await store.BeginAsync(claim, context.RequestAborted);

        // Concurrent requests with one key: the first runs, the others wait for its answer and give the same.
        var waitUntil = claim.Now + options.InProgressWait;
        while (start.Verdict == IdempotencyVerdict.InProgress && clock.GetUtcNow() < waitUntil)
        {
            await Task.Delay(options.InProgressPoll, clock, context.RequestAborted);
            claim = claim with { Now = clock.GetUtcNow() };
            start = await store.BeginAsync(claim, context.RequestAborted);
        }

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
            case IdempotencyVerdict.QuotaExceeded:
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(start.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblems.TooManyRequests(Header,
                    $"This caller opened more than {options.MaxKeysPerWindow} new {Header} values in {Describe(options.QuotaWindow)}; retry after the time in Retry-After, or reuse a key for a retry.",
                    "idempotency-quota").ExecuteAsync(context);
                return;
        }

        await RunAsync(context, store, claim, options);
    }

    /// <summary>Runs the request, capturing its answer; keeps it (below 500) or frees the key (5xx, exception) so that a retry runs again.</summary>
    private async Task RunAsync(HttpContext context, IIdempotencyStore store, IdempotencyClaim claim, IdempotencyOptions options)
    {
        // The store is told even when the client went away meanwhile (CancellationToken.None): the command ran, and a
        // key left "running" would refuse the client's retry until RunningTimeout.
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            await store.AbandonAsync(claim.Key, claim.RequestHash, CancellationToken.None);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = captured.ToArray();
        if (context.Response.StatusCode >= 500)
        {
            await store.AbandonAsync(claim.Key, claim.RequestHash, CancellationToken.None);
        }
        else
        {
            var response = new StoredResponse(context.Response.StatusCode, context.Response.ContentType,
                context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, body);
            await store.CompleteAsync(claim.Key, claim.RequestHash, response, claim.Now + options.Retention, CancellationToken.None);
        }

        await original.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// SHA-256 of the body, or null when it is over the API's limit. The body is hashed before the endpoint reads it, so
    /// the endpoint's size limit is applied here first: a body over it is refused before a byte of it is buffered.
    /// </summary>
    private static async Task<string?> HashBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > ApiBody.MaxBytes)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ApiBody.MaxBytes;
        }

        request.EnableBuffering(bufferThreshold: ApiBody.MaxBytes, bufferLimit: ApiBody.MaxBytes);
        try
        {
            var hash = Convert.ToHexString(await SHA256.HashDataAsync(request.Body, context.RequestAborted));
            request.Body.Position = 0;
            return hash;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private static string Describe(TimeSpan window) =>
        window.TotalSeconds < 120 ? $"{window.TotalSeconds:0} seconds" : window.TotalMinutes < 120 ? $"{window.TotalMinutes:0} minutes" : $"{window.TotalHours:0} hours";

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

/// <summary>Registration of the Idempotency-Key machinery: options (validated at start), the purge of expired answers.</summary>
public static class IdempotencyExtensions
{
    /// <summary>
    /// The key of the machinery's <see cref="TimeProvider"/>: the host's own, unless a test replaces it with a fake one
    /// (expiry and quota windows) without moving the clock of the silo and the tokens.
    /// </summary>
    public const string ClockKey = "idempotency";

    public static WebApplicationBuilder AddCmcmIdempotency(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddKeyedSingleton<TimeProvider>(ClockKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        builder.Services.AddOptions<IdempotencyOptions>().Bind(builder.Configuration.GetSection(IdempotencyOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IdempotencyOptions>, IdempotencyOptionsValidator>();
        builder.Services.AddSingleton<IdempotencyPurge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdempotencyPurge>());
        return builder;
    }

    public static IApplicationBuilder UseCmcmIdempotency(this IApplicationBuilder app) => app.UseMiddleware<IdempotencyMiddleware>();
}
