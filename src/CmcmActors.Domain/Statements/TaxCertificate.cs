namespace CmcmActors.Domain.Statements;

/// <summary>
/// What the CMCM paid a member in a calendar year, claim by claim and in total: the yearly tax certificate. A claim
/// counts in the year it was decided as it stands (its payment's year), not the year of care: care in December paid in
/// January belongs to January's year. A reversed claim was taken back and counts nowhere; a claim that paid nothing
/// (refused, or nothing left to pay) is not listed.
/// </summary>
public sealed record TaxCertificate(int Year, IReadOnlyList<CertifiedClaim> Claims, Money.Money Total)
{
    public static TaxCertificate For(int year, IEnumerable<PaidClaim> claims)
    {
        var listed = claims
            .Where(c => !c.Reversed && c.DecidedOn.Year == year && c.Paid > Money.Money.Zero)
            .OrderBy(c => c.DecidedOn).ThenBy(c => c.InvoiceReference, StringComparer.Ordinal)
            .Select(c => new CertifiedClaim(c.InvoiceReference, c.FirstDateOfCare, c.DecidedOn, c.Paid))
            .ToArray();
        return new TaxCertificate(year, listed, listed.Aggregate(Money.Money.Zero, (sum, c) => sum + c.Paid));
    }
}

/// <summary>One of the member's claims as the certificate sees it.</summary>
/// <param name="DecidedOn">The date of the decision that stands (for a corrected claim, its latest).</param>
/// <param name="Paid">What the CMCM paid on it as it stands.</param>
public sealed record PaidClaim(string InvoiceReference, DateOnly FirstDateOfCare, DateOnly DecidedOn, Money.Money Paid, bool Reversed);

public sealed record CertifiedClaim(string InvoiceReference, DateOnly FirstDateOfCare, DateOnly PaidOn, Money.Money Paid);
