using Microsoft.AspNetCore.Hosting;

namespace CmcmActors.Host.Tests.Support;

/// <summary>
/// The real host on the PostgreSQL that scripts/test.sh starts (CMCM_POSTGRES), for tests whose point is what reaches
/// storage. Without CMCM_POSTGRES nothing is started and <see cref="PostgresTheoryAttribute"/> skips the tests.
/// </summary>
public sealed class PostgresHostFixture : IAsyncLifetime
{
    public static readonly string? ConnectionString = Environment.GetEnvironmentVariable("CMCM_POSTGRES") is { } s && !string.IsNullOrWhiteSpace(s) ? s : null;

    public PostgresHostFixture() =>
        Host = ConnectionString is { } postgres ? HostFixture.With(builder => builder.UseSetting("Cmcm:Postgres", postgres)) : null;

    /// <summary>The host, or null when CMCM_POSTGRES is not set.</summary>
    public HostFixture? Host { get; }

    public Task InitializeAsync() => Host?.InitializeAsync() ?? Task.CompletedTask;

    public Task DisposeAsync() => Host?.DisposeAsync() ?? Task.CompletedTask;
}

/// <summary>Runs alone, after the other collections: a second host and its silo would otherwise compete with them for the machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresHostCollection : ICollectionFixture<PostgresHostFixture>
{
    public const string Name = "host on PostgreSQL";
}

/// <summary>A theory that runs only where CMCM_POSTGRES names a database (scripts/test.sh starts one).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresHostFixture.ConnectionString is null)
        {
            Skip = "CMCM_POSTGRES is not set: scripts/test.sh (or scripts/postgres.sh start DIR; source DIR/env) provides one.";
        }
    }
}

/// <summary>A fact that runs only where CMCM_POSTGRES names a database (scripts/test.sh starts one).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresHostFixture.ConnectionString is null)
        {
            Skip = "CMCM_POSTGRES is not set: scripts/test.sh (or scripts/postgres.sh start DIR; source DIR/env) provides one.";
        }
    }
}
