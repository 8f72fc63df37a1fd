namespace CmcmActors.Host.Documents;

/// <summary>Whose a file is: a member of a family, and the claim it belongs to (null for a proof kept on the member).</summary>
public sealed record DocumentOwner(string FamilyId, string MemberId, string? ClaimId);

/// <summary>
/// A stored file's description. <see cref="Sha256"/> names its content (the same bytes are stored once);
/// <see cref="ConfirmedAs"/> is the required document staff confirmed it to be, null until then.
/// </summary>
public sealed record StoredDocument(
    string DocumentId,
    string Sha256,
    string FamilyId,
    string MemberId,
    string? ClaimId,
    string Type,
    string FileName,
    string ContentType,
    long Size,
    string SentBy,
    bool SentByStaff,
    DateTimeOffset SentAt,
    string? ConfirmedAs = null,
    string? ConfirmedBy = null,
    DateTimeOffset? ConfirmedAt = null);

/// <summary>A checked file waiting to be stored: its content is the file at <see cref="ContentPath"/> (a temporary file).</summary>
public sealed record NewDocument(string Sha256, string Type, string FileName, string ContentType, long Size, string ContentPath);

/// <summary>What an upload stored: the files (those already held by the owner are answered as they were), or that it would pass the limit.</summary>
public sealed record DocumentAddResult(IReadOnlyList<StoredDocument>? Added, int Held)
{
    public bool TooMany => Added is null;
}

/// <summary>
/// The files members and staff send: content-addressed (SHA-256 of the stored bytes), with who sent what for whom and
/// when. In memory on the embedded default, the tables of deploy/sql/012-documents.sql on PostgreSQL. An upload is
/// stored whole or not at all; the limit of files per owner holds under concurrent uploads. Nothing here is logged.
/// </summary>
public interface IDocumentStore
{
    /// <summary>
    /// Stores <paramref name="documents"/> for <paramref name="owner"/> in one step, unless the owner would then hold more
    /// than <paramref name="maxFiles"/>. A file whose bytes the owner already holds is not stored twice (a retried upload).
    /// </summary>
    Task<DocumentAddResult> AddAsync(DocumentOwner owner, IReadOnlyList<NewDocument> documents, string sentBy, bool sentByStaff, DateTimeOffset at,
        int maxFiles, CancellationToken cancellationToken);

    /// <summary>A claim's files, in the order they were sent.</summary>
    Task<IReadOnlyList<StoredDocument>> ListForClaimAsync(string claimId, CancellationToken cancellationToken);

    /// <summary>A member's files that belong to no claim, in the order they were sent.</summary>
    Task<IReadOnlyList<StoredDocument>> ListWithoutClaimAsync(string memberId, CancellationToken cancellationToken);

    Task<StoredDocument?> GetAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>Copies the file's content to <paramref name="destination"/>; false when the content is not there.</summary>
    Task<bool> CopyContentAsync(string sha256, Stream destination, CancellationToken cancellationToken);

    /// <summary>Records that staff confirmed the file to be <paramref name="requiredDocument"/>; the file as it now stands, or null when unknown.</summary>
    Task<StoredDocument?> ConfirmAsync(string documentId, string requiredDocument, string by, DateTimeOffset at, CancellationToken cancellationToken);
}
