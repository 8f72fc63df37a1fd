using Orleans;

namespace CmcmActors.Host.Tests.Support;

/// <summary>
/// Makes every call to a grain whose key contains <see cref="Marker"/> fail as a lost database would, so that a test
/// can see how the API answers when storage is down. Calls to other grains are untouched.
/// </summary>
public sealed class StorageFaults : IIncomingGrainCallFilter
{
    public const string Marker = "STORAGE-DOWN";

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetId.Key.ToString()!.Contains(Marker, StringComparison.Ordinal))
        {
            throw new Npgsql.NpgsqlException("Failed to connect to the database (injected by the tests).");
        }

        return context.Invoke();
    }
}
