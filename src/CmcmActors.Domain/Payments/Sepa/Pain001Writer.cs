using System.Globalization;
using System.Text;
using System.Xml;

namespace CmcmActors.Domain.Payments.Sepa;

/// <summary>
/// Writes a SEPA credit transfer initiation, ISO 20022 <c>pain.001.001.09</c>: UTF-8, EUR, service level SEPA, charges
/// shared (SLEV), one payment information block debiting the CMCM's account. The transfers are streamed: the file is
/// never held whole, so a run of 40,000 payees costs the memory of one transfer.
/// <para>
/// Names are transliterated to the SEPA character set and cut at 70, remittance information at 140 (see
/// <see cref="SepaText"/>). Identifiers (message, payment information, end-to-end) are refused rather than rewritten when
/// they are not SEPA identifiers of at most 35 characters, because the bank's status report names them back.
/// </para>
/// </summary>
public static class Pain001Writer
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    /// <summary>The largest amount of one SEPA credit transfer (EPC rulebook: 999,999,999.99).</summary>
    public static readonly Money.Money MaximumAmount = new(99_999_999_999);

    private const int NameLength = 70;
    private static readonly ReadOnlyMemory<byte> FinalNewLine = "\n"u8.ToArray();
    private const int RemittanceLength = 140;

    /// <summary>The XML is written into a buffer that is handed to the output stream each time it holds this much.</summary>
    private const int FlushBytes = 64 * 1024;

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
        CloseOutput = false,
    };

    /// <summary>
    /// Streams the file to <paramref name="output"/>. Refuses, with an <see cref="ArgumentException"/> naming the field or
    /// the transfer, an invalid header, a non-positive or too large amount, an invalid IBAN or BIC, an empty name or an
    /// end-to-end id written twice. Throws <see cref="InvalidOperationException"/> when the transfers written do not
    /// match the header's count or control sum. After either, what was written to <paramref name="output"/> is not a
    /// file to send: the caller discards it.
    /// </summary>
    public static async Task WriteAsync(Stream output, Pain001Header header, IAsyncEnumerable<Pain001Transfer> transfers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(transfers);
        var debtor = CheckHeader(header);

        using var buffer = new MemoryStream(FlushBytes * 2);
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement(null, "Document", Namespace);
            xml.WriteStartElement(null, "CstmrCdtTrfInitn", Namespace);
            WriteGroupHeader(xml, header, debtor.Name);
            WritePaymentInformationStart(xml, header, debtor);

            var count = 0;
            var sum = Money.Money.Zero;
            var endToEndIds = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var transfer in transfers.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var checkedTransfer = CheckTransfer(transfer, endToEndIds);
                count++;
                if (count > header.NumberOfTransactions)
                {
                    throw new InvalidOperationException(
                        $"More transfers than the header's {header.NumberOfTransactions} (NbOfTxs); transfer {transfer.EndToEndId} is one too many.");
                }

                sum += transfer.Amount;
                WriteTransfer(xml, checkedTransfer);
                if (buffer.Length >= FlushBytes)
                {
                    xml.Flush();
                    await DrainAsync(buffer, output, cancellationToken).ConfigureAwait(false);
                }
            }

            if (count != header.NumberOfTransactions)
            {
                throw new InvalidOperationException($"{count} transfers written, the header declares {header.NumberOfTransactions} (NbOfTxs).");
            }

            if (sum != header.ControlSum)
            {
                throw new InvalidOperationException($"Transfers sum to {sum}, the header declares {header.ControlSum} (CtrlSum).");
            }

            xml.WriteEndElement(); // PmtInf
            xml.WriteEndElement(); // CstmrCdtTrfInitn
            xml.WriteEndElement(); // Document
            xml.WriteEndDocument();
        }

        buffer.Write(FinalNewLine.Span);
        await DrainAsync(buffer, output, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hands what the buffer holds to the output and empties it: the file is never held whole.</summary>
    private static async Task DrainAsync(MemoryStream buffer, Stream output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        buffer.SetLength(0);
    }

    private sealed record CheckedDebtor(string Name, Iban Iban, Bic Bic);

    private sealed record CheckedTransfer(string EndToEndId, Money.Money Amount, string Name, Iban Iban, Bic? Bic, string Remittance);

    private static CheckedDebtor CheckHeader(Pain001Header header)
    {
        if (!SepaText.IsIdentifier(header.MessageId))
        {
            throw new ArgumentException($"MessageId '{header.MessageId}' is not a SEPA identifier of 1 to 35 characters.", nameof(header));
        }

        if (!SepaText.IsIdentifier(header.PaymentInformationId))
        {
            throw new ArgumentException($"PaymentInformationId '{header.PaymentInformationId}' is not a SEPA identifier of 1 to 35 characters.", nameof(header));
        }

        if (header.NumberOfTransactions < 1)
        {
            throw new ArgumentException("A file has at least one transfer (NumberOfTransactions).", nameof(header));
        }

        if (header.ControlSum <= Money.Money.Zero)
        {
            throw new ArgumentException("ControlSum must be positive.", nameof(header));
        }

        var name = SepaText.Transliterate(header.Debtor.Name, NameLength);
        if (name.Length == 0)
        {
            throw new ArgumentException("Debtor name is empty once written in the SEPA character set.", nameof(header));
        }

        if (!Iban.TryParse(header.Debtor.Iban, out var iban, out var ibanRefusal))
        {
            throw new ArgumentException($"Debtor IBAN: {ibanRefusal}.", nameof(header));
        }

        if (!Bic.TryParse(header.Debtor.Bic, out var bic, out var bicRefusal))
        {
            throw new ArgumentException($"Debtor BIC: {bicRefusal}.", nameof(header));
        }

        return new CheckedDebtor(name, iban, bic);
    }

    private static CheckedTransfer CheckTransfer(Pain001Transfer transfer, HashSet<string> endToEndIds)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var id = transfer.EndToEndId;
        if (!SepaText.IsIdentifier(id))
        {
            throw new ArgumentException($"Transfer '{id}': EndToEndId is not a SEPA identifier of 1 to 35 characters.", nameof(transfer));
        }

        if (transfer.Amount <= Money.Money.Zero)
        {
            throw new ArgumentException($"Transfer {id}: amount {transfer.Amount} is not positive.", nameof(transfer));
        }

        if (transfer.Amount > MaximumAmount)
        {
            throw new ArgumentException($"Transfer {id}: amount {transfer.Amount} is above the SEPA maximum {MaximumAmount}.", nameof(transfer));
        }

        if (!Iban.TryParse(transfer.CreditorIban, out var iban, out var ibanRefusal))
        {
            throw new ArgumentException($"Transfer {id}: creditor IBAN {ibanRefusal}.", nameof(transfer));
        }

        Bic? bic = null;
        if (!string.IsNullOrWhiteSpace(transfer.CreditorBic) && !Bic.TryParse(transfer.CreditorBic, out bic, out var bicRefusal))
        {
            throw new ArgumentException($"Transfer {id}: creditor BIC {bicRefusal}.", nameof(transfer));
        }

        var name = SepaText.Transliterate(transfer.CreditorName, NameLength);
        if (name.Length == 0)
        {
            throw new ArgumentException($"Transfer {id}: creditor name is empty once written in the SEPA character set.", nameof(transfer));
        }

        if (!endToEndIds.Add(id))
        {
            throw new ArgumentException($"Transfer {id}: EndToEndId written twice in one file.", nameof(transfer));
        }

        return new CheckedTransfer(id, transfer.Amount, name, iban, bic,
            SepaText.Transliterate(transfer.RemittanceInformation, RemittanceLength));
    }

    private static void WriteGroupHeader(XmlWriter xml, Pain001Header header, string initiatingParty)
    {
        xml.WriteStartElement(null, "GrpHdr", Namespace);
        Element(xml, "MsgId", header.MessageId);
        Element(xml, "CreDtTm", header.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        Element(xml, "NbOfTxs", header.NumberOfTransactions.ToString(CultureInfo.InvariantCulture));
        Element(xml, "CtrlSum", header.ControlSum.ToString());
        xml.WriteStartElement(null, "InitgPty", Namespace);
        Element(xml, "Nm", initiatingParty);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WritePaymentInformationStart(XmlWriter xml, Pain001Header header, CheckedDebtor debtor)
    {
        xml.WriteStartElement(null, "PmtInf", Namespace);
        Element(xml, "PmtInfId", header.PaymentInformationId);
        Element(xml, "PmtMtd", "TRF");
        Element(xml, "BtchBookg", "true");
        Element(xml, "NbOfTxs", header.NumberOfTransactions.ToString(CultureInfo.InvariantCulture));
        Element(xml, "CtrlSum", header.ControlSum.ToString());
        xml.WriteStartElement(null, "PmtTpInf", Namespace);
        xml.WriteStartElement(null, "SvcLvl", Namespace);
        Element(xml, "Cd", "SEPA");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteStartElement(null, "ReqdExctnDt", Namespace);
        Element(xml, "Dt", header.RequestedExecutionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        Party(xml, "Dbtr", debtor.Name);
        Account(xml, "DbtrAcct", debtor.Iban);
        Agent(xml, "DbtrAgt", debtor.Bic);
        Element(xml, "ChrgBr", "SLEV");
    }

    private static void WriteTransfer(XmlWriter xml, CheckedTransfer transfer)
    {
        xml.WriteStartElement(null, "CdtTrfTxInf", Namespace);
        xml.WriteStartElement(null, "PmtId", Namespace);
        Element(xml, "EndToEndId", transfer.EndToEndId);
        xml.WriteEndElement();
        xml.WriteStartElement(null, "Amt", Namespace);
        xml.WriteStartElement(null, "InstdAmt", Namespace);
        xml.WriteAttributeString(null, "Ccy", null, "EUR");
        xml.WriteString(transfer.Amount.ToString());
        xml.WriteEndElement();
        xml.WriteEndElement();
        if (transfer.Bic is not null)
        {
            Agent(xml, "CdtrAgt", transfer.Bic);
        }

        Party(xml, "Cdtr", transfer.Name);
        Account(xml, "CdtrAcct", transfer.Iban);
        if (transfer.Remittance.Length > 0)
        {
            xml.WriteStartElement(null, "RmtInf", Namespace);
            Element(xml, "Ustrd", transfer.Remittance);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, string value) => xml.WriteElementString(null, name, Namespace, value);

    private static void Party(XmlWriter xml, string element, string name)
    {
        xml.WriteStartElement(null, element, Namespace);
        Element(xml, "Nm", name);
        xml.WriteEndElement();
    }

    private static void Account(XmlWriter xml, string element, Iban iban)
    {
        xml.WriteStartElement(null, element, Namespace);
        xml.WriteStartElement(null, "Id", Namespace);
        Element(xml, "IBAN", iban.Value);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Agent(XmlWriter xml, string element, Bic bic)
    {
        xml.WriteStartElement(null, element, Namespace);
        xml.WriteStartElement(null, "FinInstnId", Namespace);
        Element(xml, "BICFI", bic.Value);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }
}
