namespace CmcmActors.Host.MemberSpace;

/// <summary>The member's own space beyond claims and caps: statements and the tax certificate as PDFs.</summary>
public static class MemberSpaceExtensions
{
    /// <summary>The OpenAPI tag of the member space's routes.</summary>
    public const string Tag = "Member space";

    public static WebApplicationBuilder AddCmcmMemberSpace(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => PageWords.Load(sp.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider));
        builder.Services.AddSingleton<StatementDocuments>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCmcmMemberSpace(this IEndpointRouteBuilder app)
    {
        app.MapStatementsApi();
        return app;
    }
}
