using CmcmActors.Domain.Payments.Accounts;
using CmcmActors.Grains.Payments;

namespace CmcmActors.Host.Api.Payments;

/// <summary>
/// One bank account as a caller may see it. <see cref="Iban"/> is the whole IBAN for staff and null for a member, who
/// sees <see cref="IbanMasked"/> only, and no staff names. <see cref="CanConfirm"/>: the caller may give this request its
/// second confirmation (staff, and not the one who asked). <see cref="Note"/>: what was allowed without being checked.
/// </summary>
public sealed record BankAccountResponse(
    string AccountId,
    string FamilyId,
    string MemberId,
    string? Iban,
    string IbanMasked,
    string? Bic,
    string HolderName,
    BankAccountState State,
    string? RequestedBy,
    DateTimeOffset RequestedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? RefusalReason,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    string? FlagCode,
    string? FlagReason,
    DateTimeOffset? FlaggedAt,
    bool CanConfirm,
    string? Note = null)
{
    public static BankAccountResponse From(BankAccount a, AccountActor caller, string? note = null)
    {
        var staff = caller.IsStaff;
        return new BankAccountResponse(a.AccountId, a.FamilyId, a.MemberId, staff ? a.Iban : null, a.MaskedIban, a.Bic, a.HolderName, a.State,
            staff || a.RequestedBy == caller.Subject ? a.RequestedBy : null, a.RequestedAt, staff ? a.DecidedBy : null, a.DecidedAt, a.RefusalReason,
            a.ValidFrom, a.ValidTo, a.FlagCode, a.FlagReason, a.FlaggedAt,
            staff && a.State == BankAccountState.Pending && a.RequestedBy != caller.Subject, note);
    }
}

/// <summary>
/// Where the member's payments go today: to his own account or his family's main affiliate's
/// (<see cref="ToMainAffiliate"/>; <see cref="HolderMemberId"/> only for a caller who may see that member), which one
/// (masked), or why they wait (<see cref="HoldReason"/>).
/// </summary>
public sealed record PayeeResponse(bool ToMainAffiliate, string? HolderMemberId, string? AccountId, string? IbanMasked, string? HoldReason)
{
    public static PayeeResponse From(PayeeRoute route, bool maySeeHolder) =>
        new(route.Holder.Id != route.Payee.Id, maySeeHolder ? route.Holder.Id : null, route.Account?.AccountId,
            route.Account is { } a ? Domain.Payments.Iban.Mask(a.Iban) : null, route.HoldReason);
}

/// <summary>GET .../bank-accounts: where payments go, and every account of the member, newest request first.</summary>
public sealed record BankAccountsResponse(string MemberId, PayeeResponse Payments, List<BankAccountResponse> Accounts);

/// <summary>A partner provider, for staff and finance.</summary>
public sealed record ProviderResponse(
    string ProviderId,
    string Name,
    string Country,
    string Iban,
    string Bic,
    string AccountId,
    string UpdatedBy,
    DateTimeOffset UpdatedAt,
    string? FlagCode,
    string? FlagReason,
    DateTimeOffset? FlaggedAt)
{
    public static ProviderResponse From(PartnerProvider p) =>
        new(p.ProviderId, p.Name, p.Country, p.Iban, p.Bic, p.AccountId, p.UpdatedBy, p.UpdatedAt, p.FlagCode, p.FlagReason, p.FlaggedAt);
}
