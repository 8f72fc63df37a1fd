using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Membership;

/// <summary>
/// The date and order rules of the family commands (<see cref="FamilyRules"/>), one test each, through the family's own
/// commands: whoever calls them (the API, the grain, the scenario replay) gets the same refusal.
/// </summary>
public sealed class FamilyRulesTests
{
    /// <summary>Applied on 2026-06-10, main affiliate born 1980-05-01, contribution paid that day.</summary>
    private static Family Enrolled() => FamilyBuilder.Enrolled("2026-06-10");

    [Fact]
    public void BornBeforeApplying_BirthDateAfterTheApplication_RefusedNamingBirthDate()
    {
        var rejection = Family.Enrol("f-1", "m-1", D("2026-06-11"), D("2026-06-10"), CoverageLevel.RC, EnrolmentReason.FirstTime, FamilyBuilder.EligibleResident).Refused();

        Assert.Equal(new Rejection("invalid-birth-date", "The birth date 2026-06-11 is after the application date 2026-06-10.", "birthDate", RejectionKind.InvalidRequest),
            rejection);
    }

    [Fact]
    public void OneMainAffiliate_CoAffiliateOfKindMainAffiliate_RefusedNamingKind()
    {
        var rejection = Enrolled().AddCoAffiliate("m-2", MemberKind.MainAffiliate, D("1981-01-01"), true, D("2026-09-01")).Refused();

        Assert.Equal(new Rejection("main-affiliate-at-enrolment",
            "The main affiliate is set at enrolment: a co-affiliate is a spouseOrPartner, householdRelative, child or fosterChild.", "kind", RejectionKind.InvalidRequest),
            rejection);
    }

    [Fact]
    public void AddedAfterBirth_AddedTheDayBeforeBeingBorn_RefusedNamingAddedOn()
    {
        var rejection = Enrolled().AddCoAffiliate("c-1", MemberKind.Child, D("2026-09-02"), false, D("2026-09-01")).Refused();

        Assert.Equal(new Rejection("added-before-birth", "The member is added (2026-09-01) before being born (2026-09-02).", "addedOn", RejectionKind.InvalidRequest),
            rejection);
    }

    [Fact]
    public void BirthOrAdoptionInRange_AdoptedAfterBeingAdded_RefusedNamingBornOrAdoptedOn()
    {
        var rejection = Enrolled().AddCoAffiliate("c-1", MemberKind.Child, D("2020-03-01"), false, D("2026-09-01"), bornOrAdoptedOn: D("2026-09-02")).Refused();

        Assert.Equal(new Rejection("birth-or-adoption-out-of-range", "The birth or adoption lies between the birth date and the date the member is added.",
            "bornOrAdoptedOn", RejectionKind.InvalidRequest), rejection);
    }

    [Fact]
    public void AddedAfterApplying_AddedTheDayBeforeTheFamilyApplied_RefusedNamingAddedOn()
    {
        var rejection = Enrolled().AddCoAffiliate("c-1", MemberKind.Child, D("2020-03-01"), false, D("2026-06-09")).Refused();

        Assert.Equal(new Rejection("added-before-application", "The member is added (2026-06-09) before the family applied (2026-06-10).", "addedOn",
            RejectionKind.InvalidRequest), rejection);
    }

    [Fact]
    public void LevelChangeAfterApplying_RequestDatedTheDayBeforeTheFamilyApplied_RefusedNamingRequestReceived()
    {
        var rejection = Enrolled().ChangeLevel(D("2026-06-09"), CoverageLevel.RC).Refused();

        Assert.Equal(new Rejection("level-change-before-application", "The request (2026-06-09) is dated before the family applied (2026-06-10).", "requestReceived",
            RejectionKind.InvalidRequest), rejection);
    }

    [Fact]
    public void RemovedAfterAdded_RemovalTheDayBeforeTheMemberWasAdded_RefusedNamingEffective()
    {
        var family = Enrolled().AddCoAffiliate("c-1", MemberKind.Child, D("2020-03-01"), false, D("2026-09-01")).Ok();

        var rejection = family.RemoveCoAffiliate("c-1", D("2026-08-31")).Refused();

        Assert.Equal(new Rejection("removal-before-added", "The removal (2026-08-31) is before the member was added (2026-09-01).", "effective",
            RejectionKind.InvalidRequest), rejection);
    }

    [Fact]
    public void PaidAfterApplying_PaymentDatedTheDayBeforeTheFamilyApplied_RefusedNamingPaidOn()
    {
        var rejection = FamilyBuilder.Enrolled("2026-06-10", paid: false).RecordPayment(2026, Eur(300m), D("2026-06-09")).Refused();

        Assert.Equal(new Rejection("payment-before-application", "The payment (2026-06-09) is dated before the family applied (2026-06-10).", "paidOn",
            RejectionKind.InvalidRequest), rejection);
    }

    [Fact]
    public void ResignedAfterApplying_ResignationTheDayBeforeTheFamilyApplied_RefusedNamingEffective()
    {
        var rejection = Enrolled().Resign(D("2026-06-09")).Refused();

        Assert.Equal(new Rejection("resignation-before-application", "The resignation (2026-06-09) is before the family applied (2026-06-10).", "effective",
            RejectionKind.InvalidRequest), rejection);
    }

    [Fact]
    public void ReadmittedAfterResigning_ApplicationTheDayBeforeTheResignation_RefusedNamingApplicationReceived()
    {
        var family = Enrolled().Resign(D("2027-01-01")).Ok();

        var rejection = family.Readmit(D("2026-12-31"), CoverageLevel.RC).Refused();

        Assert.Equal(new Rejection("readmission-before-resignation", "The application (2026-12-31) is dated before the resignation (2027-01-01).", "applicationReceived",
            RejectionKind.InvalidRequest), rejection);
    }

    [Fact]
    public void EveryDateRule_OnTheBoundaryDay_Kept()
    {
        var family = Enrolled()
            .AddCoAffiliate("c-1", MemberKind.Child, D("2026-06-10"), false, D("2026-06-10"), bornOrAdoptedOn: D("2026-06-10")).Ok()
            .ChangeLevel(D("2026-06-10"), CoverageLevel.RC).Ok()
            .RemoveCoAffiliate("c-1", D("2026-06-10")).Ok()
            .Resign(D("2026-06-10")).Ok()
            .Readmit(D("2026-06-10"), CoverageLevel.RC).Ok();

        Assert.Equal((D("2026-06-10"), CoverageLevel.RC), (family.FindMember("c-1")!.LeftOn!.Value, family.Affiliation.CurrentLevel));
    }
}
