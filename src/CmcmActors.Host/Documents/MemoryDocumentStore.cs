namespace CmcmActors.Host.Documents;

/// <summary>The store of the embedded default: everything in this process, gone when it stops (like the in-memory grains).</summary>
public sealed class MemoryDocumentStore : IDocumentStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, byte[]> _contents = new(StringComparer.Ordinal);
    private readonly List<StoredDocument> _documents = [];

    public async Task<DocumentAddResult> AddAsync(DocumentOwner owner, IReadOnlyList<NewDocument> documents, string sentBy, bool sentByStaff, DateTimeOffset at,
        int maxFiles, CancellationToken cancellationToken)
    {
        // Read before taking the lock: the files are checked temporary files, and a lock is no place to wait for a disk.
        var contents = new List<byte[]>(documents.Count);
        foreach (var document in documents)
        {
            contents.Add(await File.ReadAllBytesAsync(document.ContentPath, cancellationToken));
        }

        lock (_lock)
        {
            var held = _documents.Where(d => Owns(owner, d)).ToList();
            var fresh = documents.Select(d => d.Sha256).Distinct(StringComparer.Ordinal).Count(sha => !held.Any(h => h.Sha256 == sha));
            if (held.Count + fresh > maxFiles)
            {
                return new DocumentAddResult(null, held.Count);
            }

            var added = new List<StoredDocument>(documents.Count);
            for (var i = 0; i < documents.Count; i++)
            {
                var document = documents[i];
                if (held.Concat(added).FirstOrDefault(h => h.Sha256 == document.Sha256) is { } existing)
                {
                    added.Add(existing);
                    continue;
                }

                _contents.TryAdd(document.Sha256, contents[i]);
                var stored = new StoredDocument(DocumentIds.New(), document.Sha256, owner.FamilyId, owner.MemberId, owner.ClaimId, document.Type, document.FileName,
                    document.ContentType, document.Size, sentBy, sentByStaff, at);
                _documents.Add(stored);
                held.Add(stored);
                added.Add(stored);
            }

            return new DocumentAddResult(added.DistinctBy(d => d.DocumentId).ToList(), held.Count);
        }
    }

    public Task<IReadOnlyList<StoredDocument>> ListForClaimAsync(string claimId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredDocument>>([.. _documents.Where(d => d.ClaimId == claimId)]);
        }
    }

    public Task<IReadOnlyList<StoredDocument>> ListWithoutClaimAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredDocument>>([.. _documents.Where(d => d.ClaimId is null && d.MemberId == memberId)]);
        }
    }

    public Task<StoredDocument?> GetAsync(string documentId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_documents.FirstOrDefault(d => d.DocumentId == documentId));
        }
    }

    public async Task<bool> CopyContentAsync(string sha256, Stream destination, CancellationToken cancellationToken)
    {
        byte[]? content;
        lock (_lock)
        {
            _contents.TryGetValue(sha256, out content);
        }

        if (content is null)
        {
            return false;
        }

        await destination.WriteAsync(content, cancellationToken);
        return true;
    }

    public Task<StoredDocument?> ConfirmAsync(string documentId, string requiredDocument, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _documents.FindIndex(d => d.DocumentId == documentId);
            if (index < 0)
            {
                return Task.FromResult<StoredDocument?>(null);
            }

            _documents[index] = _documents[index] with { ConfirmedAs = requiredDocument, ConfirmedBy = by, ConfirmedAt = at };
            return Task.FromResult<StoredDocument?>(_documents[index]);
        }
    }

    private static bool Owns(DocumentOwner owner, StoredDocument document) =>
        document.MemberId == owner.MemberId && document.ClaimId == owner.ClaimId;
}

/// <summary>A file's id: random (a content hash would tell who holds which bytes), the characters every id of the API allows.</summary>
public static class DocumentIds
{
    public static string New() => "D-" + Guid.NewGuid().ToString("N");
}
