using System.Net;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Payments;
using CmcmActors.Host.Api;
using CmcmActors.Host.Api.Audit;
using CmcmActors.Host.Api.Idempotency;
using CmcmActors.Host.Configuration;
using CmcmActors.Host.Demo;
using CmcmActors.Host.Documents;
using CmcmActors.Host.Health;
using CmcmActors.Host.Live;
using CmcmActors.Host.Logging;
using CmcmActors.Host.MemberSpace;
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

// ASP.NET Core's own address settings win; without them Cmcm:Urls (http://localhost:5080).
var defaultUrls = HostUrls.DefaultToApply(builder.Configuration, options);
if (defaultUrls is not null)
{
    builder.WebHost.UseUrls(defaultUrls);
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
    silo.AddCmcmTracing(builder.Configuration.TelemetryOptions());
    silo.AddCmcmStorage(storage);
    silo.ConfigureMemberJournal(builder.Configuration.GetSection(CmcmActors.Grains.Journal.MemberJournalOptions.Section));
    silo.Services.AddCmcmPayments(builder.Configuration.GetSection(CmcmActors.Grains.Payments.PaymentOptions.Section));
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
builder.AddCmcmLogging();
builder.AddCmcmKestrelLimits();
builder.AddCmcmHealth(storage);
builder.AddCmcmSecurity();
builder.AddCmcmRateLimiting();
builder.AddCmcmIdempotency();
builder.AddCmcmApi();
builder.AddCmcmObservability();
builder.AddCmcmDemoData();
builder.AddCmcmLive();
builder.AddCmcmDocuments(storage);
builder.AddCmcmMemberSpace();

var app = builder.Build();
// Not reached under the tests' host factory (it stops at Build): a second host on taken ports ends here, in one line.
if (PortCheck.FirstTaken(PortCheck.PortsOf(HostUrls.Effective(app.Configuration, defaultUrls), options, advertisedAddress)) is { } taken)
{
    await Console.Error.WriteLineAsync(taken);
    return 1;
}

app.UseCmcmSecurityHeaders();
app.UseCmcmApiErrors();
app.UseCmcmPages();
app.UseAuthentication();
app.UseAuthorization();
app.UseCmcmAudit();
app.UseRateLimiter();
app.UseCmcmIdempotency();
app.UseCmcmDashboardSiloGuard();
app.MapCmcmHealth();
app.MapCmcmApi();
app.MapCmcmMemberSpace();
app.MapCmcmObservability();
app.MapCmcmLive();
if (app.Environment.IsDevelopment())
{
    app.MapDevTokens();
}

try
{
    await app.RunAsync();
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // Taken between the check above and the bind.
    await Console.Error.WriteLineAsync($"cmcm: {e.Message} Change --urls, ASPNETCORE_URLS or {HostUrls.UrlsKey}.");
    return 1;
}

return 0;

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
