using CmcmActors.Grains.Feedback;
using CmcmActors.Host.Configuration;

namespace CmcmActors.Host.MemberSpace;

/// <summary>The member's own space beyond claims and caps: statements and the tax certificate as PDFs, feedback after care, e-mail notices.</summary>
public static class MemberSpaceExtensions
{
    /// <summary>The OpenAPI tag of the member space's routes.</summary>
    public const string Tag = "Member space";

    public static WebApplicationBuilder AddCmcmMemberSpace(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => PageWords.Load(sp.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider));
        builder.Services.AddSingleton<StatementDocuments>();
        builder.Services.AddSingleton<IFeedbackStore>(sp => sp.GetRequiredService<CmcmHostOptions>() is var options && !string.IsNullOrWhiteSpace(options.Postgres)
            ? new PostgresFeedbackStore(options.Postgres, options.ServiceId)
            : MemoryFeedbackStore.For(options.ServiceId));
        return builder;
    }

    public static IEndpointRouteBuilder MapCmcmMemberSpace(this IEndpointRouteBuilder app)
    {
        app.MapStatementsApi();
        app.MapFeedbackApi();
        return app;
    }
}
