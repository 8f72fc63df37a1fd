using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Membership;

/// <summary>The family aggregate: enrolment, roster rules, level changes, payments, resignation and re-admission.</summary>
public sealed class FamilyTests
{
    private static Family Enrolled() => FamilyBuilder.Enrolled("2026-06-10");

    [Fact]
    public void Enrol_EligibleApplicant_TiersStartOnFirstOfNextMonthWithFirstTimeWaiting()
    {
        var family = Family.Enrol("f-1", "m-1", D("1980-05-01"), D("2026-06-10"), CoverageLevel.RC_PP_DO, EnrolmentReason.FirstTime, FamilyBuilder.EligibleResident).Ok();

        Assert.Equal(
            new[]
            {
                new TierSpell(Tier.RC, D("2026-07-01"), null, 3),
                new TierSpell(Tier.PP, D("2026-07-01"), null, 3),
                new TierSpell(Tier.DO, D("2026-07-01"), null, 3),
                new TierSpell(Tier.ASSIST, D("2026-07-01"), null, 0),
            },
            family.Affiliation.Spells);
        Assert.Equal(D("2026-07-01"), family.Affiliation.CurrentStart);
        Assert.Equal(CoverageLevel.RC_PP_DO, family.Affiliation.CurrentLevel);
        Assert.Equal("m-1", family.MainAffiliate.MemberId);
        Assert.Null(family.MainAffiliate.OwnStart);
    }

    [Fact]
    public void Enrol_DomicileOutsideTheArea_RejectedAsNotEligible()
    {
        var facts = new EligibilityFacts(true, false, StatutoryInsuranceKind.LuxembourgFund, new Domicile("NL"));

        var rejection = Family.Enrol("f-1", "m-1", D("1980-05-01"), D("2026-06-10"), CoverageLevel.RC, EnrolmentReason.FirstTime, facts).Refused();

        Assert.Equal("not-eligible:domicile", rejection.Code);
    }

    [Fact]
    public void AffiliationInEffect_NoPaymentRecorded_False()
    {
        Assert.False(FamilyBuilder.Enrolled("2026-06-10", paid: false).AffiliationInEffect);
    }

    [Fact]
    public void AffiliationInEffect_PaymentRecorded_True()
    {
        var family = FamilyBuilder.Enrolled("2026-06-10", paid: false).RecordPayment(2026, Eur(120.00m), D("2026-08-20")).Ok();

        Assert.True(family.AffiliationInEffect);
        Assert.Equal(new ContributionPayment(2026, Eur(120.00m), D("2026-08-20")), Assert.Single(family.Payments));
    }

    [Fact]
    public void Decision_DuplicatePayment_SameYearAmountAndDate_RecordedOnce()
    {
        var once = FamilyBuilder.Enrolled("2026-06-10", paid: false).RecordPayment(2026, Eur(120.00m), D("2026-08-20")).Ok();

        var again = once.RecordPayment(2026, Eur(120.00m), D("2026-08-20")).Ok();
        var otherDay = once.RecordPayment(2026, Eur(120.00m), D("2026-08-21")).Ok();

        Assert.Same(once, again);
        Assert.Single(again.Payments);
        Assert.Equal(2, otherDay.Payments.Count);
    }

    [Theory]
    [InlineData("0.00")]
    [InlineData("-10.00")]
    public void RecordPayment_AmountNotPositive_Rejected(string amount)
    {
        var rejection = Enrolled().RecordPayment(2026, Eur(Amounts.Dec(amount)), D("2026-07-01")).Refused();

        Assert.Equal("invalid-amount", rejection.Code);
    }

    [Fact]
    public void AddCoAffiliate_SpouseAddedAfterTheFamilyStarted_OwnStartOnFirstOfNextMonth()
    {
        var family = Enrolled().AddCoAffiliate("m-2", MemberKind.SpouseOrPartner, D("1982-01-01"), true, D("2026-11-20")).Ok();

        Assert.Equal(D("2026-12-01"), family.FindMember("m-2")!.OwnStart);
    }

    [Fact]
    public void AddCoAffiliate_SpouseAddedBeforeTheFamilyStarts_TakesTheFamilysDates()
    {
        var family = Enrolled().AddCoAffiliate("m-2", MemberKind.SpouseOrPartner, D("1982-01-01"), true, D("2026-06-20")).Ok();

        Assert.Null(family.FindMember("m-2")!.OwnStart);
    }

    [Fact]
    public void AddCoAffiliate_SecondSpouse_RejectedAsNotCoAffiliable()
    {
        var family = Enrolled().AddCoAffiliate("m-2", MemberKind.SpouseOrPartner, D("1982-01-01"), true, D("2026-07-10")).Ok();

        var rejection = family.AddCoAffiliate("m-3", MemberKind.SpouseOrPartner, D("1983-01-01"), true, D("2026-07-11")).Refused();

        Assert.Equal("not-co-affiliable", rejection.Code);
        Assert.Equal("The family already has a spouse or partner.", rejection.Message);
        Assert.Equal("kind", rejection.Field);
    }

    [Fact]
    public void AddCoAffiliate_HouseholdRelativeAfterTheSpouseLeft_Allowed()
    {
        var family = Enrolled()
            .AddCoAffiliate("m-2", MemberKind.SpouseOrPartner, D("1982-01-01"), true, D("2026-07-10")).Ok()
            .RemoveCoAffiliate("m-2", D("2026-09-01")).Ok();

        var withRelative = family.AddCoAffiliate("m-3", MemberKind.HouseholdRelative, D("1955-01-01"), true, D("2026-09-01")).Ok();

        Assert.Equal(MemberKind.HouseholdRelative, withRelative.FindMember("m-3")!.Kind);
    }

    [Fact]
    public void AddCoAffiliate_HouseholdRelativeWhileSpouseOnRoster_Rejected()
    {
        var family = Enrolled().AddCoAffiliate("m-2", MemberKind.SpouseOrPartner, D("1982-01-01"), true, D("2026-07-10")).Ok();

        var rejection = family.AddCoAffiliate("m-3", MemberKind.HouseholdRelative, D("1955-01-01"), true, D("2026-08-31")).Refused();

        Assert.Equal("A household relative can be co-affiliated only where there is no spouse or partner.", rejection.Message);
    }

    [Fact]
    public void AddCoAffiliate_SameMemberIdTwice_Rejected()
    {
        var family = Enrolled().AddCoAffiliate("m-2", MemberKind.Child, D("2015-01-01"), true, D("2026-07-10")).Ok();

        var rejection = family.AddCoAffiliate("m-2", MemberKind.Child, D("2016-01-01"), true, D("2026-07-10")).Refused();

        Assert.Equal("duplicate-member", rejection.Code);
    }

    [Fact]
    public void AddCoAffiliate_SpouseNotCoInsured_Rejected()
    {
        var rejection = Enrolled().AddCoAffiliate("m-2", MemberKind.SpouseOrPartner, D("1982-01-01"), false, D("2026-07-10")).Refused();

        Assert.Equal("not-co-affiliable", rejection.Code);
    }

    [Fact]
    public void AddCoAffiliate_ChildUnder19PersonallyInsured_Allowed()
    {
        var family = Enrolled().AddCoAffiliate("m-2", MemberKind.Child, D("2008-01-01"), false, D("2026-07-10")).Ok();

        Assert.False(family.FindMember("m-2")!.CoInsuredWithMainAffiliate);
    }

    [Fact]
    public void AddCoAffiliate_FamilyResigned_RejectedAsNotActive()
    {
        var family = Enrolled().Resign(D("2027-01-01")).Ok();

        Assert.Equal("not-active", family.AddCoAffiliate("m-2", MemberKind.Child, D("2015-01-01"), true, D("2027-02-01")).Refused().Code);
    }

    [Fact]
    public void RemoveCoAffiliate_UnknownMember_Rejected()
    {
        Assert.Equal("unknown-member", Enrolled().RemoveCoAffiliate("m-9", D("2026-09-01")).Refused().Code);
    }

    [Fact]
    public void RemoveCoAffiliate_MainAffiliate_Rejected()
    {
        Assert.Equal("main-affiliate", Enrolled().RemoveCoAffiliate("m-1", D("2026-09-01")).Refused().Code);
    }

    [Fact]
    public void RemoveCoAffiliate_Twice_RejectedAsAlreadyRemoved()
    {
        var family = Enrolled()
            .AddCoAffiliate("m-2", MemberKind.Child, D("2015-01-01"), true, D("2026-07-10")).Ok()
            .RemoveCoAffiliate("m-2", D("2026-09-01")).Ok();

        Assert.Equal(D("2026-09-01"), family.FindMember("m-2")!.LeftOn);
        Assert.Equal("already-removed", family.RemoveCoAffiliate("m-2", D("2026-10-01")).Refused().Code);
    }

    [Fact]
    public void FamilyMember_RemovedOnADate_OnRosterOnlyBefore()
    {
        var member = new FamilyMember("m-2", MemberKind.Child, D("2015-01-01"), true, D("2026-07-10"), null, D("2026-09-01"));

        Assert.True(member.IsOnRosterOn(D("2026-08-31")));
        Assert.False(member.IsOnRosterOn(D("2026-09-01")));
    }

    [Fact]
    public void ChangeLevel_SameLevel_Rejected()
    {
        Assert.Equal("same-level", Enrolled().ChangeLevel(D("2026-08-01"), CoverageLevel.RC_PP_DO).Refused().Code);
    }

    [Fact]
    public void ChangeLevel_FamilyResigned_RejectedAsNotActive()
    {
        var family = Enrolled().Resign(D("2027-01-01")).Ok();

        Assert.Equal("not-active", family.ChangeLevel(D("2027-02-01"), CoverageLevel.RC).Refused().Code);
    }

    [Fact]
    public void Resign_Twice_RejectedAsNotActive()
    {
        var family = Enrolled().Resign(D("2027-01-01")).Ok();

        Assert.Equal("not-active", family.Resign(D("2027-02-01")).Refused().Code);
    }

    [Fact]
    public void Resign_ActiveFamily_EveryTierEndsOnTheDate()
    {
        var family = Enrolled().Resign(D("2027-01-01")).Ok();

        Assert.All(family.Affiliation.Spells, s => Assert.Equal(D("2027-01-01"), s.End));
        Assert.Null(family.Affiliation.CurrentLevel);
        Assert.Equal(D("2027-01-01"), family.Affiliation.ResignedOn);
    }

    [Fact]
    public void Readmit_StillActive_Rejected()
    {
        Assert.Equal("still-active", Enrolled().Readmit(D("2027-02-01"), CoverageLevel.RC).Refused().Code);
    }

    [Fact]
    public void Readmit_AfterResignation_NewSpellsWith12And36MonthsAndAPaymentDueAgain()
    {
        var family = Enrolled().Resign(D("2027-01-01")).Ok().Readmit(D("2027-03-10"), CoverageLevel.RC_PP_DO).Ok();

        Assert.Equal(EnrolmentReason.Readmission, family.EnrolmentReason);
        Assert.False(family.AffiliationInEffect);
        Assert.Equal(
            new[]
            {
                new TierSpell(Tier.RC, D("2027-04-01"), null, 12),
                new TierSpell(Tier.PP, D("2027-04-01"), null, 12),
                new TierSpell(Tier.DO, D("2027-04-01"), null, 36),
                new TierSpell(Tier.ASSIST, D("2027-04-01"), null, 0),
            },
            family.Affiliation.Spells.Where(s => s.End is null));
    }

    [Fact]
    public void ProfileOf_LateCoAffiliate_CarriesOwnStartSpellsStatutoryPeriodsAndPayment()
    {
        var periods = new[] { new StatutoryPeriod(D("2000-01-01"), null) };
        var family = Enrolled().AddCoAffiliate("m-2", MemberKind.SpouseOrPartner, D("1982-01-01"), true, D("2026-11-20")).Ok();

        var profile = family.ProfileOf("m-2", periods);

        Assert.Equal("m-2", profile.MemberId);
        Assert.Equal("f-1", profile.FamilyId);
        Assert.Equal(MemberKind.SpouseOrPartner, profile.Kind);
        Assert.Equal(D("2026-12-01"), profile.OwnStart);
        Assert.Null(profile.LeftOn);
        Assert.Same(periods, profile.StatutoryPeriods);
        Assert.Equal(family.Affiliation.Spells, profile.FamilySpells);
        Assert.True(profile.AffiliationInEffect);
    }

    [Fact]
    public void ProfileOf_UnknownMember_Throws()
    {
        Assert.Throws<ArgumentException>(() => Enrolled().ProfileOf("m-9", []));
    }
}
