using Microsoft.AspNetCore.SignalR;

namespace CmcmActors.Host.Logging;

/// <summary>
/// Logs an operator can use: one JSON object per line outside Development (for the log collector), the noise of
/// expected events kept below Information, and nothing personal (no member, family or claim ids, no tokens).
/// </summary>
public static class LoggingExtensions
{
    /// <summary>SignalR logs every exception a hub method throws as an error, refusals included; <see cref="HubFailureLogging"/> logs them instead.</summary>
    public const string HubDispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public static WebApplicationBuilder AddCmcmLogging(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                // Scopes carry request paths, which hold member and family ids.
                o.IncludeScopes = false;
            });
        }

        builder.Logging.AddFilter(HubDispatcherCategory, LogLevel.Critical);
        builder.Services.AddSingleton<HubFailureLogging>();
        builder.Services.Configure<HubOptions>(o => o.AddFilter<HubFailureLogging>());
        return builder;
    }
}
