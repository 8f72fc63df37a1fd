using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;
using CmcmActors.Domain.Payments.Sepa;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Payments;

/// <summary>pain.001.001.09 as written, read back with an independent reader by namespace and element path.</summary>
public sealed class Pain001WriterTests
{
    private static readonly XNamespace Ns = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
    private static readonly SepaDebtor Cmcm = new("Caisse Médico-Complémentaire Mutualiste", "LU28 0019 4006 4475 0000", "BCEELULL");

    [Fact]
    public async Task WriteAsync_OneTransfer_MatchesGoldenFileByteForByte()
    {
        var header = new Pain001Header("CMCM-RUN-20261207-1", new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.FromHours(1)), 1,
            new M(123456), Cmcm, new DateOnly(2026, 12, 9), "CMCM-RUN-20261207-1-P");
        var bytes = await WriteAsync(header,
            new Pain001Transfer("PAY-000001", new M(123456), "Hélène Müller", "DE89 3704 0044 0532 0130 00", "DEUTDEFF", "CMCM claims C-1001 C-1002"));

        Assert.Equal(Golden("pain001-one-transfer.xml"), bytes);
    }

    [Fact]
    public async Task WriteAsync_TransliteratedNamesCutRemittanceNoBic_MatchesGoldenFileByteForByte()
    {
        var header = new Pain001Header("CMCM-RUN-20261208-1", new DateTimeOffset(2026, 12, 8, 6, 30, 0, TimeSpan.Zero), 2,
            new M(4511), new SepaDebtor("CMCM", "LU280019400644750000", "BCEELULL"), new DateOnly(2026, 12, 8), "CMCM-RUN-20261208-1-P");
        var references = string.Join(' ', Enumerable.Range(1, 19).Select(i => $"C-2026-{i:00000}"));
        var bytes = await WriteAsync(header,
            new Pain001Transfer("PAY-000002", new M(4510), "Clinique Sainte-Thérèse & Cie", "fr14 2004 1010 0505 0001 3m02 606", null, "CMCM refund claims " + references),
            new Pain001Transfer("PAY-000003", new M(1), "Jean-Luc Ørsted", "BE68539007547034", "gebabebb", ""));

        Assert.Equal(Golden("pain001-two-transfers-transliterated.xml"), bytes);
    }

    [Fact]
    public async Task WriteAsync_ReadBack_GroupHeaderCountsAndControlSumIsTheSum()
    {
        var transfers = Enumerable.Range(1, 7)
            .Select(i => new Pain001Transfer($"PAY-{i}", new M(i * 1001), $"Member {i}", "LU28 0019 4006 4475 0000", null, $"Claim C-{i}"))
            .ToArray();
        var header = Header(7, new M(28028));

        var document = XDocument.Load(new MemoryStream(await WriteAsync(header, transfers)));

        var root = document.Root!;
        Assert.Equal(Ns + "Document", root.Name);
        var initiation = root.Element(Ns + "CstmrCdtTrfInitn")!;
        Assert.Equal("7", initiation.Element(Ns + "GrpHdr")!.Element(Ns + "NbOfTxs")!.Value);
        Assert.Equal("280.28", initiation.Element(Ns + "GrpHdr")!.Element(Ns + "CtrlSum")!.Value);
        var paymentInformation = initiation.Element(Ns + "PmtInf")!;
        Assert.Equal("7", paymentInformation.Element(Ns + "NbOfTxs")!.Value);
        Assert.Equal("280.28", paymentInformation.Element(Ns + "CtrlSum")!.Value);
        Assert.Equal("SEPA", paymentInformation.Element(Ns + "PmtTpInf")!.Element(Ns + "SvcLvl")!.Element(Ns + "Cd")!.Value);
        var amounts = paymentInformation.Elements(Ns + "CdtTrfTxInf").Select(t => t.Element(Ns + "Amt")!.Element(Ns + "InstdAmt")!).ToArray();
        Assert.All(amounts, a => Assert.Equal("EUR", a.Attribute("Ccy")!.Value));
        Assert.Equal(28028, amounts.Sum(a => M.FromEuros(decimal.Parse(a.Value, System.Globalization.CultureInfo.InvariantCulture)).Cents));
        Assert.Equal(["PAY-1", "PAY-2", "PAY-3", "PAY-4", "PAY-5", "PAY-6", "PAY-7"],
            paymentInformation.Elements(Ns + "CdtTrfTxInf").Select(t => t.Element(Ns + "PmtId")!.Element(Ns + "EndToEndId")!.Value));
        Assert.All(paymentInformation.Elements(Ns + "CdtTrfTxInf"),
            t => Assert.Equal("LU280019400644750000", t.Element(Ns + "CdtrAcct")!.Element(Ns + "Id")!.Element(Ns + "IBAN")!.Value));
        Assert.Equal("Claim C-3", paymentInformation.Elements(Ns + "CdtTrfTxInf").ElementAt(2).Element(Ns + "RmtInf")!.Element(Ns + "Ustrd")!.Value);
    }

    [Fact]
    public async Task WriteAsync_LongNamesAndRemittance_CutToSepaLengthsInSepaCharacterSet()
    {
        var name = string.Concat(Enumerable.Repeat("Zoë-Œdipe Ångström ", 8));
        var remittance = string.Concat(Enumerable.Repeat("Facture n° 12 «urgent» ", 12));
        var document = XDocument.Load(new MemoryStream(await WriteAsync(Header(1, new M(500)),
            new Pain001Transfer("PAY-1", new M(500), name, "LU28 0019 4006 4475 0000", null, remittance))));

        var names = document.Descendants(Ns + "Nm").Select(e => e.Value).ToArray();
        var ustrd = document.Descendants(Ns + "Ustrd").Single().Value;
        Assert.All(names, n => Assert.InRange(n.Length, 1, 70));
        Assert.InRange(ustrd.Length, 100, 140);
        Assert.All(names.Append(ustrd), text => Assert.All(text, c => Assert.True(SepaText.IsAllowed(c), $"'{c}' in {text}")));
        Assert.StartsWith("Zoe-Oedipe Angstroem Zoe-Oedipe", names.Last(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public async Task WriteAsync_NonPositiveAmount_RefusedNamingTheTransfer(long cents)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(Header(1, new M(100)),
            new Pain001Transfer("PAY-42", new M(cents), "A B", "LU28 0019 4006 4475 0000", null, "x")));
        Assert.Contains("Transfer PAY-42: amount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_FewerTransfersThanHeader_Throws()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WriteAsync(Header(2, new M(100)),
            new Pain001Transfer("PAY-1", new M(100), "A B", "LU28 0019 4006 4475 0000", null, "x")));
        Assert.Contains("1 transfers written, the header declares 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_MoreTransfersThanHeader_Throws()
    {
        var transfer = new Pain001Transfer("PAY-1", new M(100), "A B", "LU28 0019 4006 4475 0000", null, "x");
        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteAsync(Header(1, new M(200)), transfer, transfer with { EndToEndId = "PAY-2" }));
    }

    [Fact]
    public async Task WriteAsync_SumDiffersFromControlSum_Throws()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WriteAsync(Header(1, new M(101)),
            new Pain001Transfer("PAY-1", new M(100), "A B", "LU28 0019 4006 4475 0000", null, "x")));
        Assert.Contains("Transfers sum to 1.00, the header declares 1.01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_SameEndToEndIdTwice_Refused()
    {
        var transfer = new Pain001Transfer("PAY-1", new M(100), "A B", "LU28 0019 4006 4475 0000", null, "x");
        var error = await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(Header(2, new M(200)), transfer, transfer));
        Assert.Contains("Transfer PAY-1: EndToEndId written twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_InvalidCreditorIban_RefusedWithReason()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(Header(1, new M(100)),
            new Pain001Transfer("PAY-7", new M(100), "A B", "LU29 0019 4006 4475 0000", null, "x")));
        Assert.Contains("Transfer PAY-7: creditor IBAN check digits wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_EndToEndIdLongerThan35_RefusedNotCut()
    {
        var id = new string('A', 36);
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(Header(1, new M(100)),
            new Pain001Transfer(id, new M(100), "A B", "LU28 0019 4006 4475 0000", null, "x")));
    }

    [Fact]
    public async Task WriteAsync_NameWithNothingWritable_Refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(Header(1, new M(100)),
            new Pain001Transfer("PAY-1", new M(100), "東京", "LU28 0019 4006 4475 0000", null, "x")));
        Assert.Contains("creditor name is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_InvalidDebtorBic_RefusedBeforeAnythingIsWritten()
    {
        using var output = new MemoryStream();
        var header = Header(1, new M(100)) with { Debtor = Cmcm with { Bic = "BCEEXXLL" } };
        await Assert.ThrowsAsync<ArgumentException>(() => Pain001Writer.WriteAsync(output, header,
            Stream(new Pain001Transfer("PAY-1", new M(100), "A B", "LU28 0019 4006 4475 0000", null, "x"))));
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task WriteAsync_HundredThousandTransfers_StreamsWithoutHoldingTheFile()
    {
        const int count = 100_000;
        using var output = new CountingStream();
        long writtenAtHalf = 0;
        var sum = new M((long)count * (count + 1) / 2);

        await Pain001Writer.WriteAsync(output, Header(count, sum), Many(count, output, half => writtenAtHalf = half));

        // Half the transfers handed over: about half the file has already left for the stream.
        Assert.InRange(writtenAtHalf, output.Written * 4 / 10, output.Written * 6 / 10);
        Assert.Equal(count, output.EndToEndIds);
    }

    private static Pain001Header Header(int count, M sum) =>
        new("MSG-1", new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), count, sum, Cmcm, new DateOnly(2026, 12, 8), "MSG-1-P");

    private static byte[] Golden(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payments", "Golden", name));

    private static async Task<byte[]> WriteAsync(Pain001Header header, params Pain001Transfer[] transfers)
    {
        using var output = new MemoryStream();
        await Pain001Writer.WriteAsync(output, header, Stream(transfers));
        return output.ToArray();
    }

    private static async IAsyncEnumerable<Pain001Transfer> Stream(params Pain001Transfer[] transfers)
    {
        foreach (var transfer in transfers)
        {
            await Task.Yield();
            yield return transfer;
        }
    }

    private static async IAsyncEnumerable<Pain001Transfer> Many(int count, CountingStream output, Action<long> atHalf,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 1; i <= count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i == count / 2)
            {
                atHalf(output.Written);
                await Task.Yield();
            }

            yield return new Pain001Transfer($"PAY-{i:0000000}", new M(i), $"Member {i}", "LU28 0019 4006 4475 0000", "BCEELULL", $"CMCM claim C-{i}");
        }
    }

    /// <summary>Counts what is written and keeps nothing but a count of end-to-end ids seen.</summary>
    private sealed class CountingStream : Stream
    {
        private static readonly byte[] Marker = Encoding.ASCII.GetBytes("<EndToEndId>");
        private int _matched;

        public long Written { get; private set; }

        public int EndToEndIds { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            foreach (var b in buffer)
            {
                _matched = b == Marker[_matched] ? _matched + 1 : (b == Marker[0] ? 1 : 0);
                if (_matched == Marker.Length)
                {
                    EndToEndIds++;
                    _matched = 0;
                }
            }

            Written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
