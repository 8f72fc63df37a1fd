using CmcmActors.Contracts;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Notifications;
using CmcmActors.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace CmcmActors.Grains.Tests.Support;

/// <summary>
/// A test cluster on the embedded default (in-memory storage) or on PostgreSQL: CMCM_POSTGRES (scripts/test.sh), or
/// else a throwaway server the test process starts itself (<see cref="TestPostgres"/>). One cluster per fixture, shared
/// by the tests of a collection.
/// </summary>
public abstract class CmcmClusterFixture : IAsyncLifetime
{
    public const string ConnectionKey = "CmcmPostgres";
    public const string FastFailoverKey = "CmcmFastFailover";
    public const string FamilyCapKey = "CmcmFamilyCapCatalogue";

    /// <summary>How long a call may wait for its answer when <c>fastFailover</c> is on (Orleans' default is 30 s).</summary>
    public static readonly TimeSpan FastResponseTimeout = TimeSpan.FromSeconds(8);

    protected CmcmClusterFixture(bool postgres, short silos = 1, bool fastFailover = false, bool familyCap = false)
    {
        UsesPostgres = postgres;
        var builder = new TestClusterBuilder(silos);
        builder.Options.ClusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        builder.Options.ServiceId = "cmcm-test-" + Guid.NewGuid().ToString("N")[..8];
        builder.Options.ConfigureFileLogging = false;
        ServiceId = builder.Options.ServiceId;
        if (postgres)
        {
            builder.Properties[ConnectionKey] = PostgresConnectionString;
        }

        if (fastFailover)
        {
            builder.Properties[FastFailoverKey] = "true";
        }

        if (familyCap)
        {
            builder.Properties[FamilyCapKey] = "true";
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
    }

    public TestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.GrainFactory;

    public bool UsesPostgres { get; }

    /// <summary>The Orleans service id: the <c>service_id</c> of every grain state row this cluster stores.</summary>
    public string ServiceId { get; }

    /// <summary>The notifications of the primary silo (every notification, in a one-silo cluster).</summary>
    public RecordingPublisher Publisher => PublisherOf(Cluster.Primary ?? throw new InvalidOperationException("The primary silo is down."));

    /// <summary>The journal probe of the primary silo (measures appends, injects failures).</summary>
    public JournalProbe Journal => Cluster.GetSiloServiceProvider(Cluster.Primary!.SiloAddress).GetRequiredService<JournalProbe>();

    /// <summary>The grain calls received by the primary silo (every call, in a one-silo cluster).</summary>
    public GrainCallCounter Calls => Cluster.GetSiloServiceProvider(Cluster.Primary!.SiloAddress).GetRequiredService<GrainCallCounter>();

    public RecordingPublisher PublisherOf(SiloHandle silo) =>
        Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<RecordingPublisher>();

    /// <summary>CMCM_POSTGRES, or a throwaway server this test process starts (<see cref="TestPostgres"/>).</summary>
    public static string PostgresConnectionString => TestPostgres.SharedConnectionString;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.Services.AddCmcmSerialization();
            if (configuration[FastFailoverKey] == "true")
            {
                clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = FastResponseTimeout);
            }
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connection = siloBuilder.Configuration[ConnectionKey];
            siloBuilder.AddCmcmGrains(siloBuilder.Configuration[FamilyCapKey] == "true" ? FamilyCapCatalogue.Create() : null);
            siloBuilder.AddCmcmStorage(new CmcmStorageOptions { PostgresConnectionString = connection });
            JournalProbe.Install(siloBuilder.Services);
            siloBuilder.Services.AddSingleton<GrainCallCounter>();
            siloBuilder.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallCounter>());
            siloBuilder.Services.AddSingleton<RecordingPublisher>();
            siloBuilder.Services.AddSingleton<INotificationPublisher>(sp => sp.GetRequiredService<RecordingPublisher>());
            if (siloBuilder.Configuration[FastFailoverKey] == "true")
            {
                // A killed silo is declared dead in a few seconds instead of the production default of about a minute.
                siloBuilder.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.NumMissedProbesLimit = 2;
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                });
                siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = FastResponseTimeout);

                // Resource-optimised placement (the default) tends to put every grain a client creates on one silo;
                // random placement spreads them, so that killing a silo takes some of them down.
                siloBuilder.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
            }
        }
    }
}

public sealed class MemoryClusterFixture() : CmcmClusterFixture(postgres: false);

public sealed class PostgresClusterFixture() : CmcmClusterFixture(postgres: true);

/// <summary>A cluster of its own whose silo the tests restart, so that the shared PostgreSQL cluster is never disturbed.</summary>
public sealed class PostgresRestartClusterFixture() : CmcmClusterFixture(postgres: true);

/// <summary>Two silos on PostgreSQL storage, failing over fast, for the tests that kill a silo.</summary>
public sealed class TwoSiloPostgresClusterFixture() : CmcmClusterFixture(postgres: true, silos: 2, fastFailover: true);

/// <summary>A PostgreSQL cluster of its own: the shadow run reads every claim its service stored.</summary>
public sealed class PostgresShadowClusterFixture() : CmcmClusterFixture(postgres: true);

/// <summary>Two silos on the embedded default (in-memory storage and catalogue store).</summary>
public sealed class TwoSiloMemoryClusterFixture() : CmcmClusterFixture(postgres: false, silos: 2);

/// <summary>The built-in catalogue plus a family-scoped cap (<see cref="FamilyCapCatalogue"/>), on PostgreSQL.</summary>
public sealed class FamilyCapClusterFixture() : CmcmClusterFixture(postgres: true, familyCap: true);

/// <summary>The same, on the embedded default (in-memory journal and storage).</summary>
public sealed class MemoryFamilyCapClusterFixture() : CmcmClusterFixture(postgres: false, familyCap: true);

/// <summary>Two silos with the family-cap catalogue on PostgreSQL, failing over fast: a silo dies in a family cascade.</summary>
public sealed class TwoSiloFamilyCapClusterFixture() : CmcmClusterFixture(postgres: true, silos: 2, fastFailover: true, familyCap: true);

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

[CollectionDefinition(Name)]
public sealed class PostgresRestartCluster : ICollectionFixture<PostgresRestartClusterFixture>
{
    public const string Name = "postgres restart cluster";
}

[CollectionDefinition(Name)]
public sealed class TwoSiloPostgresCluster : ICollectionFixture<TwoSiloPostgresClusterFixture>
{
    public const string Name = "two-silo postgres cluster";
}

[CollectionDefinition(Name)]
public sealed class TwoSiloMemoryCluster : ICollectionFixture<TwoSiloMemoryClusterFixture>
{
    public const string Name = "two-silo memory cluster";
}

[CollectionDefinition(Name)]
public sealed class PostgresShadowCluster : ICollectionFixture<PostgresShadowClusterFixture>
{
    public const string Name = "postgres shadow cluster";
}

[CollectionDefinition(Name)]
public sealed class FamilyCapCluster : ICollectionFixture<FamilyCapClusterFixture>
{
    public const string Name = "family cap cluster";
}

[CollectionDefinition(Name)]
public sealed class MemoryFamilyCapCluster : ICollectionFixture<MemoryFamilyCapClusterFixture>
{
    public const string Name = "memory family cap cluster";
}

[CollectionDefinition(Name)]
public sealed class TwoSiloFamilyCapCluster : ICollectionFixture<TwoSiloFamilyCapClusterFixture>
{
    public const string Name = "two-silo family cap cluster";
}
