using System.Collections.Concurrent;
using CmcmActors.Grains.Journal;
using Microsoft.Extensions.DependencyInjection;

namespace CmcmActors.Grains.Tests.Support;

/// <summary>
/// Wraps a silo's journal: measures what each member's appends write (the JSON bytes of head, totals and claims, as
/// stored) and can make a member's next appends fail, to test what a failed write leaves behind.
/// </summary>
public sealed class JournalProbe(IMemberJournal inner) : IMemberJournal
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _bytes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Left, int RetryAfterSeconds)> _overloads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);

    public IMemberJournal Inner => inner;

    /// <summary>Bytes of every append of <paramref name="memberId"/>, in order.</summary>
    public IReadOnlyList<long> AppendsOf(string memberId) => _bytes.TryGetValue(memberId, out var q) ? [.. q] : [];

    /// <summary>The next <paramref name="count"/> appends of the member fail as if the database were down.</summary>
    public void FailNextAppends(string memberId, int count) => _failures[memberId] = count;

    /// <summary>
    /// The next <paramref name="count"/> appends of the member are refused as a full journal refuses them
    /// (<see cref="Contracts.JournalOverloadedException"/>, Retry-After <paramref name="retryAfterSeconds"/>), before
    /// anything is written.
    /// </summary>
    public void OverloadNextAppends(string memberId, int count, int retryAfterSeconds) =>
        _overloads[memberId] = (count, retryAfterSeconds);

    /// <summary>
    /// The member's appends wait until the returned source is completed (<see cref="Held"/> completes when the first
    /// one is waiting): to stop a member in the middle of a write.
    /// </summary>
    public TaskCompletionSource HoldAppends(string memberId)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holds[memberId] = release;
        return release;
    }

    /// <summary>Completes when an append of a held member is waiting.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task AppendAsync(MemberAppend append)
    {
        if (_holds.TryGetValue(append.MemberId, out var release))
        {
            Held.TrySetResult();
            await release.Task;
        }

        if (_overloads.TryGetValue(append.MemberId, out var overload) && overload.Left > 0)
        {
            _overloads[append.MemberId] = overload with { Left = overload.Left - 1 };
            throw new Contracts.JournalOverloadedException("The journal is full (injected).", overload.RetryAfterSeconds);
        }

        if (_failures.TryGetValue(append.MemberId, out var left) && left > 0)
        {
            _failures[append.MemberId] = left - 1;
            throw new TimeoutException("The journal did not answer (injected).");
        }

        var bytes = JournalJson.Write(append.Head).Length
            + append.Totals.Sum(t => (long)JournalJson.Write(t).Length)
            + append.Claims.Sum(c => (long)JournalJson.Write(c).Length);
        _bytes.GetOrAdd(append.MemberId, _ => new ConcurrentQueue<long>()).Enqueue(bytes);
        await inner.AppendAsync(append);
    }

    public Task<MemberSnapshot?> LoadAsync(string memberId) => inner.LoadAsync(memberId);

    public Task<JournaledClaim?> ReadClaimAsync(string memberId, string claimId) => inner.ReadClaimAsync(memberId, claimId);

    public Task<IReadOnlyList<JournaledClaim>> ReadClaimsAsync(string memberId, Contracts.Claims.ClaimCursor? after = null, int limit = int.MaxValue, bool newestFirst = false) =>
        inner.ReadClaimsAsync(memberId, after, limit, newestFirst);

    public Task<IReadOnlyList<Contracts.Claims.ClaimRecord>> ReadPendedAsync(Contracts.Claims.ClaimCursor? after = null, int limit = int.MaxValue) =>
        inner.ReadPendedAsync(after, limit);

    /// <summary>Replaces the silo's journal registration by a probe around it.</summary>
    public static void Install(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IMemberJournal));
        services.Remove(registered);
        services.AddSingleton(sp => new JournalProbe((IMemberJournal)registered.ImplementationFactory!(sp)));
        services.AddSingleton<IMemberJournal>(sp => sp.GetRequiredService<JournalProbe>());
    }
}

/// <summary>Counts the grain calls a silo receives, by interface and method (registered as an incoming call filter).</summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public int Total => _calls.Values.Sum();

    public IReadOnlyDictionary<string, int> ByMethod => new Dictionary<string, int>(_calls);

    public void Reset() => _calls.Clear();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var name = context.InterfaceMethod.DeclaringType!.Name + "." + context.InterfaceMethod.Name;
        if (!name.StartsWith("IMembershipService", StringComparison.Ordinal) && context.InterfaceMethod.DeclaringType.Namespace?.StartsWith("CmcmActors", StringComparison.Ordinal) == true)
        {
            _calls.AddOrUpdate(name, 1, (_, n) => n + 1);
        }

        return context.Invoke();
    }
}
