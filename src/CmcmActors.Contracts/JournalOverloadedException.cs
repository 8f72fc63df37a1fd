namespace CmcmActors.Contracts;

/// <summary>
/// The members' journal has as many appends waiting as it may (Cmcm:Journal:MaxPendingAppends) and refused this one at
/// once: nothing of it was written, so the command may simply be sent again after <see cref="RetryAfterSeconds"/>. The
/// member that tried it treats it as any failed write (nothing of its batch is durable; it reloads). Crosses silos with
/// its own serializer, like <see cref="RetryLaterException"/>; the HTTP API answers it with 503, Retry-After and a
/// problem saying the service is busy.
/// </summary>
[GenerateSerializer, Alias("cmcm.JournalOverloadedException")]
public sealed class JournalOverloadedException : Exception
{
    public JournalOverloadedException()
    {
    }

    public JournalOverloadedException(string message)
        : base(message)
    {
    }

    public JournalOverloadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JournalOverloadedException(string message, int retryAfterSeconds)
        : base(message) => RetryAfterSeconds = retryAfterSeconds;

    /// <summary>How long the client should wait before retrying, in seconds (at least 1).</summary>
    [Id(0)]
    public int RetryAfterSeconds { get; init; } = 1;
}
