using CmcmActors.Domain.Payments;

namespace CmcmActors.Grains.Payments;

public enum PaymentRunStatus
{
    /// <summary>Making one payment per holder (a run cut short by a crash is taken up again from here).</summary>
    Assigning,

    /// <summary>Every payment is made; some wait for their second confirmation before the file is written.</summary>
    AwaitingConfirmation,

    /// <summary>The pain.001 file is stored: ready to send to the bank, download again at will.</summary>
    FileStored,

    /// <summary>No payment was left to pay (nothing due, every holder held or netted, every large payment refused): no file.</summary>
    NothingToPay,
}

/// <summary>A payment run: one per cut-off date.</summary>
public sealed record PaymentRunRecord(string RunId, DateOnly CutOff, string StartedBy, DateTimeOffset StartedAt, PaymentRunStatus Status, DateTimeOffset ChangedAt);

/// <summary>
/// One transfer of a run to one holder: the account it goes to (as the payee directory gave it when the run made it), the
/// net amount of the payables assigned to it, the remittance text, and where it stands.
/// </summary>
public sealed record PaymentRecord(
    string PaymentId,
    string RunId,
    string Holder,
    string HolderName,
    string AccountId,
    string Iban,
    string? Bic,
    Domain.Money.Money Amount,
    int Payables,
    string Remittance,
    PaymentStatus Status,
    string? DecidedBy,
    DateOnly? PaidOn,
    string? ReturnCode,
    string? ReturnReason);

/// <summary>What is due to one payee, in no payment yet: the sums of his positive and his negative payables.</summary>
public sealed record PayeeDue(string Payee, Domain.Money.Money Owed, Domain.Money.Money Recovered, int Payables);

/// <summary>A payment to make: the holder, where it goes, and the payees whose due payables it takes.</summary>
public sealed record NewPayment(string PaymentId, string RunId, PayeeRef Holder, string HolderName, PayeeAccount Account, IReadOnlyList<string> Payees);

/// <summary>One payment's outcome in a bank report: paid out on a date, or returned with the reason.</summary>
public sealed record PaymentReturn(string PaymentId, bool Accepted, string? ReasonCode, string? Reason);

/// <summary>
/// The payments' store: what is owed (rows the members' journal writes with the claims), runs, payments, files and the
/// bank's returns. Every method that changes money is one atomic step, so a crash between two leaves a state a run can
/// be taken up from.
/// </summary>
public interface IPaymentLedger
{
    /// <summary>The run of <paramref name="cutOff"/>: created now (Created true), or the one that exists already.</summary>
    Task<(PaymentRunRecord Run, bool Created)> CreateRunAsync(DateOnly cutOff, string startedBy, DateTimeOffset at);

    /// <summary>
    /// Takes the right to process the run until <paramref name="until"/> for <paramref name="owner"/>: true when no other
    /// owner holds an unexpired lease (an owner may renew his own).
    /// </summary>
    Task<bool> TryLeaseRunAsync(string runId, string owner, DateTimeOffset now, DateTimeOffset until);

    Task SetRunStatusAsync(string runId, PaymentRunStatus status, DateTimeOffset at);

    Task<PaymentRunRecord?> GetRunAsync(string runId);

    /// <summary>The runs, newest cut-off first.</summary>
    Task<IReadOnlyList<PaymentRunRecord>> ListRunsAsync(int limit);

    /// <summary>What is due, payee by payee (payables in no payment).</summary>
    Task<IReadOnlyList<PayeeDue>> ReadDueAsync();

    /// <summary>
    /// In one transaction: when the run has no payment for the holder yet, takes every due payable of
    /// <see cref="NewPayment.Payees"/> (those written after this step began stay due for the next run) and makes one
    /// payment of their sum, waiting for a second confirmation above <paramref name="secondConfirmationAbove"/>. When the
    /// sum is not positive nothing is written and null is returned; when the holder has a payment in the run already,
    /// that one is returned.
    /// </summary>
    Task<PaymentRecord?> AssignAsync(NewPayment payment, Domain.Money.Money secondConfirmationAbove, DateTimeOffset at);

    /// <summary>
    /// <see cref="AssignAsync"/> for many holders in one transaction (each payee belongs to one of them): the payments
    /// made, and those the holders had in the run already. A run of tens of thousands of holders pays one commit per batch.
    /// </summary>
    Task<IReadOnlyList<PaymentRecord>> AssignManyAsync(IReadOnlyList<NewPayment> payments, Domain.Money.Money secondConfirmationAbove, DateTimeOffset at);

    Task<PaymentRecord?> GetPaymentAsync(string paymentId);

    /// <summary>The run's payments in payment id order.</summary>
    Task<IReadOnlyList<PaymentRecord>> ReadPaymentsAsync(string runId);

    /// <summary>The run's payments of <paramref name="status"/> one by one, in payment id order (for the file: never all in memory).</summary>
    IAsyncEnumerable<PaymentRecord> StreamPaymentsAsync(string runId, PaymentStatus status, CancellationToken cancellationToken = default);

    /// <summary>The payables a payment holds.</summary>
    Task<IReadOnlyList<Payable>> ReadPaymentPayablesAsync(string paymentId);

    /// <summary>
    /// A second officer's decision on a payment awaiting it: confirmed (Ready) or refused (its payables due again). False
    /// when the payment was no longer awaiting (another decision came first): nothing changed.
    /// </summary>
    Task<bool> DecidePaymentAsync(string paymentId, bool confirm, string by, DateTimeOffset at);

    /// <summary>Stores the run's file from <paramref name="content"/> (read to its end, not held whole by the store); a second store of a run's file keeps the first.</summary>
    Task StoreFileAsync(string runId, Stream content, DateTimeOffset at);

    /// <summary>The run's file as stored, or null; the caller disposes the stream.</summary>
    Task<Stream?> OpenFileAsync(string runId);

    /// <summary>
    /// Applies a bank report once: when <paramref name="messageId"/> was imported already, nothing changes and false is
    /// returned. Accepted payments become paid out on <paramref name="paidOn"/>; returned ones set their payables due
    /// again with the reason. Only payments still Ready change.
    /// </summary>
    Task<bool> ApplyReturnAsync(string runId, string messageId, IReadOnlyList<PaymentReturn> returns, DateOnly paidOn, string by, DateTimeOffset at);

    /// <summary>A member's payables and the payments they are in (claim payment states).</summary>
    Task<IReadOnlyList<PayableStanding>> ReadMemberStandingsAsync(string memberId);

    /// <summary>The payables in no payment of the payees that net below zero (what is owed to the CMCM).</summary>
    Task<IReadOnlyList<Payable>> ReadOwingPayablesAsync();
}
