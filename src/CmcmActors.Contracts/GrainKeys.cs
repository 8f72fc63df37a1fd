using System.Buffers;

namespace CmcmActors.Contracts;

/// <summary>
/// Every grain key is prefixed by its kind: string keys that look like numbers would otherwise be parsed as integers
/// by the ADO.NET storage ("20235" and "020235" would share state), and two grain kinds could share a row.
/// </summary>
public static class GrainKeys
{
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    public const int MaxIdLength = 64;

    public static string Family(string familyId) => "family/" + Checked(familyId, nameof(familyId));

    public static string Member(string memberId) => "member/" + Checked(memberId, nameof(memberId));

    /// <summary>The member id without case (upper case), for <see cref="Members.IMemberIdGrain"/>.</summary>
    public static string MemberSpelling(string memberId) => "member-id/" + Checked(memberId, nameof(memberId)).ToUpperInvariant();

    public static string MemberArchive(string memberId, int page) => "member-archive/" + Checked(memberId, nameof(memberId)) + "/" + page.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A claim is identified by its member and the invoice reference: submitting the same pair twice is the same claim.</summary>
    public static string Claim(string memberId, string invoiceReference) =>
        "claim/" + Checked(memberId, nameof(memberId)) + "/" + Checked(invoiceReference, nameof(invoiceReference));

    /// <summary>The claim id users see: member and invoice reference.</summary>
    public static string ClaimId(string memberId, string invoiceReference) => Checked(memberId, nameof(memberId)) + "/" + Checked(invoiceReference, nameof(invoiceReference));

    /// <summary>True when <paramref name="id"/> is 1 to 64 letters, digits, '-', '_' or '.'.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && !id.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>True when <paramref name="claimId"/> is a member id and an invoice reference joined by '/'.</summary>
    public static bool IsClaimId(string? claimId) =>
        claimId?.Split('/') is [var member, var invoice] && IsValidId(member) && IsValidId(invoice);

    public static (string MemberId, string InvoiceReference) ParseClaimKey(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || parts[0] != "claim")
        {
            throw new ArgumentException($"'{key}' is not a claim key.", nameof(key));
        }

        return (parts[1], parts[2]);
    }

    private static string Checked(string id, string name) =>
        IsValidId(id) ? id : throw new ArgumentException($"'{id}' is not a valid id: 1 to {MaxIdLength} letters, digits, '-', '_' or '.'.", name);
}
