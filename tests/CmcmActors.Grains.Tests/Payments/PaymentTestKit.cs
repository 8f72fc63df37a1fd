using System.Collections.Concurrent;
using System.Numerics;
using CmcmActors.Domain.Payments;
using CmcmActors.Grains.Journal;
using CmcmActors.Grains.Payments;
using CmcmActors.Grains.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CmcmActors.Grains.Tests.Payments;

/// <summary>
/// A ledger of its own (a fresh service id) on memory or PostgreSQL, the journal that writes its payables, a payee
/// directory fake (every payee is his own holder unless told, with a valid IBAN), and runs over them.
/// </summary>
public sealed class PaymentTestKit : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly IAsyncDisposable? _owned;

    private PaymentTestKit(string serviceId, IPaymentLedger ledger, IMemberJournal journal, IAsyncDisposable? owned)
    {
        ServiceId = serviceId;
        Ledger = ledger;
        Journal = journal;
        _owned = owned;
        Runs = NewRuns();
        Returns = new PaymentReturns(ledger, Directory, Clock, NullLogger<PaymentReturns>.Instance);
    }

    public string ServiceId { get; }

    public IPaymentLedger Ledger { get; }

    public IMemberJournal Journal { get; }

    public FakePayeeDirectory Directory { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero));

    public PaymentOptions Options { get; } = new();

    public PaymentRuns Runs { get; }

    public PaymentReturns Returns { get; }

    public static async Task<PaymentTestKit> CreateAsync(bool postgres)
    {
        var serviceId = "pay-test-" + Guid.NewGuid().ToString("N")[..10];
        if (!postgres)
        {
            return new PaymentTestKit(serviceId, MemoryPaymentLedger.For(serviceId), MemoryMemberJournal.For(serviceId), null);
        }

        var connection = CmcmClusterFixture.PostgresConnectionString;
        await Grains.Hosting.PostgresSchema.ApplyAsync(connection);
        var journal = new PostgresMemberJournal(connection, serviceId, new MemberJournalOptions(), NullLogger<PostgresMemberJournal>.Instance);
        var ledger = new PostgresPaymentLedger(connection, serviceId);
        return new PaymentTestKit(serviceId, ledger, journal, new Both(journal, ledger));
    }

    /// <summary>A second host's runs over the same ledger (its own lease owner).</summary>
    public PaymentRuns NewRuns() => new(Ledger, Directory, Microsoft.Extensions.Options.Options.Create(Options), Clock, NullLogger<PaymentRuns>.Instance);

    /// <summary>A claim change of <paramref name="cents"/> owed to member <paramref name="memberId"/>, written as the member grain writes it.</summary>
    public async Task<Payable> OweAsync(string memberId, long cents, string? claimId = null)
    {
        var version = _versions.AddOrUpdate(memberId, 1, (_, v) => v + 1);
        var payable = new Payable(claimId ?? memberId + "/INV-" + Guid.NewGuid().ToString("N")[..8], version, memberId, "F-" + memberId, Payables.MemberPayee(memberId),
            new Domain.Money.Money(cents), Clock.GetUtcNow());
        await Journal.AppendAsync(new MemberAppend(memberId, version - 1, MemberHead.New with { Version = version }, [], []) { Payables = [payable] });
        return payable;
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }

    private sealed class Both(PostgresMemberJournal journal, PostgresPaymentLedger ledger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await journal.DisposeAsync();
            await ledger.DisposeAsync();
        }
    }
}

/// <summary>Routes every payee to himself (or to the holder set in <see cref="HolderOf"/>) with a valid Luxembourg IBAN; holds those in <see cref="Holds"/>.</summary>
public sealed class FakePayeeDirectory : IPayeeDirectory
{
    public ConcurrentDictionary<string, string> Holds { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> HolderOf { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string AccountId, string ReasonCode)> Flagged { get; } = new();

    public Task<PayeeRoute> RouteAsync(PayeeRef payee, CancellationToken cancellationToken = default)
    {
        var holder = HolderOf.TryGetValue(payee.ToString(), out var h) ? PaymentRuns.ParsePayee(h) : payee;
        var account = new PayeeAccount("ACC-" + holder.Id, IbanFor(holder.Id), "BCEELULL", "Holder " + holder.Id);
        return Task.FromResult(new PayeeRoute(payee, holder, account.HolderName, account, Holds.GetValueOrDefault(holder.ToString())));
    }

    public Task FlagRejectedAsync(string accountId, string reasonCode, string reason, CancellationToken cancellationToken = default)
    {
        Flagged.Enqueue((accountId, reasonCode));
        return Task.CompletedTask;
    }

    /// <summary>A Luxembourg IBAN (bank 001) whose account number comes from the id, with its mod-97 check digits.</summary>
    public static string IbanFor(string id)
    {
        var account = "001" + (BigInteger.Abs(new BigInteger(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))) % BigInteger.Pow(10, 13)).ToString("D13", System.Globalization.CultureInfo.InvariantCulture);
        var digits = BigInteger.Parse(account + "2130" + "00", System.Globalization.CultureInfo.InvariantCulture); // L=21, U=30
        var check = 98 - (int)(digits % 97);
        return $"LU{check:D2}{account}";
    }
}
