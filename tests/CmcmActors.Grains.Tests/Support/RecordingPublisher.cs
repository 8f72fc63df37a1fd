using System.Collections.Concurrent;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Grains.Notifications;

namespace CmcmActors.Grains.Tests.Support;

/// <summary>Keeps every notification the grains publish, for assertions.</summary>
public sealed class RecordingPublisher : INotificationPublisher
{
    public ConcurrentQueue<CmcmEvent> Events { get; } = new();

    public ValueTask PublishAsync(CmcmEvent notification)
    {
        Events.Enqueue(notification);
        return ValueTask.CompletedTask;
    }
}
