using System.Diagnostics;
using CmcmActors.Grains.Payments;
using Npgsql;
using NpgsqlTypes;
using Xunit.Abstractions;

namespace CmcmActors.Grains.Tests.Payments;

/// <summary>Runs only when CMCM_BENCH_PAYMENTS is set (it takes minutes; figures in docs/payments.md, section runs).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CMCM_BENCH_PAYMENTS")))
        {
            Skip = "A benchmark: set CMCM_BENCH_PAYMENTS=1 to run it.";
        }
    }
}

/// <summary>A run over 100,000 payables for 40,000 payees on PostgreSQL: time to the stored file, and the host's memory.</summary>
public sealed class PaymentRunBenchmark(ITestOutputHelper output)
{
    private const int Payees = 40_000;
    private const int PayablesCount = 100_000;

    [BenchmarkFact]
    public async Task Run_100000PayablesFor40000Payees_OneTransferPerPayeeAndTheFileStored()
    {
        await using var kit = await PaymentTestKit.CreateAsync(postgres: true);
        var serviceId = ServiceIdOf(kit);
        long expectedCents = 0;
        await using (var connection = new NpgsqlConnection(Support.CmcmClusterFixture.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY cmcm_payable (service_id, claim_id, claim_version, member_id, family_id, payee, amount_cents, at) FROM STDIN (FORMAT BINARY)");
            for (var i = 0; i < PayablesCount; i++)
            {
                var member = $"B{i % Payees:00000}";
                var cents = 1_000L + i % 7_919;
                expectedCents += cents;
                await copy.StartRowAsync();
                await copy.WriteAsync(serviceId);
                await copy.WriteAsync($"{member}/INV-{i:000000}");
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(member);
                await copy.WriteAsync("F-" + member);
                await copy.WriteAsync("member/" + member);
                await copy.WriteAsync(cents, NpgsqlDbType.Bigint);
                await copy.WriteAsync(kit.Clock.GetUtcNow(), NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var peak = before;
        using var sampler = new Timer(_ => peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64), null, 0, 100);
        var clock = Stopwatch.StartNew();
        var (run, _) = await kit.Runs.StartAsync(new DateOnly(2026, 11, 20), "finance-1");
        clock.Stop();

        await using var file = await kit.Ledger.OpenFileAsync(run.RunId);
        var bytes = 0L;
        var buffer = new byte[81_920];
        int read;
        while ((read = await file!.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }

        var payments = await kit.Ledger.ReadPaymentsAsync(run.RunId);
        Assert.Equal((PaymentRunStatus.FileStored, Payees, expectedCents), (run.Status, payments.Count, payments.Sum(p => p.Amount.Cents)));
        output.WriteLine($"run over {PayablesCount} payables for {Payees} payees: {clock.Elapsed.TotalSeconds:0.0} s to the stored file of {bytes / 1024 / 1024.0:0.0} MB; " +
            $"working set {before / 1024 / 1024} MB before, peak {peak / 1024 / 1024} MB (+{(peak - before) / 1024 / 1024} MB)");
    }

    private static string ServiceIdOf(PaymentTestKit kit) => kit.ServiceId;
}
