namespace CmcmActors.Contracts;

/// <summary>
/// A command could not complete because storage or the cluster did not answer, and nothing durable changed that a retry
/// could apply twice (claims are keyed, a member applies each once). Crosses silos with its own serializer: the
/// database driver's exceptions do not (Orleans has no codec for them), so grains never let those out (see
/// <c>StorageFailureFilter</c>). The HTTP API answers it with 503 and Retry-After.
/// </summary>
[GenerateSerializer, Alias("cmcm.RetryLaterException")]
public sealed class RetryLaterException : Exception
{
    public RetryLaterException()
    {
    }

    public RetryLaterException(string message)
        : base(message)
    {
    }

    public RetryLaterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
