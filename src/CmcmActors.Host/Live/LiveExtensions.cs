using CmcmActors.Grains.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Live;

/// <summary>Live pushes (SignalR) and the pages.</summary>
public static class LiveExtensions
{
    public const string HubPath = "/hubs/cmcm";

    /// <summary>
    /// The hub, this host's observer of the cluster's notifications and its registration; and the relay publisher, so
    /// that the grains of this host publish through the cluster-wide registry to every host's hub.
    /// </summary>
    public static WebApplicationBuilder AddCmcmLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().Bind(builder.Configuration.GetSection(LiveOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LiveOptions>, LiveOptionsValidator>();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<HubNotificationObserver>();
        builder.Services.AddHostedService<HubObserverRegistration>();
        builder.Services.AddHostedService<SiloLossWatcher>();
        builder.Services.Replace(ServiceDescriptor.Singleton<INotificationPublisher, RelayNotificationPublisher>());
        return builder;
    }

    /// <summary>The pages under wwwroot; "/" is the front desk.</summary>
    public static IApplicationBuilder UseCmcmPages(this IApplicationBuilder app)
    {
        var defaults = new DefaultFilesOptions();
        defaults.DefaultFileNames.Clear();
        defaults.DefaultFileNames.Add("desk.html");
        app.UseDefaultFiles(defaults);
        app.UseStaticFiles();
        return app;
    }

    public static IEndpointRouteBuilder MapCmcmLive(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<LiveOptions>>().Value;
        app.MapHub<CmcmHub>(HubPath, connection =>
        {
            // A connection lives no longer than its token (header or access_token query): the API refuses the token
            // from then on, so the pushes must stop too. The page reconnects with a fresh token, or goes offline.
            connection.CloseOnAuthenticationExpiration = true;

            // Bounded per connection: what the host buffers towards a page that does not read, and from a page (which
            // sends only small joins). A page whose buffer stays full for SendTimeout is disconnected.
            connection.TransportMaxBufferSize = options.SendBufferBytes;
            connection.ApplicationMaxBufferSize = options.ReceiveBufferBytes;
            connection.TransportSendTimeout = options.SendTimeout;
        });
        return app;
    }
}
