using System.Data.Common;
using CmcmActors.Contracts;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Hosting;

/// <summary>
/// Turns a storage failure escaping a grain call into a <see cref="RetryLaterException"/> naming the method and the
/// cause. Without it, a PostgreSQL error (Npgsql's exception types have no Orleans codec) thrown on one silo reaches a
/// caller on another silo as a serialization failure, which the API could only answer with 500; with it, the caller
/// gets an exception it can recognise and the client a 503 with Retry-After.
/// </summary>
public sealed partial class StorageFailureFilter(ILogger<StorageFailureFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (StorageCause(e) is { } cause)
        {
            LogStorageFailure(logger, context.TargetId, context.MethodName, cause.GetType().Name, cause.Message);
            throw new RetryLaterException($"{context.MethodName}: storage did not answer ({cause.GetType().Name}: {cause.Message}); retry.");
        }
    }

    /// <summary>The database error in an exception's chain, if any.</summary>
    public static Exception? StorageCause(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException)
            {
                return e;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage failure in {Grain}.{Method}: {Type}: {Message}; the caller is told to retry")]
    private static partial void LogStorageFailure(ILogger logger, GrainId grain, string method, string type, string message);
}
