namespace CmcmActors.Host.Live;

/// <summary>Live pushes (SignalR) and the pages.</summary>
public static class LiveExtensions
{
    public static WebApplicationBuilder AddCmcmLive(this WebApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapCmcmLive(this IEndpointRouteBuilder app) => app;
}
