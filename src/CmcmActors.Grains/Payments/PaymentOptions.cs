using CmcmActors.Domain.Payments;
using Microsoft.Extensions.Options;

namespace CmcmActors.Grains.Payments;

/// <summary>Section "Cmcm:Payments": the CMCM's own account (the debtor of every transfer), the daily run and the four-eyes and recovery limits.</summary>
public sealed class PaymentOptions
{
    public const string Section = "Cmcm:Payments";

    /// <summary>The CMCM's name as the bank file gives it (SEPA character set, at most 70 characters).</summary>
    public string DebtorName { get; set; } = "CAISSE MEDICO-CHIRURGICALE MUTUALISTE";

    /// <summary>The CMCM's account the transfers leave from (IBAN, electronic form).</summary>
    public string DebtorIban { get; set; } = "LU280019400644750000";

    public string DebtorBic { get; set; } = "BCEELULL";

    /// <summary>Whether a run starts by itself every day at <see cref="DailyCutOff"/> (Luxembourg time).</summary>
    public bool DailyRun { get; set; }

    /// <summary>The time of day, Luxembourg time, of the daily run; payables written before it are in that day's run.</summary>
    public TimeOnly DailyCutOff { get; set; } = new(16, 0);

    /// <summary>A payment above this many euros waits for a second finance officer's confirmation.</summary>
    public decimal SecondConfirmationAboveEuros { get; set; } = 10_000m;

    /// <summary>A receivable open longer than this many days is on the recovery list.</summary>
    public int RecoveryDays { get; set; } = 90;

    /// <summary>How long a host may process a run before another may take it up (a host that died leaves it to expire).</summary>
    public int RunLeaseSeconds { get; set; } = 120;

    public Domain.Money.Money SecondConfirmationAbove => Domain.Money.Money.FromEuros(SecondConfirmationAboveEuros);
}

/// <summary>Refuses settings that cannot work, naming the key, so that the host does not start with them.</summary>
public sealed class PaymentOptionsValidator : IValidateOptions<PaymentOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DebtorName) || options.DebtorName.Length > 70)
        {
            errors.Add($"{PaymentOptions.Section}:DebtorName must be 1 to 70 characters.");
        }

        if (!Iban.TryParse(options.DebtorIban, out _, out var ibanRefusal))
        {
            errors.Add($"{PaymentOptions.Section}:DebtorIban is not a valid IBAN: {ibanRefusal}");
        }

        if (!Bic.TryParse(options.DebtorBic, out _, out var bicRefusal))
        {
            errors.Add($"{PaymentOptions.Section}:DebtorBic is not a valid BIC: {bicRefusal}");
        }

        if (options.SecondConfirmationAboveEuros <= 0 || decimal.Round(options.SecondConfirmationAboveEuros, 2) != options.SecondConfirmationAboveEuros)
        {
            errors.Add($"{PaymentOptions.Section}:SecondConfirmationAboveEuros must be a positive amount in cents (it is {options.SecondConfirmationAboveEuros}).");
        }

        if (options.RecoveryDays is < 1 or > 3650)
        {
            errors.Add($"{PaymentOptions.Section}:RecoveryDays must be between 1 and 3650 (it is {options.RecoveryDays}).");
        }

        if (options.RunLeaseSeconds is < 10 or > 3600)
        {
            errors.Add($"{PaymentOptions.Section}:RunLeaseSeconds must be between 10 and 3600 (it is {options.RunLeaseSeconds}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
