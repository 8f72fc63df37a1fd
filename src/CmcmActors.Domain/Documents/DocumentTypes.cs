namespace CmcmActors.Domain.Documents;

/// <summary>
/// What a member says a file is. A claim's files are its invoice, the statutory fund's statement, or another proof; a
/// file that belongs to no claim is a proof the CMCM keeps on the member (a child's school certificate, a proof of
/// household). The type is the sender's word: which required document a file is, is for staff to confirm.
/// </summary>
public static class DocumentTypes
{
    public const string Invoice = "invoice";
    public const string FundStatement = "fund-statement";
    public const string SchoolCertificate = "school-certificate";
    public const string ProofOfHousehold = "proof-of-household";
    public const string Other = "other";

    /// <summary>The types of a claim's files.</summary>
    public static readonly IReadOnlyList<string> OfClaim = [Invoice, FundStatement, Other];

    /// <summary>The types of a member's files that belong to no claim.</summary>
    public static readonly IReadOnlyList<string> OfMember = [SchoolCertificate, ProofOfHousehold, Other];

    public static bool IsValid(string type, bool forClaim) => (forClaim ? OfClaim : OfMember).Contains(type, StringComparer.Ordinal);
}
