using CmcmActors.Domain.Payments;
using CmcmActors.Domain.Payments.Sepa;
using CmcmActors.Grains.Payments;
using CmcmActors.Grains.Tests.Support;

namespace CmcmActors.Grains.Tests.Payments;

/// <summary>Payment runs exactly once: concurrent starts, reversals racing a run, netting, holds, four eyes, crashes, bank returns; on memory and PostgreSQL.</summary>
public abstract class PaymentRunTests(bool postgres)
{
    private static readonly DateOnly CutOff = new(2026, 11, 20);

    [Fact]
    public async Task Start_TwelveConcurrentStartsForOneCutOff_OneRunAndOnePaymentPerHolder()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres);
        await kit.OweAsync("A", 10_050);
        await kit.OweAsync("A", 2_025);
        await kit.OweAsync("B", 4_999);
        await kit.OweAsync("C", 1);
        var hosts = Enumerable.Range(0, 12).Select(_ => kit.NewRuns()).ToArray();

        var starts = await Task.WhenAll(hosts.Select(h => Task.Run(() => h.StartAsync(CutOff, "finance-1"))));

        Assert.Single(starts, s => s.Created);
        var runId = Assert.Single(starts.Select(s => s.Run.RunId).Distinct());
        var run = await RunToEndAsync(kit, runId);
        Assert.Equal(PaymentRunStatus.FileStored, run.Status);
        var payments = await kit.Ledger.ReadPaymentsAsync(runId);
        Assert.Equal([("member/A", 12_075L, 2), ("member/B", 4_999L, 1), ("member/C", 1L, 1)],
            payments.Select(p => (p.Holder, p.Amount.Cents, p.Payables)).OrderBy(p => p.Holder, StringComparer.Ordinal));
        Assert.Empty(await kit.Ledger.ReadDueAsync());
    }

    [Fact]
    public async Task Start_ReversalsRacingTheRun_EachAmountInExactlyOnePaymentOrStillDue()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres);
        var members = Enumerable.Range(0, 24).Select(i => $"R{i:00}").ToArray();
        foreach (var member in members)
        {
            await kit.OweAsync(member, 10_000);
        }

        var run = Task.Run(() => kit.Runs.StartAsync(CutOff, "finance-1"));
        var reversals = members.Select(m => Task.Run(() => kit.OweAsync(m, -4_000))).ToArray();
        await Task.WhenAll([run, .. reversals]);

        var payments = (await kit.Ledger.ReadPaymentsAsync((await run).Run.RunId)).ToDictionary(p => p.Holder, StringComparer.Ordinal);
        var due = (await kit.Ledger.ReadDueAsync()).ToDictionary(d => d.Payee, StringComparer.Ordinal);
        foreach (var member in members)
        {
            var key = "member/" + member;
            var paid = payments.TryGetValue(key, out var payment) ? payment.Amount.Cents : 0;
            var stillDue = due.TryGetValue(key, out var d) ? d.Owed.Cents - d.Recovered.Cents : 0;
            Assert.Equal(6_000, paid + stillDue);
            Assert.Contains((paid, stillDue), new[] { (6_000L, 0L), (10_000L, -4_000L) });
            if (payment is not null)
            {
                Assert.Equal(payment.Amount.Cents, (await kit.Ledger.ReadPaymentPayablesAsync(payment.PaymentId)).Sum(p => p.Amount.Cents));
            }
        }
    }

    [Fact]
    public async Task Start_PayeeOwingTheCmcm_NetsFirstAndNeverTransfersANegative()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres);
        await kit.OweAsync("N", 10_000);
        await kit.OweAsync("N", -3_001);
        await kit.OweAsync("O", 2_000);
        await kit.OweAsync("O", -5_050);

        var (run, _) = await kit.Runs.StartAsync(CutOff, "finance-1");

        var payment = Assert.Single(await kit.Ledger.ReadPaymentsAsync(run.RunId));
        Assert.Equal(("member/N", 6_999L), (payment.Holder, payment.Amount.Cents));
        var owing = await kit.Ledger.ReadOwingPayablesAsync();
        Assert.Equal([2_000L, -5_050L], owing.Select(p => p.Amount.Cents));
        Assert.Equal(3_050, Recovery.Open(owing).Single().Amount.Cents);
    }

    [Fact]
    public async Task Start_HeldHolderAndFamilyNetting_HeldStaysDueAndFamilyPaidInOneTransfer()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres);
        kit.Directory.HolderOf["member/CHILD"] = "member/MAIN";
        kit.Directory.Holds["member/H"] = "Account change waits for its second confirmation.";
        await kit.OweAsync("MAIN", 1_000);
        await kit.OweAsync("CHILD", 2_550);
        await kit.OweAsync("H", 7_700);

        var preview = await kit.Runs.PreviewAsync();
        var (run, _) = await kit.Runs.StartAsync(CutOff, "finance-1");

        Assert.Equal([("member/H", PlannedOutcome.Held, 0L), ("member/MAIN", PlannedOutcome.Pay, 3_550L)],
            preview.Select(l => (l.Plan.Balance.Holder, l.Plan.Outcome, l.Plan.Amount.Cents)));
        var payment = Assert.Single(await kit.Ledger.ReadPaymentsAsync(run.RunId));
        Assert.Equal(("member/MAIN", 3_550L, "CMCM INV-"), (payment.Holder, payment.Amount.Cents, payment.Remittance[..9]));
        Assert.Equal(7_700, Assert.Single(await kit.Ledger.ReadDueAsync()).Owed.Cents);
    }

    [Fact]
    public async Task Confirm_LargePayment_WaitsForASecondOfficerThenTheFileIsWritten()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres);
        await kit.OweAsync("BIG", 1_000_001);
        await kit.OweAsync("SMALL", 5_000);

        var (run, _) = await kit.Runs.StartAsync(CutOff, "finance-1");
        var big = (await kit.Ledger.ReadPaymentsAsync(run.RunId)).Single(p => p.Holder == "member/BIG");
        var sameOfficer = await kit.Runs.DecideAsync(big.PaymentId, confirm: true, "finance-1");
        var secondOfficer = await kit.Runs.DecideAsync(big.PaymentId, confirm: true, "finance-2");
        var again = await kit.Runs.DecideAsync(big.PaymentId, confirm: true, "finance-3");

        Assert.Equal((PaymentRunStatus.AwaitingConfirmation, PaymentStatus.AwaitingConfirmation), (run.Status, big.Status));
        Assert.Equal("same-person", sameOfficer?.Code);
        Assert.Null(secondOfficer);
        Assert.Equal("not-awaiting-confirmation", again?.Code);
        Assert.Equal(PaymentRunStatus.FileStored, (await kit.Ledger.GetRunAsync(run.RunId))!.Status);
        await using var file = await kit.Ledger.OpenFileAsync(run.RunId);
        Assert.NotNull(file);
    }

    [Fact]
    public async Task Refuse_LargePayment_ItsPayablesDueAgain()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres);
        await kit.OweAsync("BIG", 2_000_000);

        var (run, _) = await kit.Runs.StartAsync(CutOff, "finance-1");
        var big = Assert.Single(await kit.Ledger.ReadPaymentsAsync(run.RunId));
        Assert.Null(await kit.Runs.DecideAsync(big.PaymentId, confirm: false, "finance-2"));

        Assert.Equal((PaymentStatus.Refused, "finance-2"), ((await kit.Ledger.GetPaymentAsync(big.PaymentId))!.Status, (await kit.Ledger.GetPaymentAsync(big.PaymentId))!.DecidedBy));
        Assert.Equal(2_000_000, Assert.Single(await kit.Ledger.ReadDueAsync()).Owed.Cents);
        Assert.Equal(PaymentRunStatus.NothingToPay, (await kit.Ledger.GetRunAsync(run.RunId))!.Status);
    }

    [Fact]
    public async Task Resume_HostDiedMidRun_AnotherHostFinishesItToTheSameResult()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres);
        await kit.OweAsync("K1", 1_100);
        await kit.OweAsync("K2", 2_200);

        // The first host created the run, took its lease and made one payment, then died.
        var (run, _) = await kit.Ledger.CreateRunAsync(CutOff, "finance-1", kit.Clock.GetUtcNow());
        Assert.True(await kit.Ledger.TryLeaseRunAsync(run.RunId, "dead-host", kit.Clock.GetUtcNow(), kit.Clock.GetUtcNow().AddSeconds(kit.Options.RunLeaseSeconds)));
        var route = await kit.Directory.RouteAsync(new PayeeRef(PayeeKind.Member, "K1"));
        await kit.Ledger.AssignAsync(new NewPayment(PaymentIds.Payment(CutOff, "member/K1"), run.RunId, route.Holder, route.HolderName, route.Account!, ["member/K1"]),
            kit.Options.SecondConfirmationAbove, kit.Clock.GetUtcNow());

        var whileLeased = await kit.NewRuns().StartAsync(CutOff, "finance-2");
        kit.Clock.Advance(TimeSpan.FromSeconds(kit.Options.RunLeaseSeconds + 1));
        var resumed = await kit.NewRuns().StartAsync(CutOff, "finance-2");

        Assert.Equal((false, PaymentRunStatus.Assigning), (whileLeased.Created, whileLeased.Run.Status));
        Assert.Equal((false, PaymentRunStatus.FileStored), (resumed.Created, resumed.Run.Status));
        Assert.Equal([("member/K1", 1_100L), ("member/K2", 2_200L)],
            (await kit.Ledger.ReadPaymentsAsync(run.RunId)).Select(p => (p.Holder, p.Amount.Cents)).OrderBy(p => p.Holder, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ImportReturn_AcceptedAndRejected_PaidOutAndDueAgainWithTheReasonAndTheAccountFlagged()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres);
        await kit.OweAsync("OK", 3_000);
        await kit.OweAsync("KO", 4_000);
        var (run, _) = await kit.Runs.StartAsync(CutOff, "finance-1");
        var payments = (await kit.Ledger.ReadPaymentsAsync(run.RunId)).ToDictionary(p => p.Holder, StringComparer.Ordinal);
        var report = new Pain002Report("BANK-1", run.RunId, "PART",
            [new Pain002Transaction(payments["member/OK"].PaymentId, "ACSC", null, null), new Pain002Transaction(payments["member/KO"].PaymentId, "RJCT", "AC04", null)]);

        var first = await kit.Returns.ImportAsync(run.RunId, report, "finance-2");
        var second = await kit.Returns.ImportAsync(run.RunId, report, "finance-2");

        Assert.Equal([payments["member/OK"].PaymentId], first.PaidOut);
        Assert.Equal([payments["member/KO"].PaymentId], first.Returned);
        Assert.False(first.AlreadyImported);
        Assert.True(second.AlreadyImported);
        var ok = Assert.Single(await kit.Ledger.ReadMemberStandingsAsync("OK"));
        Assert.Equal((PaymentStatus.PaidOut, new DateOnly(2026, 11, 20)), (ok.PaymentStatus, ok.PaidOn));
        var koRows = await kit.Ledger.ReadMemberStandingsAsync("KO");
        var ko = ClaimPaymentStanding.Of(koRows[0].Payable.ClaimId, koRows);
        Assert.Equal((ClaimPaymentState.Returned, 4_000L, "AC04: Account closed."), (ko.State, ko.Amount.Cents, ko.ReturnReason));
        Assert.Equal([("ACC-KO", "AC04")], kit.Directory.Flagged);
        Assert.Equal(4_000, Assert.Single(await kit.Ledger.ReadDueAsync()).Owed.Cents);
    }

    [Fact]
    public async Task ImportReturn_UnknownPayments_RefusedNamingThemAndNothingChanged()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres);
        await kit.OweAsync("U", 3_000);
        var (run, _) = await kit.Runs.StartAsync(CutOff, "finance-1");
        var payment = Assert.Single(await kit.Ledger.ReadPaymentsAsync(run.RunId));
        var report = new Pain002Report("BANK-2", run.RunId, null,
            [new Pain002Transaction(payment.PaymentId, "ACSC", null, null), new Pain002Transaction("P999999NOPE", "RJCT", "AC01", null)]);

        var import = await kit.Returns.ImportAsync(run.RunId, report, "finance-2");

        Assert.Equal(("unknown-payments", "file"), (import.RefusalCode, import.RefusalField));
        Assert.Equal(["P999999NOPE"], import.UnknownPaymentIds);
        Assert.Equal(PaymentStatus.Ready, (await kit.Ledger.GetPaymentAsync(payment.PaymentId))!.Status);
    }

    [Fact]
    public async Task File_RunOfThreeHolders_Pain001WithCountControlSumAndEveryTransferDownloadedByteForByte()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres);
        await kit.OweAsync("F1", 12_345);
        await kit.OweAsync("F2", 1);
        await kit.OweAsync("F3", 99_999);
        await kit.OweAsync("F3", -10_000);

        var (run, _) = await kit.Runs.StartAsync(CutOff, "finance-1");
        var first = await ReadAllAsync(await kit.Ledger.OpenFileAsync(run.RunId));
        var again = await ReadAllAsync(await kit.Ledger.OpenFileAsync(run.RunId));

        Assert.Equal(first, again);
        var xml = System.Xml.Linq.XDocument.Load(new MemoryStream(first));
        System.Xml.Linq.XNamespace ns = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
        var header = xml.Root!.Element(ns + "CstmrCdtTrfInitn")!.Element(ns + "GrpHdr")!;
        Assert.Equal((run.RunId, "3", "1023.45"), (header.Element(ns + "MsgId")!.Value, header.Element(ns + "NbOfTxs")!.Value, header.Element(ns + "CtrlSum")!.Value));
        var transfers = xml.Descendants(ns + "CdtTrfTxInf").ToArray();
        var payments = await kit.Ledger.ReadPaymentsAsync(run.RunId);
        Assert.Equal(payments.Select(p => (p.PaymentId, p.Amount.ToString(), p.Iban)).Order(),
            transfers.Select(t => (t.Descendants(ns + "EndToEndId").Single().Value, t.Descendants(ns + "InstdAmt").Single().Value, t.Descendants(ns + "IBAN").Single().Value)).Order());
        Assert.Equal(["123.45", "0.01", "899.99"], payments.OrderBy(p => p.Holder, StringComparer.Ordinal).Select(p => p.Amount.ToString()));
    }

    private static async Task<byte[]> ReadAllAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    /// <summary>A run another host holds finishes when its lease ends: the tests' concurrent starts wait for it.</summary>
    private static async Task<PaymentRunRecord> RunToEndAsync(PaymentTestKit kit, string runId)
    {
        var run = (await kit.Ledger.GetRunAsync(runId))!;
        return run.Status == PaymentRunStatus.Assigning ? await kit.NewRuns().ProcessAsync(run) : run;
    }
}

public sealed class PaymentRunOnMemoryTests() : PaymentRunTests(postgres: false);

public sealed class PaymentRunOnPostgresTests() : PaymentRunTests(postgres: true);
