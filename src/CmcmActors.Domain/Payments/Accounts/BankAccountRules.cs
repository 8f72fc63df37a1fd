using CmcmActors.Domain.Families;
using CmcmActors.Domain.Payments.Sepa;

namespace CmcmActors.Domain.Payments.Accounts;

/// <summary>
/// The four-eyes rules of members' bank accounts. A new or changed account is asked for by the member or by a clerk and
/// takes effect only when a second person confirms it: a staff member (front desk, finance or admin) other than the one
/// who asked. Until then payments to that member wait. Each rule has a test named after it.
/// </summary>
public static class BankAccountRules
{
    /// <summary>A co-affiliate may have his own account from this age on the day he asks.</summary>
    public const int AdultAge = 18;

    /// <summary>The holder's name is written as the creditor's name of a SEPA transfer (<c>Nm</c>, 70 characters).</summary>
    public const int HolderNameLength = 70;

    public const int RefusalReasonLength = 500;

    /// <summary>
    /// A request for a new account for <paramref name="holder"/>. Refused: an invalid IBAN (field <c>iban</c>, with the
    /// reason) or BIC (<c>bic</c>); a holder name missing, too long or with nothing SEPA can write (<c>holderName</c>); a
    /// co-affiliate under 18 on <paramref name="today"/> (<c>memberId</c>: his claims are paid to the main affiliate's
    /// account); a change already waiting for its second confirmation (<c>memberId</c>). A co-affiliate whose birth date the
    /// family does not have is allowed, and the decision's note says so.
    /// </summary>
    public static AccountDecision Request(AccountRequest request, AccountHolder holder, AccountActor by, IReadOnlyList<BankAccount> history,
        string accountId, DateTimeOffset at, DateOnly today)
    {
        if (!Payments.Iban.TryParse(request.Iban, out var iban, out var ibanRefusal))
        {
            return AccountDecision.Refused("iban", "invalid-iban", $"IBAN: {ibanRefusal}.");
        }

        Bic? bic = null;
        if (!string.IsNullOrWhiteSpace(request.Bic) && !Bic.TryParse(request.Bic, out bic, out var bicRefusal))
        {
            return AccountDecision.Refused("bic", "invalid-bic", $"BIC: {bicRefusal}.");
        }

        var name = request.HolderName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return AccountDecision.Refused("holderName", "holder-name-required", "The account holder's name is required.");
        }

        if (name.Length > HolderNameLength)
        {
            return AccountDecision.Refused("holderName", "holder-name-too-long", $"The account holder's name has at most {HolderNameLength} characters.");
        }

        if (SepaText.Transliterate(name, HolderNameLength).Length == 0)
        {
            return AccountDecision.Refused("holderName", "holder-name-not-writable", "The account holder's name has no letter a bank transfer can carry.");
        }

        string? note = null;
        if (holder.Kind != MemberKind.MainAffiliate)
        {
            if (holder.BirthDate is { } birth)
            {
                if (AgeOn(birth, today) < AdultAge)
                {
                    return AccountDecision.Refused("memberId", "minor-own-account",
                        $"Member {holder.MemberId} is under {AdultAge}: his or her claims are paid to the main affiliate's account.");
                }
            }
            else
            {
                note = $"Birth date of member {holder.MemberId} not known: allowed as an adult co-affiliate without checking the age.";
            }
        }

        if (history.FirstOrDefault(a => a.State == BankAccountState.Pending) is { } pending)
        {
            return AccountDecision.Refused("memberId", "account-change-pending",
                $"A change of account ({pending.MaskedIban}, asked on {pending.RequestedAt:yyyy-MM-dd}) waits for its second confirmation: confirm or refuse it first.");
        }

        var account = new BankAccount(accountId, holder.FamilyId, holder.MemberId, iban.Value, bic?.Value, name, BankAccountState.Pending,
            by.Subject, by.Role, at);
        return new AccountDecision(account, null, note);
    }

    /// <summary>
    /// The second confirmation. Refused: a member (<c>role</c>: only the CMCM's staff confirm); the person who asked
    /// (<c>confirmedBy</c>: four eyes); an account no longer waiting (<c>accountId</c>: already confirmed or refused).
    /// The confirmed account is in force from <paramref name="at"/>; the member's earlier account is replaced at the same
    /// instant (<see cref="Replace"/>).
    /// </summary>
    public static AccountDecision Confirm(BankAccount account, AccountActor by, DateTimeOffset at)
    {
        if (!by.IsStaff)
        {
            return AccountDecision.Refused("role", "staff-only", "Only the CMCM's staff confirm a bank account.");
        }

        if (string.Equals(by.Subject, account.RequestedBy, StringComparison.Ordinal))
        {
            return AccountDecision.Refused("confirmedBy", "four-eyes",
                $"{by.Subject} asked for this account: another staff member must confirm it.");
        }

        if (account.State != BankAccountState.Pending)
        {
            return AccountDecision.Refused("accountId", "account-not-pending", NotPending(account));
        }

        return new AccountDecision(account with
        {
            State = BankAccountState.Confirmed,
            DecidedBy = by.Subject,
            DecidedAt = at,
            ValidFrom = at,
        }, null);
    }

    /// <summary>
    /// Refusing a request, with a reason. Refused: a member (<c>role</c>), no reason (<c>reason</c>), an account no
    /// longer waiting (<c>accountId</c>). The one who asked may refuse his own request (it withdraws it).
    /// </summary>
    public static AccountDecision Refuse(BankAccount account, AccountActor by, string? reason, DateTimeOffset at)
    {
        if (!by.IsStaff)
        {
            return AccountDecision.Refused("role", "staff-only", "Only the CMCM's staff refuse a bank account.");
        }

        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            return AccountDecision.Refused("reason", "reason-required", "Say why the account is refused.");
        }

        if (why.Length > RefusalReasonLength)
        {
            return AccountDecision.Refused("reason", "reason-too-long", $"A reason has at most {RefusalReasonLength} characters.");
        }

        if (account.State != BankAccountState.Pending)
        {
            return AccountDecision.Refused("accountId", "account-not-pending", NotPending(account));
        }

        return new AccountDecision(account with
        {
            State = BankAccountState.Refused,
            DecidedBy = by.Subject,
            DecidedAt = at,
            RefusalReason = why,
        }, null);
    }

    /// <summary>The member's account in force until <paramref name="at"/>, when a newer one was confirmed.</summary>
    public static BankAccount Replace(BankAccount confirmed, DateTimeOffset at) =>
        confirmed with { State = BankAccountState.Replaced, ValidTo = at };

    /// <summary>The bank rejected a payment to this account: flagged (payments wait) until the member's account is changed.</summary>
    public static BankAccount Flag(BankAccount account, string reasonCode, string reason, DateTimeOffset at) =>
        account with { FlagCode = reasonCode, FlagReason = reason, FlaggedAt = at };

    /// <summary>Whole years from <paramref name="birth"/> to <paramref name="on"/> (born on 29 February: a year older on 28 February of a common year).</summary>
    public static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        return on < birth.AddYears(age) ? age - 1 : age;
    }

    private static string NotPending(BankAccount account) => account.State switch
    {
        BankAccountState.Refused => $"Account {account.AccountId} was refused by {account.DecidedBy}.",
        _ => $"Account {account.AccountId} was already confirmed by {account.DecidedBy}.",
    };
}
