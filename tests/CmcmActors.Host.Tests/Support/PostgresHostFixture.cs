using CmcmActors.Testing;
using Microsoft.AspNetCore.Hosting;

namespace CmcmActors.Host.Tests.Support;

/// <summary>
/// The real host on PostgreSQL (CMCM_POSTGRES, or the throwaway server of <see cref="TestPostgres"/>), for tests whose
/// point is what reaches storage. With CMCM_TEST_NO_POSTGRES=1, or no PostgreSQL to be had, nothing is started and
/// <see cref="PostgresTheoryAttribute"/> skips the tests.
/// </summary>
public sealed class PostgresHostFixture : IAsyncLifetime
{
    public static readonly bool Skipped = Environment.GetEnvironmentVariable("CMCM_TEST_NO_POSTGRES") == "1" || !TestPostgres.Available;

    public static string? ConnectionString => Skipped ? null : TestPostgres.SharedConnectionString;

    public PostgresHostFixture() =>
        Host = ConnectionString is { } postgres ? HostFixture.With(builder => builder.UseSetting("Cmcm:Postgres", postgres)) : null;

    /// <summary>The host, or null when the PostgreSQL tests are skipped.</summary>
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

/// <summary>A theory that runs only where PostgreSQL can be had (CMCM_POSTGRES, or Debian's server to start).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresHostFixture.Skipped)
        {
            Skip = "CMCM_TEST_NO_POSTGRES=1, or no PostgreSQL: neither CMCM_POSTGRES nor Debian's postgresql package.";
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
