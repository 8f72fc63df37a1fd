using System.Xml;
using System.Xml.Linq;

namespace CmcmActors.Domain.Payments.Sepa;

/// <summary>
/// Reads a customer payment status report, ISO 20022 <c>pain.002.001.10</c>: the group status, and per transfer its
/// <c>OrgnlEndToEndId</c>, <c>TxSts</c> and first reason (<c>StsRsnInf/Rsn/Cd</c>, <c>AddtlInf</c>). The file is read
/// with safe settings (no DTD, no external entity, no resolver) and one transfer at a time.
/// </summary>
public static class Pain002Reader
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10";

    private static readonly XNamespace Ns = Namespace;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>Reads the report; throws <see cref="Pain002FormatException"/> naming the element when it is not one.</summary>
    public static Pain002Report Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            using var xml = XmlReader.Create(input, Settings);
            return ReadDocument(xml);
        }
        catch (XmlException e)
        {
            throw new Pain002FormatException($"Not well-formed XML (line {e.LineNumber}): {e.Message}", e);
        }
    }

    private static Pain002Report ReadDocument(XmlReader xml)
    {
        if (xml.MoveToContent() != XmlNodeType.Element || xml.LocalName != "Document" || xml.NamespaceURI != Namespace)
        {
            throw new Pain002FormatException(
                $"Document: expected the root element Document in namespace {Namespace}, found {xml.LocalName} in '{xml.NamespaceURI}'.");
        }

        xml.Read();
        if (xml.MoveToContent() != XmlNodeType.Element || xml.LocalName != "CstmrPmtStsRpt" || xml.NamespaceURI != Namespace)
        {
            throw new Pain002FormatException($"CstmrPmtStsRpt: expected under Document, found {xml.LocalName}.");
        }

        xml.Read();
        string? messageId = null;
        string? originalMessageId = null;
        string? groupStatus = null;
        var transactions = new List<Pain002Transaction>();
        while (xml.MoveToContent() == XmlNodeType.Element)
        {
            switch (xml.LocalName)
            {
                case "GrpHdr":
                    var header = (XElement)XNode.ReadFrom(xml);
                    messageId = Required(header, "GrpHdr/MsgId", "MsgId");
                    break;
                case "OrgnlGrpInfAndSts":
                    var group = (XElement)XNode.ReadFrom(xml);
                    originalMessageId = Required(group, "OrgnlGrpInfAndSts/OrgnlMsgId", "OrgnlMsgId");
                    groupStatus = Optional(group, "GrpSts");
                    break;
                case "OrgnlPmtInfAndSts":
                    ReadPaymentInformation(xml, groupStatus, transactions);
                    break;
                default:
                    xml.Skip();
                    break;
            }
        }

        if (messageId is null)
        {
            throw new Pain002FormatException("GrpHdr: missing.");
        }

        if (originalMessageId is null)
        {
            throw new Pain002FormatException("OrgnlGrpInfAndSts: missing.");
        }

        if (groupStatus is null && transactions.Count == 0)
        {
            throw new Pain002FormatException("OrgnlGrpInfAndSts/GrpSts: missing, and no TxInfAndSts gives a status.");
        }

        return new Pain002Report(messageId, originalMessageId, groupStatus, transactions);
    }

    private static void ReadPaymentInformation(XmlReader xml, string? groupStatus, List<Pain002Transaction> transactions)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return;
        }

        xml.Read();
        string? paymentInformationStatus = null;
        while (xml.MoveToContent() == XmlNodeType.Element)
        {
            switch (xml.LocalName)
            {
                case "PmtInfSts":
                    paymentInformationStatus = xml.ReadElementContentAsString().Trim();
                    break;
                case "TxInfAndSts":
                    var transaction = (XElement)XNode.ReadFrom(xml);
                    transactions.Add(ReadTransaction(transaction, paymentInformationStatus ?? groupStatus));
                    break;
                default:
                    xml.Skip();
                    break;
            }
        }

        xml.ReadEndElement();
    }

    private static Pain002Transaction ReadTransaction(XElement transaction, string? inheritedStatus)
    {
        var endToEndId = Required(transaction, "TxInfAndSts/OrgnlEndToEndId", "OrgnlEndToEndId");
        var status = Optional(transaction, "TxSts") ?? inheritedStatus
            ?? throw new Pain002FormatException($"TxInfAndSts/TxSts: missing for {endToEndId}, and no PmtInfSts or GrpSts to take it from.");
        var reason = transaction.Element(Ns + "StsRsnInf");
        var code = reason?.Element(Ns + "Rsn")?.Element(Ns + "Cd")?.Value.Trim()
            ?? reason?.Element(Ns + "Rsn")?.Element(Ns + "Prtry")?.Value.Trim();
        var additional = reason?.Elements(Ns + "AddtlInf").Select(e => e.Value.Trim()).ToArray() is { Length: > 0 } lines
            ? string.Join(' ', lines)
            : null;
        return new Pain002Transaction(endToEndId, status, string.IsNullOrEmpty(code) ? null : code, additional);
    }

    private static string Required(XElement parent, string path, string name) =>
        Optional(parent, name) ?? throw new Pain002FormatException($"{path}: missing or empty.");

    private static string? Optional(XElement parent, string name)
    {
        var value = parent.Element(Ns + name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
