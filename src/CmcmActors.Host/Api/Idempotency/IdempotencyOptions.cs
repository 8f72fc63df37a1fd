using CmcmActors.Grains.Idempotency;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Api.Idempotency;

/// <summary>Section "Cmcm:Idempotency": how long answers to <c>Idempotency-Key</c>s are kept, and how many keys a caller may open.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Cmcm:Idempotency";

    /// <summary>How long an answer is kept and replayed (default 24 hours, the draft's suggestion); then it is deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// New keys one caller (the token's subject) may open per <see cref="QuotaWindow"/> (default 600 a minute: ten
    /// keyed commands a second, far above a person at a desk). Replays do not count. Over it: 429 with Retry-After.
    /// Together with <see cref="Retention"/> it bounds what one caller can make the host keep.
    /// </summary>
    public int MaxKeysPerWindow { get; set; } = 600;

    /// <summary>The quota's fixed window (default 1 minute).</summary>
    public TimeSpan QuotaWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a request waits for the first request with its key, still running, to answer, and then answers the
    /// same (default 10 seconds); still running after that: 409 idempotency-in-progress.
    /// </summary>
    public TimeSpan InProgressWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a waiting request looks whether the first has answered (default 25 ms).</summary>
    public TimeSpan InProgressPoll { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>A first request not answered after this long is taken as lost (its host died): the key may run again (default 1 minute).</summary>
    public TimeSpan RunningTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the host deletes expired answers (default 1 minute).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IdempotencyLimits Limits => new(Retention, RunningTimeout, QuotaWindow, MaxKeysPerWindow);
}

public sealed class IdempotencyOptionsValidator : IValidateOptions<IdempotencyOptions>
{
    public ValidateOptionsResult Validate(string? name, IdempotencyOptions options)
    {
        var errors = new List<string>();
        if (options.Retention < TimeSpan.FromMinutes(1) || options.Retention > TimeSpan.FromDays(7))
        {
            errors.Add($"{IdempotencyOptions.Section}:Retention must be between 1 minute and 7 days.");
        }

        if (options.MaxKeysPerWindow is < 1 or > 1_000_000)
        {
            errors.Add($"{IdempotencyOptions.Section}:MaxKeysPerWindow must be between 1 and 1,000,000.");
        }

        if (options.QuotaWindow < TimeSpan.FromSeconds(1) || options.QuotaWindow > options.Retention)
        {
            errors.Add($"{IdempotencyOptions.Section}:QuotaWindow must be at least 1 second and at most Retention.");
        }

        if (options.RunningTimeout < TimeSpan.FromSeconds(1) || options.RunningTimeout > options.Retention)
        {
            errors.Add($"{IdempotencyOptions.Section}:RunningTimeout must be at least 1 second and at most Retention.");
        }

        if (options.InProgressWait < TimeSpan.Zero || options.InProgressWait > options.RunningTimeout)
        {
            errors.Add($"{IdempotencyOptions.Section}:InProgressWait must be between 0 and RunningTimeout.");
        }

        if (options.InProgressPoll < TimeSpan.FromMilliseconds(1) || options.InProgressPoll > TimeSpan.FromSeconds(5))
        {
            errors.Add($"{IdempotencyOptions.Section}:InProgressPoll must be between 1 millisecond and 5 seconds.");
        }

        if (options.PurgeInterval < TimeSpan.FromSeconds(1) || options.PurgeInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{IdempotencyOptions.Section}:PurgeInterval must be between 1 second and 1 hour.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
