using CmcmActors.Contracts.Notifications;

namespace CmcmActors.Grains.Notifications;

/// <summary>
/// The one seam through which grains tell the outside world what changed. The host connects it to SignalR; grains
/// never reference SignalR. Publishing is best effort: a lost notification is repaired by the client re-reading.
/// </summary>
public interface INotificationPublisher
{
    ValueTask PublishAsync(CmcmEvent notification);
}

/// <summary>Used when nothing listens (the command-line and the embedded default without a web host).</summary>
public sealed class NoNotificationPublisher : INotificationPublisher
{
    public ValueTask PublishAsync(CmcmEvent notification) => ValueTask.CompletedTask;
}
