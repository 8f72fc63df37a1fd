using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Host.Tests.Operations;

/// <summary>
/// A Development host with tracing on (an OTLP endpoint nobody listens at: the exporter drops what it cannot send), logs
/// from Information kept in <see cref="Logs"/>, and a Kestrel keep-alive (45 s) and request-headers timeout (2 s) set through configuration.
/// </summary>
public sealed class TracingHostFixture : IAsyncLifetime
{
    public TracingHostFixture() =>
        Host = HostFixture.With(builder =>
        {
            builder.UseSetting("Cmcm:Telemetry:OtlpEndpoint", "http://127.0.0.1:9");
            builder.UseSetting("Cmcm:Telemetry:ServiceName", "cmcm-tests");
            builder.UseSetting("Kestrel:Limits:KeepAliveTimeout", "00:00:45");
            builder.UseSetting("Kestrel:Limits:RequestHeadersTimeout", "00:00:02");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(Logs));
        });

    public HostFixture Host { get; }

    public CapturedLogs Logs { get; } = new();

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class TracingHostCollection : ICollectionFixture<TracingHostFixture>
{
    public const string Name = "host with tracing";
}

/// <summary>A host in the Production environment (a signing key of its own, in memory).</summary>
public sealed class ProductionHostFixture : IAsyncLifetime
{
    public ProductionHostFixture() =>
        Host = HostFixture.With(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Cmcm:Jwt:SigningKey", "production-tests-signing-key-0123456789abcdef");
        });

    public HostFixture Host { get; }

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ProductionHostCollection : ICollectionFixture<ProductionHostFixture>
{
    public const string Name = "host in Production";
}

/// <summary>Every log entry of a host: category, level, message.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>The repository's files (scripts, deploy, wwwroot) and its build outputs, for tests that run them.</summary>
public static class Repository
{
    public static readonly string Root = Find();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The host's own build output of the test run's configuration (a project reference builds it there).</summary>
    public static string HostDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return PathOf($"src/CmcmActors.Host/bin/{configuration}/net10.0/CmcmActors.Host.dll");
    }

    private static string Find([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) }.OfType<string>().Where(s => s.Length > 0))
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CmcmActors.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("The repository root (CmcmActors.sln) was not found.");
    }
}

/// <summary>Runs a script or program to its end and returns its exit code and output.</summary>
public static class Processes
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not end within {timeout.TotalSeconds} s.");
        }

        return (process.ExitCode, await output, await error);
    }
}
