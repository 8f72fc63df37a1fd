using CmcmActors.Contracts.Notices;
using Orleans.Concurrency;

namespace CmcmActors.Grains.Notices;

/// <inheritdoc cref="IMemberPresenceGrain"/>
[Reentrant]
public sealed class MemberPresenceGrain(TimeProvider clock) : Grain, IMemberPresenceGrain
{
    private readonly Dictionary<string, DateTimeOffset> _connections = new(StringComparer.Ordinal);

    public Task ArriveAsync(string connectionId, DateTimeOffset until)
    {
        _connections[connectionId] = until;
        return Task.CompletedTask;
    }

    public Task LeaveAsync(string connectionId)
    {
        _connections.Remove(connectionId);
        return Task.CompletedTask;
    }

    public Task<bool> IsPresentAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var expired in _connections.Where(c => c.Value <= now).Select(c => c.Key).ToList())
        {
            _connections.Remove(expired);
        }

        return Task.FromResult(_connections.Count > 0);
    }
}
