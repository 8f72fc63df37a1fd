using Microsoft.Extensions.Options;

namespace CmcmActors.Grains.Journal;

/// <summary>
/// Section "Cmcm:Journal": how the members' journal on PostgreSQL commits (group commit, see
/// <see cref="PostgresMemberJournal"/>) and how much it lets wait. The in-memory journal commits each append at once
/// under a lock, queues nothing, and reads none of these. docs/journal.md says what to tune when.
/// </summary>
public sealed class MemberJournalOptions
{
    public const string Section = "Cmcm:Journal";

    /// <summary>Appends (one per member's batch) committed in one transaction at most: a few hundred KB of rows at 256.</summary>
    public int MaxAppendsPerBatch { get; set; } = 256;

    /// <summary>
    /// Transactions in flight at once, each on its own connection: one is built while another waits for its commit to
    /// reach the disk (PostgreSQL flushes concurrent commits together). Two measured best on two cores (README, "Speed of
    /// the claim path"); three did worse.
    /// </summary>
    public int Writers { get; set; } = 2;

    /// <summary>
    /// Appends accepted and not yet answered (waiting for a writer or in a transaction) at most. One more is refused at
    /// once with <see cref="Contracts.JournalOverloadedException"/> and changes nothing: a queue that grows without bound
    /// only turns an overload into answers that come too late (Orleans gives up on a call after 30 s) and into memory.
    /// A member has at most one append in flight, so this is also the most members writing at once.
    /// </summary>
    public int MaxPendingAppends { get; set; } = 4096;

    /// <summary>What a refused append tells the client to wait before retrying (HTTP Retry-After), in seconds.</summary>
    public int OverloadRetryAfterSeconds { get; set; } = 1;
}

/// <summary>
/// Refuses settings that cannot work or would undo the point of the bound, naming the key, so that a silo with them
/// does not start (registered with ValidateOnStart by <see cref="Hosting.CmcmSiloBuilderExtensions.AddCmcmStorage"/>).
/// </summary>
public sealed class MemberJournalOptionsValidator : IValidateOptions<MemberJournalOptions>
{
    /// <summary>A batch's rows stay one transaction of a few MB at most.</summary>
    public const int MostAppendsPerBatch = 10_000;

    /// <summary>Each writer holds a connection of the silo's pool (Npgsql's default Maximum Pool Size is 100).</summary>
    public const int MostWriters = 32;

    /// <summary>About a GB of waiting appends at a few hundred KB per hundred: past it the bound bounds nothing.</summary>
    public const int MostPendingAppends = 1_000_000;

    /// <summary>An hour: longer and a client had better be told the service is down.</summary>
    public const int MostRetryAfterSeconds = 3600;

    public ValidateOptionsResult Validate(string? name, MemberJournalOptions options)
    {
        var errors = new List<string>();
        if (options.MaxAppendsPerBatch is < 1 or > MostAppendsPerBatch)
        {
            errors.Add($"{MemberJournalOptions.Section}:MaxAppendsPerBatch must be between 1 and {MostAppendsPerBatch} (it is {options.MaxAppendsPerBatch}).");
        }

        if (options.Writers is < 1 or > MostWriters)
        {
            errors.Add($"{MemberJournalOptions.Section}:Writers must be between 1 and {MostWriters} (it is {options.Writers}).");
        }

        if (options.MaxPendingAppends is < 1 or > MostPendingAppends)
        {
            errors.Add($"{MemberJournalOptions.Section}:MaxPendingAppends must be between 1 and {MostPendingAppends} (it is {options.MaxPendingAppends}).");
        }
        else if (options.MaxAppendsPerBatch is >= 1 and <= MostAppendsPerBatch && options.MaxPendingAppends < options.MaxAppendsPerBatch)
        {
            // Batches could never fill: the group commit would be capped by the bound, not by MaxAppendsPerBatch.
            errors.Add($"{MemberJournalOptions.Section}:MaxPendingAppends ({options.MaxPendingAppends}) must be at least {MemberJournalOptions.Section}:MaxAppendsPerBatch ({options.MaxAppendsPerBatch}).");
        }

        if (options.OverloadRetryAfterSeconds is < 1 or > MostRetryAfterSeconds)
        {
            errors.Add($"{MemberJournalOptions.Section}:OverloadRetryAfterSeconds must be between 1 and {MostRetryAfterSeconds} (it is {options.OverloadRetryAfterSeconds}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
