using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace CmcmActors.Grains.Tests.Support;

/// <summary>
/// A test cluster on the embedded default (in-memory storage) or on the PostgreSQL that scripts/test.sh starts
/// (connection string in CMCM_POSTGRES). One cluster per fixture, shared by the tests of a collection.
/// </summary>
public abstract class CmcmClusterFixture : IAsyncLifetime
{
    public const string ConnectionKey = "CmcmPostgres";

    protected CmcmClusterFixture(bool postgres, short silos = 1)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ClusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        builder.Options.ServiceId = "cmcm-test-" + Guid.NewGuid().ToString("N")[..8];
        if (postgres)
        {
            builder.Properties[ConnectionKey] = PostgresConnectionString;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
    }

    public TestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.GrainFactory;

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("CMCM_POSTGRES")
        ?? throw new InvalidOperationException("CMCM_POSTGRES is not set: run the tests through scripts/test.sh, which starts a throwaway PostgreSQL.");

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder.Services.AddCmcmSerialization();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connection = siloBuilder.Configuration[ConnectionKey];
            siloBuilder.AddCmcmGrains();
            siloBuilder.AddCmcmStorage(new CmcmStorageOptions { PostgresConnectionString = connection });
            siloBuilder.Services.AddSingleton<RecordingPublisher>();
            siloBuilder.Services.AddSingleton<INotificationPublisher>(sp => sp.GetRequiredService<RecordingPublisher>());
        }
    }
}

public sealed class MemoryClusterFixture() : CmcmClusterFixture(postgres: false);

public sealed class PostgresClusterFixture() : CmcmClusterFixture(postgres: true);

[CollectionDefinition(Name)]
public sealed class MemoryCluster : ICollectionFixture<MemoryClusterFixture>
{
    public const string Name = "memory cluster";
}

[CollectionDefinition(Name)]
public sealed class PostgresCluster : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres cluster";
}
