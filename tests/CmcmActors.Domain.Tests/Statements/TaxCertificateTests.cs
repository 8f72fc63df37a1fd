using CmcmActors.Domain.Statements;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Statements;

public sealed class TaxCertificateTests
{
    private static PaidClaim Paid(string invoice, string decided, decimal paid, bool reversed = false, string care = "2026-03-01") =>
        new(invoice, DateOnly.Parse(care, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(decided, System.Globalization.CultureInfo.InvariantCulture), Eur(paid), reversed);

    [Fact]
    public void TaxCertificate_ClaimsDecidedInTheYear_ListedInOrderWithTheirTotal()
    {
        var certificate = TaxCertificate.For(2026, [Paid("B", "2026-06-02", 1300.00m), Paid("A", "2026-02-10", 85.55m), Paid("C", "2026-12-31", 0.01m)]);

        Assert.Equal(["A", "B", "C"], certificate.Claims.Select(c => c.InvoiceReference));
        Assert.Equal(Eur(1385.56m), certificate.Total);
    }

    [Fact]
    public void TaxCertificate_CareInDecemberPaidInJanuary_CountsInTheYearOfPayment()
    {
        var claims = new[] { Paid("X", "2027-01-04", 200.00m, care: "2026-12-20") };

        Assert.Empty(TaxCertificate.For(2026, claims).Claims);
        Assert.Equal(Eur(200.00m), TaxCertificate.For(2027, claims).Total);
    }

    [Fact]
    public void TaxCertificate_ReversedOrUnpaidClaims_NotListed()
    {
        var certificate = TaxCertificate.For(2026, [Paid("R", "2026-05-01", 500.00m, reversed: true), Paid("Z", "2026-05-01", 0m), Paid("P", "2026-05-01", 40.00m)]);

        Assert.Equal("P", Assert.Single(certificate.Claims).InvoiceReference);
        Assert.Equal(Eur(40.00m), certificate.Total);
    }

    [Fact]
    public void TaxCertificate_NothingPaid_EmptyWithZeroTotal()
    {
        var certificate = TaxCertificate.For(2025, [Paid("A", "2026-02-10", 85.55m)]);

        Assert.Equal((0, Eur(0m)), (certificate.Claims.Count, certificate.Total));
    }
}
