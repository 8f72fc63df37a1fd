using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Live;

/// <summary>Section "Cmcm:Live": how the host keeps its hub registered with the cluster's notification registry.</summary>
public sealed class LiveOptions
{
    public const string Section = "Cmcm:Live";

    /// <summary>
    /// How often the host re-registers its hub observer (one small grain call). The registration is valid for three
    /// periods. Short, because a registry that starts again after a silo failure keeps the host's notifications only
    /// until the host registers again.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How soon a failed registration is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RegistrationValidity => RefreshPeriod * 3;

    /// <summary>
    /// How long a send to one page may wait for the page to read before the host closes that connection (the page then
    /// reconnects and re-reads). Other pages never wait for it.
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes the host buffers towards one page before a send waits (SignalR's TransportMaxBufferSize).</summary>
    public long SendBufferBytes { get; set; } = 64 * 1024;

    /// <summary>Bytes the host buffers from one page (SignalR's ApplicationMaxBufferSize); pages send only small joins.</summary>
    public long ReceiveBufferBytes { get; set; } = 32 * 1024;
}

public sealed class LiveOptionsValidator : IValidateOptions<LiveOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveOptions options)
    {
        var errors = new List<string>();
        if (options.RefreshPeriod < TimeSpan.FromSeconds(1) || options.RefreshPeriod > TimeSpan.FromHours(1))
        {
            errors.Add($"{LiveOptions.Section}:RefreshPeriod must be between 1 second and 1 hour.");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.RetryDelay > options.RefreshPeriod)
        {
            errors.Add($"{LiveOptions.Section}:RetryDelay must be positive and at most RefreshPeriod.");
        }

        if (options.SendTimeout < TimeSpan.FromSeconds(1) || options.SendTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{LiveOptions.Section}:SendTimeout must be between 1 second and 5 minutes.");
        }

        if (options.SendBufferBytes is < 4 * 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"{LiveOptions.Section}:SendBufferBytes must be between 4 KB and 16 MB.");
        }

        if (options.ReceiveBufferBytes is < 4 * 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"{LiveOptions.Section}:ReceiveBufferBytes must be between 4 KB and 16 MB.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
