using System.Collections.Concurrent;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Grains.Notifications;

namespace CmcmActors.Grains.Tests.Support;

/// <summary>Keeps every notification the grains publish, for assertions.</summary>
public sealed class RecordingPublisher : INotificationPublisher
{
    private TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private volatile Func<CmcmEvent, bool>? _failWhen;

    public ConcurrentQueue<CmcmEvent> Events { get; } = new();

    public ValueTask PublishAsync(CmcmEvent notification)
    {
        if (_failWhen?.Invoke(notification) == true)
        {
            return ValueTask.FromException(new InvalidOperationException("The notification channel is down (test)."));
        }

        Events.Enqueue(notification);
        Interlocked.Exchange(ref _published, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The first notification of type <typeparamref name="T"/> that matches, waiting for it when it is not published
    /// yet: a grain may publish after it has answered.
    /// </summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
        where T : CmcmEvent =>
        (await WaitForAsync(match, 1, timeout))[0];

    /// <summary>The first <paramref name="count"/> notifications that match, waiting until that many are published.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<T, bool> match, int count, TimeSpan? timeout = null)
        where T : CmcmEvent
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = Volatile.Read(ref _published).Task;
            var found = Events.OfType<T>().Where(match).Take(count).ToArray();
            if (found.Length == count)
            {
                return found;
            }

            await next.WaitAsync(cancel.Token);
        }
    }

    /// <summary>Until disposed, publishing a notification that matches fails, as a broken channel to the web hosts would.</summary>
    public IDisposable FailWhen(Func<CmcmEvent, bool> match)
    {
        _failWhen = match;
        return new Restore(this);
    }

    public IReadOnlyList<ClaimStatusChanged> StatusChangesOf(string claimId) =>
        Events.OfType<ClaimStatusChanged>().Where(e => e.ClaimId == claimId).ToArray();

    private sealed class Restore(RecordingPublisher publisher) : IDisposable
    {
        public void Dispose() => publisher._failWhen = null;
    }
}
