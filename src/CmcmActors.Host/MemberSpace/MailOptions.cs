using Microsoft.Extensions.Options;

namespace CmcmActors.Host.MemberSpace;

/// <summary>
/// <c>Cmcm:Mail</c>: the SMTP server the e-mail notices go through. Off when <see cref="Host"/> is unset (members can still
/// record their choice; nothing is sent). Checked when the host starts: a setting that cannot work stops it.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Cmcm:Mail";

    /// <summary>The SMTP server's name or address; empty: no e-mail is sent.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>STARTTLS after connecting (the server must offer it).</summary>
    public bool StartTls { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, for example "CMCM &lt;notices@cmcm.lu&gt;".</summary>
    public string? From { get; set; }

    /// <summary>The member page's public address, which every notice links to (absolute http or https).</summary>
    public string? PageUrl { get; set; }

    /// <summary>Notices waiting to be sent, at most; past it a notice is dropped (and logged by count).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Tries per e-mail before it is given up (logged).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The pause before the second try; each later try waits twice the one before.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"{MailOptions.Section}:Port must be 1 to 65535.");
        }

        if (string.IsNullOrWhiteSpace(options.From) || !MimeKit.MailboxAddress.TryParse(options.From, out _))
        {
            errors.Add($"{MailOptions.Section}:From must be an e-mail address when {MailOptions.Section}:Host is set.");
        }

        if (!Uri.TryCreate(options.PageUrl, UriKind.Absolute, out var page) || (page.Scheme != Uri.UriSchemeHttp && page.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{MailOptions.Section}:PageUrl must be the member page's absolute http(s) address when {MailOptions.Section}:Host is set.");
        }

        if (options.QueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add($"{MailOptions.Section}:QueueCapacity must be 1 to 1000000.");
        }

        if (options.MaxAttempts is < 1 or > 20)
        {
            errors.Add($"{MailOptions.Section}:MaxAttempts must be 1 to 20.");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.RetryDelay > TimeSpan.FromHours(1))
        {
            errors.Add($"{MailOptions.Section}:RetryDelay must be more than 0 and at most 1 hour.");
        }

        if (string.IsNullOrEmpty(options.User) != string.IsNullOrEmpty(options.Password))
        {
            errors.Add($"{MailOptions.Section}:User and {MailOptions.Section}:Password go together.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
