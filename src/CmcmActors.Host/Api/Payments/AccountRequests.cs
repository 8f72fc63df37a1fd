using System.ComponentModel.DataAnnotations;
using CmcmActors.Host.Api.OpenApi;

namespace CmcmActors.Host.Api.Payments;

/// <summary>POST /api/families/{familyId}/members/{memberId}/bank-accounts: a new account, waiting for a second confirmation.</summary>
public sealed class BankAccountRequest
{
    /// <summary>As typed: spaces and any case accepted; kept in electronic form.</summary>
    [Required]
    public string? Iban { get; init; }
    /// <summary>Optional (SEPA needs only the IBAN); 8 or 11 characters when given.</summary>
    public string? Bic { get; init; }
    [Required]
    public string? HolderName { get; init; }
}

/// <summary>POST /api/bank-accounts/{accountId}/refusal.</summary>
public sealed class BankAccountRefusalRequest
{
    [Required]
    public string? Reason { get; init; }
}

/// <summary>POST /api/providers.</summary>
public sealed class ProviderCreateRequest
{
    [Required, ApiId]
    public string? ProviderId { get; init; }
    [Required]
    public string? Name { get; init; }
    /// <summary>LU, FR, DE or BE.</summary>
    [Required]
    public string? Country { get; init; }
    [Required]
    public string? Iban { get; init; }
    [Required]
    public string? Bic { get; init; }
}

/// <summary>PUT /api/providers/{providerId}: the provider as it is now (every field).</summary>
public sealed class ProviderUpdateRequest
{
    [Required]
    public string? Name { get; init; }
    [Required]
    public string? Country { get; init; }
    [Required]
    public string? Iban { get; init; }
    [Required]
    public string? Bic { get; init; }
}
