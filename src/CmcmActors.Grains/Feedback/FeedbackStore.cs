using CmcmActors.Domain.Feedback;

namespace CmcmActors.Grains.Feedback;

/// <summary>
/// Feedback after care, one per claim: the store's key is the claim, so of any number of attempts to give feedback on
/// a claim at once exactly one is kept (a primary key on PostgreSQL, shared by every host; one lock in the embedded
/// default, one silo per process).
/// </summary>
public interface IFeedbackStore
{
    /// <summary>Keeps <paramref name="feedback"/>; false, and nothing changed, when its claim already has feedback.</summary>
    Task<bool> AddAsync(CareFeedback feedback, CancellationToken cancellationToken = default);

    Task<CareFeedback?> GetAsync(string claimId, CancellationToken cancellationToken = default);

    /// <summary>The feedback given from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    Task<IReadOnlyList<CareFeedback>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}

/// <summary>The embedded default: one store per Orleans service id in this process.</summary>
public sealed class MemoryFeedbackStore : IFeedbackStore
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MemoryFeedbackStore> Services = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, CareFeedback> _byClaim = new(StringComparer.Ordinal);

    public static MemoryFeedbackStore For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryFeedbackStore());

    public Task<bool> AddAsync(CareFeedback feedback, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_byClaim.TryAdd(feedback.ClaimId, feedback));
        }
    }

    public Task<CareFeedback?> GetAsync(string claimId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_byClaim.GetValueOrDefault(claimId));
        }
    }

    public Task<IReadOnlyList<CareFeedback>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<CareFeedback> given = [.. _byClaim.Values.Where(f => f.GivenAt >= from && f.GivenAt < to).OrderBy(f => f.GivenAt)];
            return Task.FromResult(given);
        }
    }
}
