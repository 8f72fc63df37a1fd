namespace CmcmActors.Domain.Payments.Accounts;

/// <summary>Who acts on an account: a member for himself or his family, or a staff member of the CMCM.</summary>
public enum AccountActorRole
{
    Member = 0,
    FrontDesk = 1,
    Finance = 2,
    Admin = 3,
}

/// <summary>A person acting on an account: the token's subject and the role it acts in.</summary>
public sealed record AccountActor(string Subject, AccountActorRole Role)
{
    /// <summary>Front desk, finance or admin: the roles that may give an account's second confirmation.</summary>
    public bool IsStaff => Role != AccountActorRole.Member;
}

/// <summary>Where an account stands. Every account ever asked for is kept, whatever its state.</summary>
public enum BankAccountState
{
    /// <summary>Asked for; waits for a second person (staff, not the one who asked) to confirm it. Payments wait too.</summary>
    Pending = 0,

    /// <summary>In force since <see cref="BankAccount.ValidFrom"/>: payments go to it (unless the bank rejected one).</summary>
    Confirmed = 1,

    /// <summary>Was in force from <see cref="BankAccount.ValidFrom"/> to <see cref="BankAccount.ValidTo"/>, when a newer account was confirmed.</summary>
    Replaced = 2,

    /// <summary>A staff member refused the request (<see cref="BankAccount.RefusalReason"/>); it never took effect.</summary>
    Refused = 3,
}

/// <summary>
/// One bank account of a member, from the request that asked for it to the day it was replaced. <see cref="Iban"/> is in
/// electronic form. <see cref="ValidFrom"/> is set when it is confirmed, <see cref="ValidTo"/> (exclusive) when a newer one
/// takes over. A flag (<see cref="FlaggedAt"/>) means the bank rejected a payment to it: payments to it wait until the
/// member's account is changed.
/// </summary>
public sealed record BankAccount(
    string AccountId,
    string FamilyId,
    string MemberId,
    string Iban,
    string? Bic,
    string HolderName,
    BankAccountState State,
    string RequestedBy,
    AccountActorRole RequestedRole,
    DateTimeOffset RequestedAt,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null,
    string? RefusalReason = null,
    DateTimeOffset? ValidFrom = null,
    DateTimeOffset? ValidTo = null,
    string? FlagCode = null,
    string? FlagReason = null,
    DateTimeOffset? FlaggedAt = null)
{
    public bool IsFlagged => FlaggedAt is not null;

    /// <summary>What a member is shown of the IBAN: <c>****</c> and its last four characters.</summary>
    public string MaskedIban => Payments.Iban.Mask(Iban);
}

/// <summary>A request for a new account as typed (IBAN with spaces, any case; BIC optional).</summary>
public sealed record AccountRequest(string? Iban, string? Bic, string? HolderName);

/// <summary>
/// The member an account is asked for, as his family knows him: the main affiliate or a co-affiliate, and the birth date
/// when the family has it (an adult co-affiliate may have an account of his own).
/// </summary>
public sealed record AccountHolder(string FamilyId, string MemberId, Families.MemberKind Kind, DateOnly? BirthDate);

/// <summary>Why an account request, confirmation or refusal was refused: the field it is about, a stable code and plain words.</summary>
public sealed record AccountRefusal(string Field, string Code, string Message);

/// <summary>The outcome of a rule: the account as it now is, or a refusal. <see cref="Note"/> says what was allowed without being checked.</summary>
public sealed record AccountDecision(BankAccount? Account, AccountRefusal? Refusal, string? Note = null)
{
    public bool IsRefused => Refusal is not null;

    public static AccountDecision Refused(string field, string code, string message) => new(null, new AccountRefusal(field, code, message));
}
