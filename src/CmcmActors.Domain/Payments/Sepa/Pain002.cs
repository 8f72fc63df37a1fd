namespace CmcmActors.Domain.Payments.Sepa;

/// <summary>
/// A bank's status report on a pain.001 file. <paramref name="GroupStatus"/> is the file's status (e.g. <c>ACCP</c>,
/// <c>RJCT</c>, <c>PART</c>), null when the report gives none; <paramref name="Transactions"/> are the per-transfer
/// statuses the report lists (a file rejected whole may list none).
/// </summary>
public sealed record Pain002Report(string MessageId, string OriginalMessageId, string? GroupStatus,
    IReadOnlyList<Pain002Transaction> Transactions);

/// <summary>
/// The status of one transfer, by its end-to-end id. <paramref name="Status"/> is the transfer's own <c>TxSts</c>, or
/// when it has none, its payment information block's status, or else the group status.
/// </summary>
public sealed record Pain002Transaction(string OriginalEndToEndId, string Status, string? ReasonCode, string? AdditionalInformation)
{
    /// <summary>The bank refused this transfer: the money did not leave.</summary>
    public bool IsRejected => Status == "RJCT";
}

/// <summary>A file given as a pain.002 status report is not one; the message names the element at fault.</summary>
public sealed class Pain002FormatException : Exception
{
    public Pain002FormatException(string message)
        : base(message)
    {
    }

    public Pain002FormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
