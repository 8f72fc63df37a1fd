namespace CmcmActors.Domain.Payments.Accounts;

/// <summary>
/// A hospital or clinic that bills the CMCM directly ("tiers payant"): what the CMCM pays on its claims goes to its account.
/// Admin-managed. <see cref="AccountRevision"/> grows with each change of IBAN or BIC, so that a payment names the account
/// it went to (<see cref="AccountId"/>); a change clears the flag the bank's rejection set.
/// </summary>
public sealed record PartnerProvider(
    string ProviderId,
    string Name,
    string Country,
    string Iban,
    string Bic,
    int AccountRevision,
    string UpdatedBy,
    DateTimeOffset UpdatedAt,
    string? FlagCode = null,
    string? FlagReason = null,
    DateTimeOffset? FlaggedAt = null)
{
    public const string AccountPrefix = "PA-";

    public string AccountId => $"{AccountPrefix}{ProviderId}-{AccountRevision}";

    public bool IsFlagged => FlaggedAt is not null;
}

/// <summary>A provider as an admin types it.</summary>
public sealed record ProviderInput(string? Name, string? Country, string? Iban, string? Bic);

/// <summary>The rules of partner providers: each refusal names its field.</summary>
public static class PartnerProviderRules
{
    /// <summary>The countries whose hospitals the CMCM pays directly (brochure: "Transfert à l'étranger"), and Luxembourg.</summary>
    public static readonly IReadOnlyList<string> Countries = ["LU", "FR", "DE", "BE"];

    public const int NameLength = 70;

    /// <summary>
    /// A new provider (<paramref name="current"/> null) or a change. Refused: a name missing or longer than 70 (<c>name</c>),
    /// a country other than LU, FR, DE, BE (<c>country</c>), an invalid IBAN (<c>iban</c>, with the reason) or a missing or
    /// invalid BIC (<c>bic</c>). A change of IBAN or BIC is a new account revision and clears the bank's flag.
    /// </summary>
    public static (PartnerProvider? Provider, IReadOnlyList<AccountRefusal> Refusals) Apply(string providerId, ProviderInput input, PartnerProvider? current,
        AccountActor by, DateTimeOffset at)
    {
        var refusals = new List<AccountRefusal>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            refusals.Add(new("name", "name-required", "The provider's name is required."));
        }
        else if (name.Length > NameLength)
        {
            refusals.Add(new("name", "name-too-long", $"A provider's name has at most {NameLength} characters."));
        }

        var country = input.Country?.Trim().ToUpperInvariant();
        if (country is null || !Countries.Contains(country))
        {
            refusals.Add(new("country", "country-not-served", $"The country is one of {string.Join(", ", Countries)}."));
        }

        Iban? iban = null;
        if (!Iban.TryParse(input.Iban, out iban, out var ibanRefusal))
        {
            refusals.Add(new("iban", "invalid-iban", $"IBAN: {ibanRefusal}."));
        }

        Bic? bic = null;
        if (!Bic.TryParse(input.Bic, out bic, out var bicRefusal))
        {
            refusals.Add(new("bic", "invalid-bic", $"BIC: {bicRefusal}."));
        }

        if (refusals.Count > 0)
        {
            return (null, refusals);
        }

        var accountChanged = current is null || current.Iban != iban!.Value || current.Bic != bic!.Value;
        var provider = new PartnerProvider(providerId, name!, country!, iban!.Value, bic!.Value,
            current is null ? 1 : current.AccountRevision + (accountChanged ? 1 : 0), by.Subject, at,
            accountChanged ? null : current!.FlagCode, accountChanged ? null : current!.FlagReason, accountChanged ? null : current!.FlaggedAt);
        return (provider, refusals);
    }

    /// <summary>The bank rejected a payment to the provider's current account: flagged until an admin changes it.</summary>
    public static PartnerProvider Flag(PartnerProvider provider, string reasonCode, string reason, DateTimeOffset at) =>
        provider with { FlagCode = reasonCode, FlagReason = reason, FlaggedAt = at };
}
