using Microsoft.AspNetCore.SignalR;

namespace CmcmActors.Host.Logging;

/// <summary>
/// A refused hub call (a <see cref="HubException"/>: a foreign family, an unknown id) is an expected answer, logged at
/// Debug without its message (which names the family or member); any other exception is a fault, logged as an error.
/// The caller receives the same error either way.
/// </summary>
public sealed partial class HubFailureLogging(ILogger<HubFailureLogging> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException)
        {
            LogRefused(logger, invocationContext.HubMethodName);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e, invocationContext.HubMethodName);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live: hub call {Method} refused")]
    private static partial void LogRefused(ILogger logger, string method);

    [LoggerMessage(Level = LogLevel.Error, Message = "Live: hub call {Method} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method);
}
