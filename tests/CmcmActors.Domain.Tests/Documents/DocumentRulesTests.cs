using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Documents;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Documents;

/// <summary>The rules of members' files: format by content, the limits, and what a clerk's confirmation does.</summary>
public sealed class DocumentRulesTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46 }, DocumentFormat.Jpeg)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1, 0x12, 0x34, 0x45, 0x78 }, DocumentFormat.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, DocumentFormat.Png)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, DocumentFormat.Pdf)]
    public void DocumentFormat_KnownMagicBytes_Detected(byte[] head, DocumentFormat expected) =>
        Assert.Equal(expected, DocumentFormats.Detect(head));

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00 })] // a Windows executable (MZ)
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00 })] // GIF89a
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70 })] // HEIC (ftyp)
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A })] // a PNG signature cut short
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46 })] // "%PDF" without the dash
    [InlineData(new byte[] { })]
    public void DocumentFormat_AnythingElse_Null(byte[] head) => Assert.Null(DocumentFormats.Detect(head));

    [Theory]
    [InlineData(DocumentFormat.Jpeg, "image/jpeg")]
    [InlineData(DocumentFormat.Png, "image/png")]
    [InlineData(DocumentFormat.Pdf, "application/pdf")]
    public void DocumentFormat_ContentType_FromTheFormatNotTheClient(DocumentFormat format, string contentType) =>
        Assert.Equal(contentType, DocumentFormats.ContentType(format));

    [Theory]
    [InlineData(0, 20, true)]
    [InlineData(19, 1, true)]
    [InlineData(19, 2, false)]
    [InlineData(20, 1, false)]
    public void DocumentLimits_FilesPerClaim_TwentyAtMost(int held, int adding, bool fits) =>
        Assert.Equal(fits, DocumentLimits.Default.Fits(held, adding));

    [Theory]
    [InlineData(10L * 1024 * 1024, true)]
    [InlineData((10L * 1024 * 1024) + 1, false)]
    public void DocumentLimits_FileSize_TenMegabytesAtMost(long bytes, bool fits)
    {
        Assert.Equal(fits, DocumentLimits.Default.FileFits(bytes));
        Assert.Equal("10 MB", DocumentLimits.Default.DescribeFileLimit());
    }

    [Theory]
    [InlineData("invoice", true, true)]
    [InlineData("fund-statement", true, true)]
    [InlineData("school-certificate", true, false)]
    [InlineData("school-certificate", false, true)]
    [InlineData("proof-of-household", false, true)]
    [InlineData("invoice", false, false)]
    [InlineData("other", false, true)]
    [InlineData("Invoice", true, false)]
    public void DocumentTypes_ClaimAndMemberTypes_Distinct(string type, bool forClaim, bool valid) =>
        Assert.Equal(valid, DocumentTypes.IsValid(type, forClaim));

    private static readonly ClaimLine Trip = new("ASSIST.TRIP.CANCEL", new DateOnly(2026, 9, 15), M.FromEuros(900m), M.Zero);

    [Fact]
    public void DocumentConfirmation_RequiredBy_TheBenefitsOfTheClaimsLines() =>
        Assert.Equal(["travel-invoices", "provider-refund-decision", "death-certificate"], DocumentConfirmation.RequiredBy(CatalogueSet.BuiltIn, [Trip]));

    [Fact]
    public void DocumentConfirmation_RequiredBy_ABenefitWithoutDocuments_None() =>
        Assert.Empty(DocumentConfirmation.RequiredBy(CatalogueSet.BuiltIn, [Trip with { BenefitCode = "DO.OPTIC.FRAMES" }]));

    [Fact]
    public void DocumentConfirmation_PendedClaimRequiresIt_Resolve() =>
        Assert.Equal((ConfirmationOutcome.Resolve, "travel-invoices"), DocumentConfirmation.Decide(true, ["travel-invoices", "provider-refund-decision"], [Trip], "Travel-Invoices"));

    [Fact]
    public void DocumentConfirmation_AlreadyCounted_RecordOnly() =>
        Assert.Equal((ConfirmationOutcome.RecordOnly, "travel-invoices"),
            DocumentConfirmation.Decide(false, ["travel-invoices"], [Trip with { Documents = ["travel-invoices"] }], "travel-invoices"));

    [Fact]
    public void DocumentConfirmation_NotRequiredByTheClaim_NotRequired() =>
        Assert.Equal((ConfirmationOutcome.NotRequired, null), DocumentConfirmation.Decide(true, ["travel-invoices"], [Trip], "school-certificate"));

    [Fact]
    public void DocumentConfirmation_DecidedClaimNeverCountedIt_NotPended() =>
        Assert.Equal((ConfirmationOutcome.NotPended, "travel-invoices"), DocumentConfirmation.Decide(false, ["travel-invoices"], [Trip], "travel-invoices"));
}
