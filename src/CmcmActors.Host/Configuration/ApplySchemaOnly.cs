using System.Data.Common;
using CmcmActors.Grains.Hosting;

namespace CmcmActors.Host.Configuration;

/// <summary>
/// <c>--apply-schema-only</c>: apply deploy/sql (embedded in the host) to Cmcm:Postgres and exit, without starting a silo.
/// The Kubernetes schema Job and the compose schema step run the host image this way; the hosts then run with
/// Cmcm:ApplySchema=false.
/// </summary>
public static class ApplySchemaOnly
{
    public const string Switch = "--apply-schema-only";

    public static bool IsRequested(IEnumerable<string> args) => args.Any(IsSwitch);

    /// <summary>The arguments without the switch: the command-line configuration would take the next argument as its value.</summary>
    public static string[] Remove(IEnumerable<string> args) => [.. args.Where(a => !IsSwitch(a))];

    /// <returns>The exit code: 0 once applied; 1, with the reason on <paramref name="error"/>, when there is no database or applying fails.</returns>
    public static async Task<int> RunAsync(string? connectionString, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await error.WriteLineAsync($"{Switch}: no database: set Cmcm__Postgres (or CMCM_POSTGRES).");
            return 1;
        }

        try
        {
            await PostgresSchema.ApplyAsync(connectionString, cancellationToken);
        }
        catch (Exception e) when (e is DbException or ArgumentException or TimeoutException)
        {
            // The message, never the connection string: it holds the password.
            await error.WriteLineAsync($"{Switch}: {e.GetType().Name}: {e.Message}");
            return 1;
        }

        await output.WriteLineAsync($"{Switch}: deploy/sql applied.");
        return 0;
    }

    private static bool IsSwitch(string arg) => string.Equals(arg, Switch, StringComparison.OrdinalIgnoreCase);
}
