namespace CmcmActors.Host.Demo;

/// <summary>
/// A working desk at once for a newcomer: start the host with <c>--demo</c> (or <c>Cmcm:DemoData=true</c>, environment
/// <c>Cmcm__DemoData=true</c>) and a few families with claims are there, a pended one included. Seeding is skipped for a
/// family that is already enrolled, so restarting on PostgreSQL does not duplicate anything.
/// </summary>
public static class DemoData
{
    public const string Switch = "--demo";
    public const string ConfigKey = "Cmcm:DemoData";

    /// <summary>
    /// Turns <c>--demo</c> into <c>--Cmcm:DemoData=true</c>. Left as it is, the command-line configuration would take the
    /// next argument as its value.
    /// </summary>
    public static string[] TranslateSwitch(string[] args) =>
        [.. args.Select(a => string.Equals(a, Switch, StringComparison.OrdinalIgnoreCase) ? $"--{ConfigKey}=true" : a)];

    public static WebApplicationBuilder AddCmcmDemoData(this WebApplicationBuilder builder)
    {
        // Registered after the silo, so it starts once the silo is up.
        if (builder.Configuration.GetValue<bool>(ConfigKey))
        {
            builder.Services.AddHostedService<DemoDataSeeder>();
        }

        return builder;
    }
}
