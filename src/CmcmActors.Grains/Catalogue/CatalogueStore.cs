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

    /// <summary>
    /// Marks the edition withdrawn (it stays, for the record) and its draft unpublished, both or neither. False when no
    /// edition in use has that name (nothing changed). Only the registry withdraws, after checking it is not in force.
    /// </summary>
    Task<bool> WithdrawAsync(WithdrawnEdition withdrawal);

    Task AddDraftAsync(StoredDraft draft);

    Task<StoredDraft?> GetDraftAsync(string draftId);

    /// <summary>Drafts newest first, without their JSON: at most <paramref name="limit"/>, those after <paramref name="after"/> (a draft of the previous page).</summary>
    Task<IReadOnlyList<StoredDraft>> ListDraftsAsync(StoredDraft? after = null, int limit = int.MaxValue);

    /// <summary>Deletes a draft not published (a published one is the record of its edition).</summary>
    Task<DraftDeletion> DeleteDraftAsync(string draftId);
}

public enum DraftDeletion
{
    Deleted,
    NotFound,
    Published,
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
    private readonly List<WithdrawnEdition> _withdrawn = [];
    private readonly Dictionary<string, StoredDraft> _drafts = new(StringComparer.Ordinal);
    private IReadOnlyList<ProcessingTimeRow> _times = [];
    private long _timesRevision;

    public static MemoryCatalogueStore For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryCatalogueStore());

    public Task<ReferenceSnapshot> LoadAsync()
    {
        lock (_lock)
        {
            return Task.FromResult(new ReferenceSnapshot(_editions.Count + 2 * _withdrawn.Count + _timesRevision, [.. _editions], _times) { Withdrawn = [.. _withdrawn] });
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

    public Task<bool> WithdrawAsync(WithdrawnEdition withdrawal)
    {
        lock (_lock)
        {
            var at = _editions.FindIndex(e => string.Equals(e.Edition, withdrawal.Edition.Edition, StringComparison.OrdinalIgnoreCase));
            if (at < 0)
            {
                return Task.FromResult(false);
            }

            var edition = _editions[at];
            _editions.RemoveAt(at);
            _withdrawn.Add(withdrawal with { Edition = edition });
            if (_drafts.TryGetValue(edition.DraftId, out var draft))
            {
                _drafts[edition.DraftId] = draft with { PublishedFrom = null };
            }

            return Task.FromResult(true);
        }
    }

    public Task<DraftDeletion> DeleteDraftAsync(string draftId)
    {
        lock (_lock)
        {
            if (!_drafts.TryGetValue(draftId, out var draft))
            {
                return Task.FromResult(DraftDeletion.NotFound);
            }

            if (draft.PublishedFrom is not null)
            {
                return Task.FromResult(DraftDeletion.Published);
            }

            _drafts.Remove(draftId);
            return Task.FromResult(DraftDeletion.Deleted);
        }
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

    public Task<IReadOnlyList<StoredDraft>> ListDraftsAsync(StoredDraft? after = null, int limit = int.MaxValue)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredDraft>>([.. _drafts.Values
                .Where(d => after is null || d.UploadedAt < after.UploadedAt || (d.UploadedAt == after.UploadedAt && string.CompareOrdinal(d.DraftId, after.DraftId) > 0))
                .OrderByDescending(d => d.UploadedAt).ThenBy(d => d.DraftId, StringComparer.Ordinal).Take(limit).Select(d => d with { Json = "" })]);
        }
    }
}
