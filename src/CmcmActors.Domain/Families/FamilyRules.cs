namespace CmcmActors.Domain.Families;

/// <summary>
/// The date and order rules of the family commands: nothing about a family happens before the family applied, a person
/// is not added before being born, a member is not removed before being added, a re-admission follows the resignation.
/// Each rule is one function returning its refusal (null when the command keeps the rule), called by the
/// <see cref="Family"/> commands, and by the HTTP edge for the rules that need no family, so that a request's every
/// mistake is reported at once. Their refusals are <see cref="RejectionKind.InvalidRequest"/>: the request's dates are
/// wrong, whatever state the family is in. Fields are the commands' parameter names.
/// </summary>
public static class FamilyRules
{
    /// <summary>Rule "born before applying": the main affiliate's birth date is on or before the application date.</summary>
    public static Rejection? BirthBeforeApplication(DateOnly birthDate, DateOnly applicationReceived) =>
        birthDate > applicationReceived
            ? Invalid("invalid-birth-date", $"The birth date {birthDate:yyyy-MM-dd} is after the application date {applicationReceived:yyyy-MM-dd}.", "birthDate")
            : null;

    /// <summary>Rule "one main affiliate": the main affiliate is set at enrolment; a co-affiliate is of another kind.</summary>
    public static Rejection? CoAffiliateKind(MemberKind kind) =>
        kind == MemberKind.MainAffiliate
            ? Invalid("main-affiliate-at-enrolment",
                "The main affiliate is set at enrolment: a co-affiliate is a spouseOrPartner, householdRelative, child or fosterChild.", "kind")
            : null;

    /// <summary>Rule "added after birth": a co-affiliate is added on or after his or her birth date.</summary>
    public static Rejection? AddedAfterBirth(DateOnly birthDate, DateOnly addedOn) =>
        birthDate > addedOn
            ? Invalid("added-before-birth", $"The member is added ({addedOn:yyyy-MM-dd}) before being born ({birthDate:yyyy-MM-dd}).", "addedOn")
            : null;

    /// <summary>Rule "birth or adoption in range": a newborn's birth or a child's adoption lies between the birth date and the day added (both inclusive).</summary>
    public static Rejection? BirthOrAdoptionInRange(DateOnly birthDate, DateOnly addedOn, DateOnly? bornOrAdoptedOn) =>
        bornOrAdoptedOn is { } on && (on < birthDate || on > addedOn)
            ? Invalid("birth-or-adoption-out-of-range", "The birth or adoption lies between the birth date and the date the member is added.", "bornOrAdoptedOn")
            : null;

    /// <summary>Rule "added after applying": a co-affiliate is added on or after the day the family applied.</summary>
    public static Rejection? AddedAfterApplication(DateOnly appliedOn, DateOnly addedOn) =>
        addedOn < appliedOn
            ? Invalid("added-before-application", $"The member is added ({addedOn:yyyy-MM-dd}) before the family applied ({appliedOn:yyyy-MM-dd}).", "addedOn")
            : null;

    /// <summary>Rule "level change after applying": a level change is requested on or after the day the family applied.</summary>
    public static Rejection? LevelChangeAfterApplication(DateOnly appliedOn, DateOnly requestReceived) =>
        requestReceived < appliedOn
            ? Invalid("level-change-before-application", $"The request ({requestReceived:yyyy-MM-dd}) is dated before the family applied ({appliedOn:yyyy-MM-dd}).", "requestReceived")
            : null;

    /// <summary>Rule "removed after added": a co-affiliate leaves the roster on or after the day he or she was added.</summary>
    public static Rejection? RemovalAfterAdded(DateOnly addedOn, DateOnly effective) =>
        effective < addedOn
            ? Invalid("removal-before-added", $"The removal ({effective:yyyy-MM-dd}) is before the member was added ({addedOn:yyyy-MM-dd}).", "effective")
            : null;

    /// <summary>Rule "paid after applying": a contribution is paid on or after the day the family applied.</summary>
    public static Rejection? PaymentAfterApplication(DateOnly appliedOn, DateOnly paidOn) =>
        paidOn < appliedOn
            ? Invalid("payment-before-application", $"The payment ({paidOn:yyyy-MM-dd}) is dated before the family applied ({appliedOn:yyyy-MM-dd}).", "paidOn")
            : null;

    /// <summary>Rule "resigned after applying": a resignation takes effect on or after the day the family applied.</summary>
    public static Rejection? ResignationAfterApplication(DateOnly appliedOn, DateOnly effective) =>
        effective < appliedOn
            ? Invalid("resignation-before-application", $"The resignation ({effective:yyyy-MM-dd}) is before the family applied ({appliedOn:yyyy-MM-dd}).", "effective")
            : null;

    /// <summary>Rule "re-admitted after resigning": a re-admission is applied for on or after the resignation date.</summary>
    public static Rejection? ReadmissionAfterResignation(DateOnly? resignedOn, DateOnly applicationReceived) =>
        resignedOn is { } resigned && applicationReceived < resigned
            ? Invalid("readmission-before-resignation", $"The application ({applicationReceived:yyyy-MM-dd}) is dated before the resignation ({resigned:yyyy-MM-dd}).",
                "applicationReceived")
            : null;

    /// <summary>The first refusal of <paramref name="checks"/>, or null when every rule is kept.</summary>
    public static Rejection? First(params ReadOnlySpan<Rejection?> checks)
    {
        foreach (var check in checks)
        {
            if (check is not null)
            {
                return check;
            }
        }

        return null;
    }

    private static Rejection Invalid(string code, string message, string field) => new(code, message, field, RejectionKind.InvalidRequest);
}
