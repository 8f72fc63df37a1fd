namespace CmcmActors.Host.Api;

/// <summary>The HTTP API: one file per feature under Api/, mapped here.</summary>
public static class ApiExtensions
{
    public static WebApplicationBuilder AddCmcmApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static IEndpointRouteBuilder MapCmcmApi(this IEndpointRouteBuilder app) => app;
}
