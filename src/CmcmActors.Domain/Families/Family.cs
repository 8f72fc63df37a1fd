using System.Collections.Immutable;
using System.Text.Json.Serialization;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.StatutoryCover;

namespace CmcmActors.Domain.Families;

/// <param name="OwnStart">The member's own start date when added after the family, else null (the family's dates).</param>
/// <param name="LeftOn">First day no longer on the roster, if removed.</param>
public sealed record FamilyMember(
    string MemberId,
    MemberKind Kind,
    DateOnly BirthDate,
    bool CoInsuredWithMainAffiliate,
    DateOnly AddedOn,
    DateOnly? OwnStart,
    DateOnly? LeftOn)
{
    public bool IsOnRosterOn(DateOnly date) => LeftOn is null || date < LeftOn.Value;
}

public sealed record ContributionPayment(int Year, Money.Money Amount, DateOnly PaidOn);

/// <summary>What a refusal is about, so that the edges can answer it properly (HTTP: 400 or 409).</summary>
public enum RejectionKind
{
    /// <summary>The family's state does not allow the command (not active, already removed, the same level).</summary>
    Conflict,

    /// <summary>The request's own values break a rule whatever the family's state (a date before the family applied): the request is wrong.</summary>
    InvalidRequest,
}

/// <summary>A command on a family was refused: a business rule, with a code and words for a person.</summary>
public sealed record Rejection(string Code, string Message, string? Field = null, RejectionKind Kind = RejectionKind.Conflict);

/// <summary>The result of a command: the new state, or why it was refused. Refusals are values, not exceptions.</summary>
public readonly record struct Result<T>(T? Value, Rejection? Rejection)
{
    public bool IsSuccess => Rejection is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Rejection rejection) => new(default, rejection);
}

/// <summary>
/// A CMCM family: the main affiliate and co-affiliates, the tier history and the contribution payments.
/// Immutable; every command returns a new family or a <see cref="Rejection"/>.
/// </summary>
public sealed record Family(
    string FamilyId,
    ImmutableList<FamilyMember> Members,
    FamilyAffiliation Affiliation,
    ImmutableList<ContributionPayment> Payments,
    EnrolmentReason EnrolmentReason)
{
    [JsonIgnore]
    public FamilyMember MainAffiliate => Members.First(m => m.Kind == MemberKind.MainAffiliate);

    /// <summary>The day the family applied (its main affiliate's enrolment): nothing about the family happens before it.</summary>
    [JsonIgnore]
    public DateOnly AppliedOn => MainAffiliate.AddedOn;

    /// <summary>
    /// Decision "affiliation takes effect on payment" (spec, section 4): the affiliation starts on the first of the
    /// month after the application but pays nothing until the first due contribution is recorded; once it is, care
    /// from the start date on is covered.
    /// </summary>
    [JsonIgnore]
    public bool AffiliationInEffect => !Payments.IsEmpty;

    public static Result<Family> Enrol(
        string familyId,
        string mainMemberId,
        DateOnly mainBirthDate,
        DateOnly applicationReceived,
        CoverageLevel level,
        EnrolmentReason reason,
        EligibilityFacts eligibility)
    {
        var check = Eligibility.Check(eligibility);
        if (!check.IsEligible)
        {
            return new Rejection("not-eligible:" + check.ReasonCode, check.Explanation);
        }

        if (FamilyRules.BirthBeforeApplication(mainBirthDate, applicationReceived) is { } wrongDates)
        {
            return wrongDates;
        }

        var main = new FamilyMember(mainMemberId, MemberKind.MainAffiliate, mainBirthDate, true, applicationReceived, null, null);
        return new Family(familyId, [main], FamilyAffiliation.Enrol(applicationReceived, level, reason), [], reason);
    }

    /// <param name="bornOrAdoptedOn">For a newborn or newly adopted child: the date of birth or adoption.</param>
    public Result<Family> AddCoAffiliate(string memberId, MemberKind kind, DateOnly birthDate, bool coInsuredWithMainAffiliate, DateOnly addedOn, DateOnly? bornOrAdoptedOn = null)
    {
        if (FamilyRules.First(FamilyRules.CoAffiliateKind(kind), FamilyRules.AddedAfterBirth(birthDate, addedOn),
                FamilyRules.BirthOrAdoptionInRange(birthDate, addedOn, bornOrAdoptedOn), FamilyRules.AddedAfterApplication(AppliedOn, addedOn)) is { } wrongRequest)
        {
            return wrongRequest;
        }

        if (!Affiliation.IsActive || Affiliation.CurrentStart is not { } familyStart)
        {
            return new Rejection("not-active", "The family has no active affiliation.");
        }

        if (Members.Any(m => m.MemberId == memberId))
        {
            return new Rejection("duplicate-member", $"Member {memberId} is already on the roster.", "memberId");
        }

        var roster = Members.Where(m => m.IsOnRosterOn(addedOn)).Select(m => m.Kind).ToArray();
        if (CoAffiliation.CheckCanJoin(kind, roster, birthDate, coInsuredWithMainAffiliate, addedOn) is { } refusal)
        {
            return new Rejection("not-co-affiliable", refusal, "kind");
        }

        var ownStart = TierCoverage.MemberStartWhenAdded(addedOn, familyStart, bornOrAdoptedOn);
        return this with { Members = Members.Add(new FamilyMember(memberId, kind, birthDate, coInsuredWithMainAffiliate, addedOn, ownStart, null)) };
    }

    /// <summary>A co-affiliate leaves the roster; care from <paramref name="effective"/> on is not covered.</summary>
    public Result<Family> RemoveCoAffiliate(string memberId, DateOnly effective)
    {
        var index = Members.FindIndex(m => m.MemberId == memberId);
        if (index < 0)
        {
            return new Rejection("unknown-member", $"Member {memberId} is not on the roster of family {FamilyId}.", "memberId");
        }

        var member = Members[index];
        if (FamilyRules.RemovalAfterAdded(member.AddedOn, effective) is { } wrongDates)
        {
            return wrongDates;
        }

        if (member.Kind == MemberKind.MainAffiliate)
        {
            return new Rejection("main-affiliate", "The main affiliate cannot be removed; the family resigns instead.", "memberId");
        }

        if (member.LeftOn is not null)
        {
            return new Rejection("already-removed", $"Member {memberId} left the roster on {member.LeftOn:yyyy-MM-dd}.", "memberId");
        }

        return this with { Members = Members.SetItem(index, member with { LeftOn = effective }) };
    }

    public Result<Family> ChangeLevel(DateOnly requestReceived, CoverageLevel level)
    {
        if (FamilyRules.LevelChangeAfterApplication(AppliedOn, requestReceived) is { } wrongDates)
        {
            return wrongDates;
        }

        if (Affiliation.CurrentLevel is not { } current)
        {
            return new Rejection("not-active", "The family has no active affiliation.");
        }

        if (current == level)
        {
            return new Rejection("same-level", $"The family already holds {level.DisplayName()}.", "level");
        }

        return this with { Affiliation = Affiliation.ChangeLevel(requestReceived, level) };
    }

    public Result<Family> RecordPayment(int year, Money.Money amount, DateOnly paidOn)
    {
        if (amount.Cents <= 0)
        {
            return new Rejection("invalid-amount", "A contribution payment must be positive.", "amount");
        }

        if (FamilyRules.PaymentAfterApplication(AppliedOn, paidOn) is { } wrongDates)
        {
            return wrongDates;
        }

        // Decision: a payment of the same year, amount and date as one recorded is the same payment sent again (a retry
        // after a timeout), not a second one: recording it changes nothing.
        var payment = new ContributionPayment(year, amount, paidOn);
        return Payments.Contains(payment) ? this : this with { Payments = Payments.Add(payment) };
    }

    public Result<Family> Resign(DateOnly effective)
    {
        if (FamilyRules.ResignationAfterApplication(AppliedOn, effective) is { } wrongDates)
        {
            return wrongDates;
        }

        if (!Affiliation.IsActive)
        {
            return new Rejection("not-active", "The family has no active affiliation.");
        }

        return this with { Affiliation = Affiliation.Resign(effective) };
    }

    /// <summary>Re-admission after resignation: 12 months of waiting for RC and PP, 36 for DO; a new payment is due.</summary>
    public Result<Family> Readmit(DateOnly applicationReceived, CoverageLevel level)
    {
        if (Affiliation.IsActive)
        {
            return new Rejection("still-active", "Only a family that has resigned can be re-admitted.");
        }

        if (FamilyRules.ReadmissionAfterResignation(Affiliation.ResignedOn, applicationReceived) is { } wrongDates)
        {
            return wrongDates;
        }

        return this with { Affiliation = Affiliation.Readmit(applicationReceived, level), Payments = [], EnrolmentReason = EnrolmentReason.Readmission };
    }

    public FamilyMember? FindMember(string memberId) => Members.Find(m => m.MemberId == memberId);

    /// <summary>What adjudication needs about <paramref name="memberId"/>, with his or her statutory periods.</summary>
    public MemberProfile ProfileOf(string memberId, IReadOnlyList<StatutoryPeriod> statutoryPeriods)
    {
        var member = FindMember(memberId) ?? throw new ArgumentException($"Member {memberId} is not in family {FamilyId}.", nameof(memberId));
        return new MemberProfile(memberId, FamilyId, member.Kind, member.BirthDate, member.CoInsuredWithMainAffiliate,
            member.OwnStart, member.LeftOn, Affiliation.Spells, statutoryPeriods, AffiliationInEffect);
    }
}
