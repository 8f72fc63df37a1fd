using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CmcmActors.Grains.Hosting;
using Npgsql;

namespace CmcmActors.Testing;

/// <summary>
/// PostgreSQL for the tests. <see cref="SharedConnectionString"/> is CMCM_POSTGRES when set (scripts/test.sh, the cluster
/// scripts); otherwise Debian's server (/usr/lib/postgresql/*/bin) started once for the test process in a temporary
/// directory, on a free port, with a database "cmcm" and the schema, stopped and removed when the process ends. So a
/// test project runs on its own with <c>dotnet test</c>. <see cref="StartAsync"/> gives a test a server of its own
/// (one it may stop). As root the server runs as the <c>postgres</c> user: initdb refuses root. Installing the package
/// stays with scripts/postgres.sh (or apt-get install postgresql).
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private static readonly Lazy<Task<TestPostgres>> Shared = new(StartSharedAsync);
    private static readonly bool AsRoot = Environment.UserName == "root";

    private readonly string _directory;
    private readonly string _bin;
    private readonly int _port;

    private TestPostgres(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        _port = port;
        ConnectionString = $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Database=cmcm;Username=postgres;Maximum Pool Size=80";
    }

    public string ConnectionString { get; }

    /// <summary>Whether a server can be had: CMCM_POSTGRES is set, or Debian's server is installed.</summary>
    public static bool Available =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CMCM_POSTGRES"))
        || (Directory.Exists("/usr/lib/postgresql") && Directory.GetDirectories("/usr/lib/postgresql").Any(d => File.Exists(Path.Combine(d, "bin", "initdb"))));

    /// <summary>CMCM_POSTGRES, or the connection string of the server this process started (starting it the first time).</summary>
    public static string SharedConnectionString =>
        Environment.GetEnvironmentVariable("CMCM_POSTGRES") is { } set && !string.IsNullOrWhiteSpace(set)
            ? set
            : Shared.Value.GetAwaiter().GetResult().ConnectionString;

    /// <summary>A server of the caller's own, with the schema applied; disposing it stops it and removes its files.</summary>
    public static async Task<TestPostgres> StartAsync()
    {
        var bin = FindBin();
        var directory = Path.Combine(Path.GetTempPath(), "cmcm-test-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        if (AsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory]);
        }

        var server = new TestPostgres(directory, bin, FreePort());
        try
        {
            await server.RunAsOwnerAsync("initdb", ["-D", server.Data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]);
            await File.AppendAllTextAsync(Path.Combine(server.Data, "postgresql.conf"), string.Join('\n',
                $"port = {server._port.ToString(CultureInfo.InvariantCulture)}",
                "listen_addresses = '127.0.0.1'",
                $"unix_socket_directories = '{directory}'",
                "max_connections = 300",
                // A throwaway server: durability across a machine crash does not matter, speed does.
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                ""));
            if (AsRoot)
            {
                await RunAsync("chown", ["postgres:postgres", Path.Combine(server.Data, "postgresql.conf")]);
            }

            await server.StartServerAsync();
            await using (var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={server._port.ToString(CultureInfo.InvariantCulture)};Database=postgres;Username=postgres"))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE DATABASE cmcm", admin);
                await create.ExecuteNonQueryAsync();
            }

            await PostgresSchema.ApplyAsync(server.ConnectionString);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server (as a database outage would), waits <paramref name="down"/>, and starts it again.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        await RunAsOwnerAsync("pg_ctl", ["-D", Data, "-m", "fast", "-w", "-t", "60", "stop"]);
        await Task.Delay(down);
        await StartServerAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                await RunAsOwnerAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "-t", "30", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped: the files go anyway.
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    private string Data => Path.Combine(_directory, "data");

    private Task StartServerAsync() =>
        RunAsOwnerAsync("pg_ctl", ["-D", Data, "-l", Path.Combine(_directory, "postgres.log"), "-w", "-t", "60", "start"]);

    private static async Task<TestPostgres> StartSharedAsync()
    {
        // A test process that was ended before its exit handler finished leaves its stopped server's files: remove them.
        foreach (var stale in Directory.GetDirectories(Path.GetTempPath(), "cmcm-test-pg-*")
            .Where(d => !File.Exists(Path.Combine(d, "data", "postmaster.pid")) && Directory.GetLastWriteTimeUtc(d) < DateTime.UtcNow.AddMinutes(-10)))
        {
            try
            {
                Directory.Delete(stale, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private Task RunAsOwnerAsync(string tool, string[] arguments) =>
        AsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]) : RunAsync(Path.Combine(_bin, tool), arguments);

    private static string FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault() ?? throw NotInstalled()
            : throw NotInstalled();

    private static InvalidOperationException NotInstalled() =>
        new("PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin): run scripts/postgres.sh start DIR once (it installs Debian's postgresql), or set CMCM_POSTGRES.");

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
