using CmcmActors.Host.Api.Audit;
using CmcmActors.Host.Api.Catalogue;
using CmcmActors.Host.Api.Claims;
using CmcmActors.Host.Api.Documents;
using CmcmActors.Host.Api.Estimates;
using CmcmActors.Host.Api.Families;
using CmcmActors.Host.Api.Fhir;
using CmcmActors.Host.Api.Import;
using CmcmActors.Host.Api.Json;
using CmcmActors.Host.Api.Members;
using CmcmActors.Host.Api.OpenApi;
using CmcmActors.Host.Api.Payments;
using CmcmActors.Host.Api.People;
using CmcmActors.Host.Api.ProcessingTimes;
using CmcmActors.Host.Configuration;
using CmcmActors.Host.Security;
using Scalar.AspNetCore;

namespace CmcmActors.Host.Api;

/// <summary>The HTTP API: one file per feature under Api/, mapped here, with its JSON, its errors and its OpenAPI document.</summary>
public static class ApiExtensions
{
    public const string OpenApiPath = "/openapi/v1.json";

    public static WebApplicationBuilder AddCmcmApi(this WebApplicationBuilder builder)
    {
        // The FHIR face's writer goes first: under /fhir every problem is an OperationOutcome.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, FhirProblemWriter>());
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Describe);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddSingleton<ApiBody>();
        builder.Services.AddSingleton<ShadowRunJobs>();
        builder.Services.AddCmcmAudit();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ShadowRunJobs>());
        builder.Services.AddOptions<ShadowRunOptions>().Bind(builder.Configuration.GetSection(ShadowRunOptions.Section))
            .Validate(o => o.Heartbeat > TimeSpan.Zero && o.Lease > o.Heartbeat, $"{ShadowRunOptions.Section}: Heartbeat must be positive and Lease longer than Heartbeat.")
            .ValidateOnStart();
        builder.Services.AddOptions<Grains.Catalogue.CatalogueOptions>().Bind(builder.Configuration.GetSection(Grains.Catalogue.CatalogueOptions.Section))
            .Validate(Grains.Catalogue.CatalogueOptions.IsValid, $"{Grains.Catalogue.CatalogueOptions.Section}:PublicationHorizon: from 1 day to 10 years (for example 730.00:00:00).")
            .ValidateOnStart();
        builder.Services.AddCmcmOpenApi(builder.Configuration[$"{CmcmHostOptions.Section}:{nameof(CmcmHostOptions.PublicUrl)}"]);
        RequestHeaderLimits.Configure(builder.WebHost);
        return builder;
    }

    /// <summary>
    /// Exceptions become problem details (<see cref="ApiProblems"/>), and so does every error answered without a body
    /// (401 and 403 from the authorization policies, 404 for an unknown route or a malformed path, 405), on every path:
    /// a client never has to guess what an empty 4xx meant. Request headers over the API's limit are refused here with
    /// a problem too (<see cref="RequestHeaderLimits"/>). Goes first, before authentication.
    /// </summary>
    public static IApplicationBuilder UseCmcmApiErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestHeaderLimits>();
        return app;
    }

    public static IEndpointRouteBuilder MapCmcmApi(this IEndpointRouteBuilder app)
    {
        app.MapFamiliesApi();
        app.MapMembersApi();
        app.MapClaimsApi();
        app.MapDocumentsApi();
        app.MapClaimListsApi();
        app.MapEstimatesApi();
        app.MapPeopleApi();
        app.MapCatalogueApi();
        app.MapCatalogueAdminApi();
        app.MapImportApi();
        app.MapProcessingTimesApi();
        app.MapBankAccountsApi();
        app.MapProvidersApi();
        app.MapFhirApi();
        app.MapPaymentsApi();
        app.MapAuthApi();
        app.MapAuditApi();
        app.MapOpenApi(OpenApiPath).AllowAnonymous();
        app.MapScalarApiReference("/scalar", o => o.WithOpenApiRoutePattern(OpenApiPath).WithTitle("CmcmActors API")).AllowAnonymous();
        return app;
    }
}
