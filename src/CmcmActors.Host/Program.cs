using System.Net;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Configuration;

var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection(CmcmHostOptions.Section).Get<CmcmHostOptions>() ?? new CmcmHostOptions();
options.Postgres ??= Environment.GetEnvironmentVariable("CMCM_POSTGRES");
var storage = new CmcmStorageOptions { PostgresConnectionString = string.IsNullOrWhiteSpace(options.Postgres) ? null : options.Postgres };

if (storage.UsesPostgres && options.ApplySchema)
{
    await PostgresSchema.ApplyAsync(storage.PostgresConnectionString!);
}

builder.UseOrleans(silo =>
{
    silo.AddCmcmGrains();
    silo.AddCmcmStorage(storage);
    silo.UseCmcmClustering(storage, options.ClusterId, options.ServiceId);
    if (storage.UsesPostgres)
    {
        silo.ConfigureEndpoints(IPAddress.Loopback, options.SiloPort, options.GatewayPort);
    }
});
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health/live");
app.MapHealthChecks("/health/ready");
app.MapGet("/", () => Results.Text($"CmcmActors is running on {(storage.UsesPostgres ? "PostgreSQL" : "the embedded default (in memory)")}."));
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
