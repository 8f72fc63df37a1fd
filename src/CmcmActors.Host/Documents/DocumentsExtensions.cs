using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Configuration;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Documents;

public static class DocumentsExtensions
{
    /// <summary>
    /// The document store (PostgreSQL when the host runs on it, memory otherwise), the upload reader and its options
    /// (section "Cmcm:Documents", validated at start-up), and a start-up sweep of uploads a crashed process left behind.
    /// </summary>
    public static WebApplicationBuilder AddCmcmDocuments(this WebApplicationBuilder builder, CmcmStorageOptions storage)
    {
        builder.Services.AddOptions<DocumentOptions>().Bind(builder.Configuration.GetSection(DocumentOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DocumentOptions>, DocumentOptionsValidator>();
        builder.Services.AddSingleton<DocumentIntake>();
        if (storage.UsesPostgres)
        {
            builder.Services.AddSingleton<IDocumentStore>(sp => new PostgresDocumentStore(storage.PostgresConnectionString!, sp.GetRequiredService<CmcmHostOptions>().ServiceId));
        }
        else
        {
            builder.Services.AddSingleton<IDocumentStore, MemoryDocumentStore>();
        }

        builder.Services.AddHostedService<LeftoverUploadSweep>();
        return builder;
    }
}

/// <summary>
/// Deletes, at start-up, upload folders older than an hour: what a process killed mid-upload left (a request that ends,
/// refused or not, deletes its own). Younger ones may be another host's uploads under way on the same machine.
/// </summary>
internal sealed class LeftoverUploadSweep(IOptions<DocumentOptions> options, TimeProvider clock) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var root = new DirectoryInfo(options.Value.TemporaryPath);
        if (!root.Exists)
        {
            return Task.CompletedTask;
        }

        var before = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        foreach (var folder in root.EnumerateDirectories().Where(d => d.LastWriteTimeUtc < before))
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // In use or gone already: the next start tries again.
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
