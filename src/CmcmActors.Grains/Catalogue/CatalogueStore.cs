using System.Collections.Concurrent;
using CmcmActors.Contracts.Catalogue;

namespace CmcmActors.Grains.Catalogue;

/// <summary>
/// Where the reference data changed at run time is durable: draft editions, published editions and the processing
/// times. Published editions are only ever added (an edition in force is never changed, only superseded); only the
/// registry grain publishes and sets processing times, anyone with the admin role may add drafts.
/// </summary>
public interface ICatalogueStore
{
    Task<ReferenceSnapshot> LoadAsync();

    /// <summary>
    /// Adds the edition and marks its draft published, both or neither. False when an edition of the same name or
    /// effective date already exists, or the draft is already published (nothing changed).
    /// </summary>
    Task<bool> PublishAsync(PublishedEdition edition);

    /// <summary>Replaces the processing times; <paramref name="revision"/> is the new revision (the last plus one).</summary>
    Task SaveProcessingTimesAsync(IReadOnlyList<ProcessingTimeRow> rows, long revision, string by);

    Task AddDraftAsync(StoredDraft draft);

    Task<StoredDraft?> GetDraftAsync(string draftId);

    /// <summary>Every draft, newest first, without their JSON.</summary>
    Task<IReadOnlyList<StoredDraft>> ListDraftsAsync();
}

/// <summary>A draft edition as uploaded (its JSON validated when uploaded); <see cref="PublishedFrom"/> once published.</summary>
public sealed record StoredDraft(
    string DraftId,
    string Edition,
    DateOnly EffectiveFrom,
    int BenefitCount,
    string Json,
    DateTimeOffset UploadedAt,
    string UploadedBy,
    DateOnly? PublishedFrom);

/// <summary>The embedded default: one store per Orleans service id in this process, so every silo of an in-process cluster shares it.</summary>
public sealed class MemoryCatalogueStore : ICatalogueStore
{
    private static readonly ConcurrentDictionary<string, MemoryCatalogueStore> Services = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly List<PublishedEdition> _editions = [];
    private readonly Dictionary<string, StoredDraft> _drafts = new(StringComparer.Ordinal);
    private IReadOnlyList<ProcessingTimeRow> _times = [];
    private long _timesRevision;

    public static MemoryCatalogueStore For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryCatalogueStore());

    public Task<ReferenceSnapshot> LoadAsync()
    {
        lock (_lock)
        {
            return Task.FromResult(new ReferenceSnapshot(_editions.Count + _timesRevision, [.. _editions], _times));
        }
    }

    public Task<bool> PublishAsync(PublishedEdition edition)
    {
        lock (_lock)
        {
            if (_editions.Any(e => e.EffectiveFrom == edition.EffectiveFrom || string.Equals(e.Edition, edition.Edition, StringComparison.OrdinalIgnoreCase))
                || !_drafts.TryGetValue(edition.DraftId, out var draft) || draft.PublishedFrom is not null)
            {
                return Task.FromResult(false);
            }

            _editions.Add(edition);
            _drafts[edition.DraftId] = draft with { PublishedFrom = edition.EffectiveFrom };
            return Task.FromResult(true);
        }
    }

    public Task SaveProcessingTimesAsync(IReadOnlyList<ProcessingTimeRow> rows, long revision, string by)
    {
        lock (_lock)
        {
            _times = [.. rows];
            _timesRevision = revision;
        }

        return Task.CompletedTask;
    }

    public Task AddDraftAsync(StoredDraft draft)
    {
        lock (_lock)
        {
            _drafts.Add(draft.DraftId, draft);
        }

        return Task.CompletedTask;
    }

    public Task<StoredDraft?> GetDraftAsync(string draftId)
    {
        lock (_lock)
        {
            return Task.FromResult(_drafts.GetValueOrDefault(draftId));
        }
    }

    public Task<IReadOnlyList<StoredDraft>> ListDraftsAsync()
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredDraft>>([.. _drafts.Values.OrderByDescending(d => d.UploadedAt).ThenBy(d => d.DraftId, StringComparer.Ordinal).Select(d => d with { Json = "" })]);
        }
    }
}
