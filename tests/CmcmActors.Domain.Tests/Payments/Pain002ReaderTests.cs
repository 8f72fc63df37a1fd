using System.Text;
using CmcmActors.Domain.Payments.Sepa;

namespace CmcmActors.Domain.Tests.Payments;

/// <summary>pain.002.001.10 status reports: accepted, rejected with reasons, not a report at all.</summary>
public sealed class Pain002ReaderTests
{
    private const string Accepted = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
          <CstmrPmtStsRpt>
            <GrpHdr><MsgId>BCEE-STS-0001</MsgId><CreDtTm>2026-12-09T08:00:00+01:00</CreDtTm></GrpHdr>
            <OrgnlGrpInfAndSts>
              <OrgnlMsgId>CMCM-RUN-20261207-1</OrgnlMsgId>
              <OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>
              <OrgnlNbOfTxs>2</OrgnlNbOfTxs>
              <GrpSts>ACCP</GrpSts>
            </OrgnlGrpInfAndSts>
          </CstmrPmtStsRpt>
        </Document>
        """;

    private const string PartlyRejected = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
          <CstmrPmtStsRpt>
            <GrpHdr><MsgId>BCEE-STS-0002</MsgId><CreDtTm>2026-12-09T08:00:00+01:00</CreDtTm></GrpHdr>
            <OrgnlGrpInfAndSts>
              <OrgnlMsgId>CMCM-RUN-20261207-1</OrgnlMsgId>
              <OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>
              <GrpSts>PART</GrpSts>
            </OrgnlGrpInfAndSts>
            <OrgnlPmtInfAndSts>
              <OrgnlPmtInfId>CMCM-RUN-20261207-1-P</OrgnlPmtInfId>
              <TxInfAndSts>
                <OrgnlEndToEndId>PAY-000001</OrgnlEndToEndId>
                <TxSts>RJCT</TxSts>
                <StsRsnInf><Rsn><Cd>AC01</Cd></Rsn><AddtlInf>IBAN unknown</AddtlInf><AddtlInf>at the beneficiary bank</AddtlInf></StsRsnInf>
              </TxInfAndSts>
              <TxInfAndSts>
                <OrgnlEndToEndId>PAY-000002</OrgnlEndToEndId>
                <TxSts>RJCT</TxSts>
                <StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf>
              </TxInfAndSts>
              <TxInfAndSts>
                <OrgnlEndToEndId>PAY-000003</OrgnlEndToEndId>
                <TxSts>ACCP</TxSts>
              </TxInfAndSts>
            </OrgnlPmtInfAndSts>
          </CstmrPmtStsRpt>
        </Document>
        """;

    [Fact]
    public void Read_AcceptedReport_GroupStatusAndNoTransactions()
    {
        var report = Read(Accepted);

        Assert.Equal("BCEE-STS-0001", report.MessageId);
        Assert.Equal("CMCM-RUN-20261207-1", report.OriginalMessageId);
        Assert.Equal("ACCP", report.GroupStatus);
        Assert.Empty(report.Transactions);
    }

    [Fact]
    public void Read_RejectedTransactions_GiveEndToEndIdStatusAndReason()
    {
        var report = Read(PartlyRejected);

        Assert.Equal("PART", report.GroupStatus);
        Assert.Equal(
            [
                new Pain002Transaction("PAY-000001", "RJCT", "AC01", "IBAN unknown at the beneficiary bank"),
                new Pain002Transaction("PAY-000002", "RJCT", "AC04", null),
                new Pain002Transaction("PAY-000003", "ACCP", null, null),
            ],
            report.Transactions);
        Assert.True(report.Transactions[0].IsRejected);
        Assert.False(report.Transactions[2].IsRejected);
    }

    [Fact]
    public void Read_TransactionWithoutTxSts_TakesPaymentInformationStatus()
    {
        var xml = PartlyRejected
            .Replace("<OrgnlPmtInfId>CMCM-RUN-20261207-1-P</OrgnlPmtInfId>", "<OrgnlPmtInfId>P</OrgnlPmtInfId><PmtInfSts>ACSC</PmtInfSts>", StringComparison.Ordinal)
            .Replace("<TxSts>ACCP</TxSts>", string.Empty, StringComparison.Ordinal);

        Assert.Equal("ACSC", Read(xml).Transactions[2].Status);
    }

    [Fact]
    public void Read_Pain001InsteadOfStatusReport_NamesDocumentNamespace()
    {
        var error = Assert.Throws<Pain002FormatException>(() =>
            Read("""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>"""));
        Assert.StartsWith("Document: expected the root element Document in namespace urn:iso:std:iso:20022:tech:xsd:pain.002.001.10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownStructure_NamesTheElement()
    {
        var error = Assert.Throws<Pain002FormatException>(() =>
            Read("""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><Report/></Document>"""));
        Assert.StartsWith("CstmrPmtStsRpt:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TransactionWithoutEndToEndId_NamesOrgnlEndToEndId()
    {
        var error = Assert.Throws<Pain002FormatException>(() =>
            Read(PartlyRejected.Replace("<OrgnlEndToEndId>PAY-000002</OrgnlEndToEndId>", string.Empty, StringComparison.Ordinal)));
        Assert.Equal("TxInfAndSts/OrgnlEndToEndId: missing or empty.", error.Message);
    }

    [Fact]
    public void Read_MissingOriginalGroup_NamesOrgnlGrpInfAndSts()
    {
        var error = Assert.Throws<Pain002FormatException>(() => Read("""
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt><GrpHdr><MsgId>X</MsgId></GrpHdr></CstmrPmtStsRpt></Document>
            """));
        Assert.Equal("OrgnlGrpInfAndSts: missing.", error.Message);
    }

    [Fact]
    public void Read_NotXml_IsAFormatError()
    {
        Assert.Throws<Pain002FormatException>(() => Read("IBAN;Amount\nLU28;12.00"));
    }

    [Fact]
    public void Read_DocumentTypeDeclaration_RefusedBeforeAnyEntityIsExpanded()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>&x;</CstmrPmtStsRpt></Document>
            """;
        var error = Assert.Throws<Pain002FormatException>(() => Read(xml));
        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AC01", "en", "Account number incorrect")]
    [InlineData("AC04", "fr", "Compte clôturé")]
    [InlineData("AM05", "de", "Doppelte Zahlung")]
    [InlineData("MD07", "en", "Account holder deceased")]
    [InlineData("ZZ99", "en", "Bank reason ZZ99")]
    [InlineData(null, "fr", "Rejeté par la banque, sans motif")]
    public void SepaReturnReasons_Describe_PlainWords(string? code, string language, string expected)
    {
        Assert.Equal(expected, SepaReturnReasons.Describe(code, language));
    }

    private static Pain002Report Read(string xml) => Pain002Reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
}
