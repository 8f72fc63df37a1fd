using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CmcmActors.Host.Configuration;

/// <summary>
/// Kestrel's limits from the section "Kestrel:Limits" (appsettings.json sets them on purpose; environment variables such
/// as Kestrel__Limits__KeepAliveTimeout override them). ASP.NET Core reads only the endpoints of that section by itself.
/// <para>
/// A new connection must send its first bytes within <c>RequestHeadersTimeout</c> (default 30 s) or it is closed. Kestrel
/// alone waits the keep-alive timeout (2 min here, longer than proxies' idle timeout on purpose) before the first
/// request, so a client could hold <c>MaxConcurrentConnections</c> sockets open for minutes without sending a byte.
/// </para>
/// </summary>
public static class KestrelLimits
{
    public const string Section = "Kestrel:Limits";

    public static WebApplicationBuilder AddCmcmKestrelLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            context.Configuration.GetSection(Section).Bind(kestrel.Limits);
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection => FirstBytesWithinAsync(connection, kestrel.Limits.RequestHeadersTimeout, next)));
        });
        return builder;
    }

    /// <summary>Waits for the connection's first bytes (reading nothing away) for <paramref name="timeout"/>; aborts it when none came.</summary>
    private static async Task FirstBytesWithinAsync(ConnectionContext connection, TimeSpan timeout, ConnectionDelegate next)
    {
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            wait.CancelAfter(timeout);
            try
            {
                var first = await connection.Transport.Input.ReadAsync(wait.Token);
                // Nothing consumed, nothing examined: Kestrel reads the same bytes next.
                connection.Transport.Input.AdvanceTo(first.Buffer.Start);
            }
            catch (OperationCanceledException)
            {
                connection.Abort(new ConnectionAbortedException("Nothing received within the request-headers timeout."));
                return;
            }
        }

        await next(connection);
    }
}
