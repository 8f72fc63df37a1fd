using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;

namespace CmcmActors.Testing;

/// <summary>
/// PostgreSQL for the tests. <see cref="SharedConnectionString"/> is CMCM_POSTGRES when set (scripts/test.sh, the cluster
/// scripts); otherwise a throwaway server started once for the test process, stopped and removed when the process ends,
/// so that a test project runs on its own with <c>dotnet test</c>. <see cref="StartAsync"/> gives a test a server of its
/// own (one it may stop and restart). Every server here is made by the same script as in the shell and in CI:
/// <c>scripts/postgres.sh start DIR</c> (initdb, a free port, database and role "cmcm", the schema of deploy/sql applied;
/// the connection string in DIR/env), <c>restart DIR SECS</c> and <c>stop DIR</c>. No second way to start a server or
/// to apply the schema lives here.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private static readonly Lazy<Task<TestPostgres>> Shared = new(StartSharedAsync);
    private static readonly string Script = FindScript();

    private readonly string _directory;

    private TestPostgres(string directory, string connectionString)
    {
        _directory = directory;
        // Several silos in one test process, each with storage, clustering and reminder pools.
        ConnectionString = connectionString + ";Maximum Pool Size=80";
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
        // postgres.sh creates the directory; a name of our own lets a later process find it if this one is killed.
        var directory = Path.Combine(Path.GetTempPath(), "cmcm-test-pg-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            await RunScriptAsync("start", directory);
            return new TestPostgres(directory, ReadConnectionString(directory));
        }
        catch
        {
            await StopAsync(directory);
            throw;
        }
    }

    /// <summary>Stops the server (as a database outage would; clients are cut off), keeps it down for <paramref name="down"/> (whole seconds, rounded up), and starts it again on the same port.</summary>
    public Task RestartAsync(TimeSpan down) =>
        RunScriptAsync("restart", _directory, ((int)Math.Ceiling(down.TotalSeconds)).ToString(CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await StopAsync(_directory);
    }

    private static async Task StopAsync(string directory)
    {
        try
        {
            await RunScriptAsync("stop", directory);
        }
        catch (InvalidOperationException)
        {
            // Already gone, or half made: the files go anyway.
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>The connection string postgres.sh wrote to DIR/env: <c>export CMCM_POSTGRES="Host=...;Password=..."</c>.</summary>
    private static string ReadConnectionString(string directory)
    {
        var line = File.ReadAllText(Path.Combine(directory, "env")).Trim();
        var first = line.IndexOf('"', StringComparison.Ordinal);
        var last = line.LastIndexOf('"');
        if (!line.StartsWith("export CMCM_POSTGRES=", StringComparison.Ordinal) || first < 0 || last <= first)
        {
            throw new InvalidOperationException($"{directory}/env does not hold the export line of scripts/postgres.sh.");
        }

        return line[(first + 1)..last];
    }

    private static async Task<TestPostgres> StartSharedAsync()
    {
        // A test process ended before its exit handler ran leaves its server's files behind: remove those whose server
        // is stopped and which are old (a running one may belong to another test process).
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
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopDetached();
        return server;
    }

    /// <summary>
    /// At process exit: the test host is ended soon after its tests (deleting a server's files takes seconds here), so
    /// the stop runs in a process of its own (<c>setsid -f</c>) that outlives it, rather than being cut short.
    /// </summary>
    private void StopDetached()
    {
        NpgsqlConnection.ClearAllPools();
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = "/" };
        // Its output goes nowhere: a pipe to this process would close with it, and the script's next line would kill it.
        foreach (var argument in new[] { "-f", "bash", "-c", "exec bash \"$0\" stop \"$1\" </dev/null >/dev/null 2>&1", Script, _directory })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        process?.WaitForExit(TimeSpan.FromSeconds(5));
    }

    private static async Task RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The script must make its own server, not apply the schema to a CMCM_POSTGRES the test process happens to see.
        start.Environment.Remove("CMCM_POSTGRES");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/postgres.sh {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    private static string FindScript([CallerFilePath] string sourceFile = "")
    {
        // The test binaries may live outside the repository (--artifacts-path): fall back to this file's own place.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) }.OfType<string>().Where(s => s.Length > 0))
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var script = Path.Combine(directory.FullName, "scripts", "postgres.sh");
                if (File.Exists(script) && File.Exists(Path.Combine(directory.FullName, "CmcmActors.sln")))
                {
                    return script;
                }
            }
        }

        throw new InvalidOperationException("scripts/postgres.sh not found above the test binaries or above " + sourceFile);
    }
}
