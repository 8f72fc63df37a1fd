using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CmcmActors.Host.Health;
using CmcmActors.Host.Tests.Support;
using CmcmActors.Testing;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace CmcmActors.Host.Tests.Operations;

/// <summary>
/// A throwaway PostgreSQL of its own (<see cref="TestPostgres.StartAsync"/>), so that stopping it disturbs nobody, and a
/// host on it. Skipped with CMCM_TEST_NO_POSTGRES=1, like the rest of the PostgreSQL tests.
/// </summary>
public sealed class OwnPostgresHostFixture : IAsyncLifetime
{
    public static readonly bool Skipped = PostgresHostFixture.Skipped;

    public TestPostgres? Server { get; private set; }

    public string ConnectionString => Server?.ConnectionString ?? "";

    public HostFixture? Host { get; private set; }

    public async Task InitializeAsync()
    {
        if (Skipped)
        {
            return;
        }

        Server = await TestPostgres.StartAsync();
        Host = HostFixture.With(builder => builder.UseSetting("Cmcm:Postgres", ConnectionString));
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>Runs alone: it stops its database for seconds, and its host would compete with the others for the machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnPostgresHostCollection : ICollectionFixture<OwnPostgresHostFixture>
{
    public const string Name = "host on its own PostgreSQL";
}

public sealed class OwnPostgresFactAttribute : FactAttribute
{
    public OwnPostgresFactAttribute()
    {
        if (OwnPostgresHostFixture.Skipped)
        {
            Skip = "CMCM_TEST_NO_POSTGRES=1";
        }
    }
}

[Collection(OwnPostgresHostCollection.Name)]
public sealed class PostgresHealthTests(OwnPostgresHostFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [OwnPostgresFact]
    public async Task HealthReady_PostgresStoppedThenStarted_503ThenBackTo200()
    {
        var client = postgres.Host!.CreateClient();
        var before = await ReadyAsync(client);

        var restart = postgres.Server!.RestartAsync(TimeSpan.FromSeconds(15));
        var down = await WaitForAsync(client, HttpStatusCode.ServiceUnavailable);
        await restart;
        var after = await WaitForAsync(client, HttpStatusCode.OK);

        Assert.Equal("""{"status":"Healthy","checks":{"silo":{"status":"Healthy","description":"silo Active"},"postgres":{"status":"Healthy"},"schema":{"status":"Healthy","description":"schema 15, expected 15"}}}""",
            before.ToJsonString());
        Assert.Equal("Unhealthy", down["status"].Text());
        Assert.Equal("Unhealthy", down["checks"]!["postgres"]!["status"].Text());
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [OwnPostgresFact]
    public async Task HealthReady_SchemaOlderThanExpected_503NamingBothVersions()
    {
        var client = postgres.Host!.CreateClient();
        await SetSchemaVersionAsync(4);
        try
        {
            var response = await client.GetAsync("/health/ready");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("""{"status":"Unhealthy","description":"schema 4, expected 15: apply deploy/sql"}""", body["checks"]!["schema"]!.ToJsonString());
        }
        finally
        {
            await SetSchemaVersionAsync(SchemaVersion.Expected);
        }
    }

    private async Task SetSchemaVersionAsync(int version)
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using var command = dataSource.CreateCommand($"UPDATE cmcm_schema_version SET version = {version}");
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<JsonNode> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready");
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Polls /health/ready until it answers <paramref name="status"/>; returns that answer.</summary>
    private static async Task<JsonNode> WaitForAsync(HttpClient client, HttpStatusCode status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync("/health/ready");
            if (response.StatusCode == status)
            {
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            }

            Assert.True(clock.Elapsed < Patience, $"/health/ready did not answer {(int)status} within {Patience.TotalSeconds} s; last {(int)response.StatusCode}");
            await Task.Delay(250);
        }
    }
}
