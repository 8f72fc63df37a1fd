using System.ComponentModel.DataAnnotations;
using CmcmActors.Host.Documents;

namespace CmcmActors.Host.Api.Documents;

/// <summary>
/// A file a member or staff sent: whose it is (family, member, claim or none), what the sender said it is
/// (<see cref="Type"/>), its name, content type and size, who sent it and when (<see cref="SentByStaff"/>: the CMCM's
/// staff, or the member's side), and which required document staff confirmed it to be. <see cref="Href"/> reads it.
/// </summary>
public sealed record DocumentResponse(
    string DocumentId,
    string FamilyId,
    string MemberId,
    string? ClaimId,
    string Type,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    string SentBy,
    bool SentByStaff,
    DateTimeOffset SentAt,
    string? ConfirmedAs,
    string? ConfirmedBy,
    DateTimeOffset? ConfirmedAt,
    string Href)
{
    public static DocumentResponse From(StoredDocument d) => new(
        d.DocumentId, d.FamilyId, d.MemberId, d.ClaimId, d.Type, d.FileName, d.ContentType, d.Size, d.Sha256, d.SentBy, d.SentByStaff, d.SentAt,
        d.ConfirmedAs, d.ConfirmedBy, d.ConfirmedAt, $"/api/files/{d.DocumentId}");
}

/// <summary>POST /api/files/{documentId}/confirmation: the required document of the file's claim that this file is.</summary>
public sealed class FileConfirmationRequest
{
    /// <summary>One of the documents the claim's benefits require (<c>travel-invoices</c>, <c>death-certificate</c>...).</summary>
    [Required]
    public string? RequiredDocument { get; init; }
}
