namespace CmcmActors.Domain.Payments.Sepa;

/// <summary>The CMCM's own account, which every transfer of a file is debited from.</summary>
public sealed record SepaDebtor(string Name, string Iban, string Bic);

/// <summary>
/// What a pain.001 file declares before its transfers: its id and time, how many transfers and their sum (checked
/// against the transfers actually written), the debtor, the execution date asked of the bank, and the id of its one
/// payment information block.
/// </summary>
public sealed record Pain001Header(string MessageId, DateTimeOffset CreatedAt, int NumberOfTransactions,
    Money.Money ControlSum, SepaDebtor Debtor, DateOnly RequestedExecutionDate, string PaymentInformationId);

/// <summary>
/// One credit transfer. <paramref name="EndToEndId"/> is the payment's id (the bank's status report names it back);
/// <paramref name="CreditorIban"/> may be typed form (spaces, any case): it is written in electronic form.
/// </summary>
public sealed record Pain001Transfer(string EndToEndId, Money.Money Amount, string CreditorName, string CreditorIban,
    string? CreditorBic, string RemittanceInformation);
