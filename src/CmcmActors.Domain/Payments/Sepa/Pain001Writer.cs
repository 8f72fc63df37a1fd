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

    private static readonly XmlWriterSettings Settings = new()
    {
        Async = true,
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

        await using var xml = XmlWriter.Create(output, Settings);
        await xml.WriteStartDocumentAsync().ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "Document", Namespace).ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "CstmrCdtTrfInitn", Namespace).ConfigureAwait(false);
        await WriteGroupHeaderAsync(xml, header, debtor.Name).ConfigureAwait(false);
        await WritePaymentInformationStartAsync(xml, header, debtor).ConfigureAwait(false);

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
            await WriteTransferAsync(xml, checkedTransfer).ConfigureAwait(false);
        }

        if (count != header.NumberOfTransactions)
        {
            throw new InvalidOperationException($"{count} transfers written, the header declares {header.NumberOfTransactions} (NbOfTxs).");
        }

        if (sum != header.ControlSum)
        {
            throw new InvalidOperationException($"Transfers sum to {sum}, the header declares {header.ControlSum} (CtrlSum).");
        }

        await xml.WriteEndElementAsync().ConfigureAwait(false); // PmtInf
        await xml.WriteEndElementAsync().ConfigureAwait(false); // CstmrCdtTrfInitn
        await xml.WriteEndElementAsync().ConfigureAwait(false); // Document
        await xml.WriteEndDocumentAsync().ConfigureAwait(false);
        await xml.FlushAsync().ConfigureAwait(false);
        await output.WriteAsync(FinalNewLine, cancellationToken).ConfigureAwait(false);
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

    private static async Task WriteGroupHeaderAsync(XmlWriter xml, Pain001Header header, string initiatingParty)
    {
        await xml.WriteStartElementAsync(null, "GrpHdr", Namespace).ConfigureAwait(false);
        await Element(xml, "MsgId", header.MessageId).ConfigureAwait(false);
        await Element(xml, "CreDtTm", header.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        await Element(xml, "NbOfTxs", header.NumberOfTransactions.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        await Element(xml, "CtrlSum", header.ControlSum.ToString()).ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "InitgPty", Namespace).ConfigureAwait(false);
        await Element(xml, "Nm", initiatingParty).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static async Task WritePaymentInformationStartAsync(XmlWriter xml, Pain001Header header, CheckedDebtor debtor)
    {
        await xml.WriteStartElementAsync(null, "PmtInf", Namespace).ConfigureAwait(false);
        await Element(xml, "PmtInfId", header.PaymentInformationId).ConfigureAwait(false);
        await Element(xml, "PmtMtd", "TRF").ConfigureAwait(false);
        await Element(xml, "BtchBookg", "true").ConfigureAwait(false);
        await Element(xml, "NbOfTxs", header.NumberOfTransactions.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        await Element(xml, "CtrlSum", header.ControlSum.ToString()).ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "PmtTpInf", Namespace).ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "SvcLvl", Namespace).ConfigureAwait(false);
        await Element(xml, "Cd", "SEPA").ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "ReqdExctnDt", Namespace).ConfigureAwait(false);
        await Element(xml, "Dt", header.RequestedExecutionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await Party(xml, "Dbtr", debtor.Name).ConfigureAwait(false);
        await Account(xml, "DbtrAcct", debtor.Iban).ConfigureAwait(false);
        await Agent(xml, "DbtrAgt", debtor.Bic).ConfigureAwait(false);
        await Element(xml, "ChrgBr", "SLEV").ConfigureAwait(false);
    }

    private static async Task WriteTransferAsync(XmlWriter xml, CheckedTransfer transfer)
    {
        await xml.WriteStartElementAsync(null, "CdtTrfTxInf", Namespace).ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "PmtId", Namespace).ConfigureAwait(false);
        await Element(xml, "EndToEndId", transfer.EndToEndId).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "Amt", Namespace).ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "InstdAmt", Namespace).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "Ccy", null, "EUR").ConfigureAwait(false);
        await xml.WriteStringAsync(transfer.Amount.ToString()).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        if (transfer.Bic is not null)
        {
            await Agent(xml, "CdtrAgt", transfer.Bic).ConfigureAwait(false);
        }

        await Party(xml, "Cdtr", transfer.Name).ConfigureAwait(false);
        await Account(xml, "CdtrAcct", transfer.Iban).ConfigureAwait(false);
        if (transfer.Remittance.Length > 0)
        {
            await xml.WriteStartElementAsync(null, "RmtInf", Namespace).ConfigureAwait(false);
            await Element(xml, "Ustrd", transfer.Remittance).ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static Task Element(XmlWriter xml, string name, string value) => xml.WriteElementStringAsync(null, name, Namespace, value);

    private static async Task Party(XmlWriter xml, string element, string name)
    {
        await xml.WriteStartElementAsync(null, element, Namespace).ConfigureAwait(false);
        await Element(xml, "Nm", name).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static async Task Account(XmlWriter xml, string element, Iban iban)
    {
        await xml.WriteStartElementAsync(null, element, Namespace).ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "Id", Namespace).ConfigureAwait(false);
        await Element(xml, "IBAN", iban.Value).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static async Task Agent(XmlWriter xml, string element, Bic bic)
    {
        await xml.WriteStartElementAsync(null, element, Namespace).ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "FinInstnId", Namespace).ConfigureAwait(false);
        await Element(xml, "BICFI", bic.Value).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }
}
