using System.Net;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Api;
using CmcmActors.Host.Configuration;
using CmcmActors.Host.Demo;
using CmcmActors.Host.Live;
using CmcmActors.Host.Metrics;
using CmcmActors.Host.Security;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(DemoData.TranslateSwitch(ApplySchemaOnly.Remove(args)));
var options = builder.Configuration.GetSection(CmcmHostOptions.Section).Get<CmcmHostOptions>() ?? new CmcmHostOptions();
if (string.IsNullOrEmpty(options.Postgres))
{
    // appsettings.json binds "" rather than null; a blank value (the tests' " ") still means "in memory".
    options.Postgres = Environment.GetEnvironmentVariable("CMCM_POSTGRES");
}

if (ApplySchemaOnly.IsRequested(args))
{
    return await ApplySchemaOnly.RunAsync(options.Postgres, Console.Out, Console.Error);
}

var storage = new CmcmStorageOptions { PostgresConnectionString = string.IsNullOrWhiteSpace(options.Postgres) ? null : options.Postgres };
var advertisedAddress = storage.UsesPostgres ? AdvertisedAddress.Resolve(options.AdvertisedAddress) : null;

if (storage.UsesPostgres && options.ApplySchema)
{
    await PostgresSchema.ApplyAsync(storage.PostgresConnectionString!);
}

builder.UseOrleans(silo =>
{
    silo.AddCmcmGrains(plausibility: options.Plausibility.ToLimits());
    silo.AddCmcmStorage(storage);
    silo.UseCmcmClustering(storage, options.ClusterId, options.ServiceId, options.SiloPort, options.GatewayPort);
    if (options.Dashboard)
    {
        silo.AddDashboard();
    }
    if (advertisedAddress is not null)
    {
        // Loopback (one machine) binds loopback only; a reachable address (pod IP, container) listens on every interface.
        silo.ConfigureEndpoints(advertisedAddress, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertisedAddress));
    }
});
builder.Services.AddSingleton(options);
builder.Services.AddHealthChecks();
builder.AddCmcmSecurity();
builder.AddCmcmRateLimiting();
builder.AddCmcmApi();
builder.AddCmcmObservability();
builder.AddCmcmDemoData();
builder.AddCmcmLive();

var app = builder.Build();
app.UseCmcmApiErrors();
app.UseCmcmPages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseMiddleware<CmcmActors.Host.Api.Idempotency.IdempotencyMiddleware>();
app.MapHealthChecks("/health/live").AllowAnonymous();
app.MapHealthChecks("/health/ready").AllowAnonymous();
app.MapCmcmApi();
app.MapCmcmObservability();
app.MapCmcmLive();
if (app.Environment.IsDevelopment())
{
    app.MapDevTokens();
}

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
