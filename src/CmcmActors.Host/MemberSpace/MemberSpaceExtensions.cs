using CmcmActors.Grains.Feedback;
using CmcmActors.Grains.Notices;
using CmcmActors.Grains.Notifications;
using CmcmActors.Host.Configuration;
using Microsoft.Extensions.Options;

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
        builder.Services.AddSingleton<INoticeChoices>(sp => sp.GetRequiredService<CmcmHostOptions>() is var options && !string.IsNullOrWhiteSpace(options.Postgres)
            ? new PostgresNoticeChoices(options.Postgres, options.ServiceId)
            : MemoryNoticeChoices.For(options.ServiceId));
        builder.Services.AddOptions<MailOptions>().Bind(builder.Configuration.GetSection(MailOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        if (builder.Configuration.GetSection(MailOptions.Section).Get<MailOptions>() is { Enabled: true })
        {
            AddNotices(builder.Services);
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapCmcmMemberSpace(this IEndpointRouteBuilder app)
    {
        app.MapStatementsApi();
        app.MapFeedbackApi();
        app.MapNoticesApi();
        return app;
    }

    /// <summary>
    /// The sender, and the grains' publisher wrapped so that a claim's decision is offered to it. Goes after the live
    /// pushes' registration (<c>AddCmcmLive</c>), whose publisher it wraps.
    /// </summary>
    private static void AddNotices(IServiceCollection services)
    {
        services.AddSingleton<NoticeSender>();
        services.AddHostedService(sp => sp.GetRequiredService<NoticeSender>());
        var published = services.Last(d => d.ServiceType == typeof(INotificationPublisher));
        services.Remove(published);
        services.AddSingleton<INotificationPublisher>(sp => new NoticePublisher(Inner(sp, published), sp.GetRequiredService<NoticeSender>()));
    }

    private static INotificationPublisher Inner(IServiceProvider services, ServiceDescriptor published) =>
        (INotificationPublisher)(published.ImplementationInstance
            ?? published.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, published.ImplementationType!));
}
