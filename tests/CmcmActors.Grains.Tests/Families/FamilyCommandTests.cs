using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Families;

/// <summary>Family commands and their effect on claims; run on in-memory storage and on PostgreSQL.</summary>
public abstract class FamilyCommandTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Enrol_NeitherMutualistNorPayingTheMutualityContribution_RejectedAndNothingStored()
    {
        var familyId = NewId("F");
        var facts = new EligibilityFacts(false, false, StatutoryInsuranceKind.LuxembourgFund, new Domicile("LU"));

        var result = await Grains.Family(familyId).EnrolAsync(Enrolment(familyId, facts));

        Assert.False(result.IsSuccess);
        Assert.Equal("not-eligible:not-mutualist", result.Rejection!.Code);
        Assert.Null(result.Family);
        Assert.Null(await Grains.Family(familyId).GetAsync());
    }

    [Fact]
    public async Task Enrol_NeighbouringSchemeDomiciledOutsideTheBorderRegions_RejectedForTheDomicile()
    {
        var familyId = NewId("F");
        var facts = new EligibilityFacts(true, false, StatutoryInsuranceKind.NeighbouringCountryScheme, new Domicile("FR", "FR-75"));

        var result = await Grains.Family(familyId).EnrolAsync(Enrolment(familyId, facts));

        Assert.Equal("not-eligible:domicile", result.Rejection!.Code);
        Assert.Null(await Grains.Family(familyId).GetAsync());
    }

    [Fact]
    public async Task Enrol_EligibleFamily_EveryTierStartsNextMonthAndWaitsThreeMonths()
    {
        var familyId = NewId("F");

        var result = await Grains.Family(familyId).EnrolAsync(Enrolment(familyId, Eligible));

        Assert.True(result.IsSuccess);
        var family = result.Family!;
        Assert.Equal((CoverageLevel.RC_PP_DO, EnrolmentReason.FirstTime, false, 1L), (family.Level, family.EnrolmentReason, family.AffiliationInEffect, family.Version));
        Assert.Equal(
            [
                new TierStatus(Tier.RC, new DateOnly(2026, 1, 1), null, 3, new DateOnly(2026, 4, 1)),
                new TierStatus(Tier.PP, new DateOnly(2026, 1, 1), null, 3, new DateOnly(2026, 4, 1)),
                new TierStatus(Tier.DO, new DateOnly(2026, 1, 1), null, 3, new DateOnly(2026, 4, 1)),
                new TierStatus(Tier.ASSIST, new DateOnly(2026, 1, 1), null, 0, new DateOnly(2026, 1, 1)),
            ],
            family.Tiers);
        Assert.Equal(MemberKind.MainAffiliate, Assert.Single(family.Members).Kind);
    }

    [Fact]
    public async Task Enrol_AnEnrolledFamilyAgain_RejectedAsAlreadyEnrolled()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);

        var result = await Grains.Family(familyId).EnrolAsync(Enrolment(familyId, Eligible));

        Assert.Equal("already-enrolled", result.Rejection!.Code);
    }

    [Fact]
    public async Task AddCoAffiliate_Spouse_HasCapsOfItsOwn()
    {
        var (familyId, mainId) = await EnrolledFamilyAsync(Grains);
        var spouseId = await CoAffiliateAsync(Grains, familyId, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2));

        var main = await Grains.SubmitAsync(Claim(familyId, mainId, "FR-1", Line("DO.OPTIC.FRAMES", 100m)));
        var spouse = await Grains.SubmitAsync(Claim(familyId, spouseId, "FR-1", Line("DO.OPTIC.FRAMES", 100m)));

        Assert.Equal((Eur(30m), Eur(30m)), (main.TotalPaid, spouse.TotalPaid));
        Assert.Equal(2, (await Grains.Family(familyId).GetAsync())!.Members.Count);
    }

    [Fact]
    public async Task AddCoAffiliate_SecondSpouse_Rejected()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        await CoAffiliateAsync(Grains, familyId, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2));

        var result = await Grains.Family(familyId).AddCoAffiliateAsync(new AddCoAffiliate(NewId("S"), MemberKind.SpouseOrPartner, new DateOnly(1983, 3, 3), true, Applied, null));

        Assert.Equal(("not-co-affiliable", "kind"), (result.Rejection!.Code, result.Rejection.Field));
    }

    [Fact]
    public async Task AddCoAffiliate_AddedAfterTheFamily_WaitsFromItsOwnStart()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        var spouseId = await CoAffiliateAsync(Grains, familyId, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2), addedOn: new DateOnly(2026, 8, 10));

        var record = await Grains.SubmitAsync(Claim(familyId, spouseId, "LATE-1", Line("DO.OPTIC.LENSES", 120m)));

        var note = Assert.Single(record.Decision!.Lines[0].NotPaying);
        Assert.Equal((ClaimStatus.Refused, Tier.DO, new DateOnly(2026, 12, 1)), (record.Status, note.Tier, note.FirstCoveredDate));
        var spouse = (await Grains.Family(familyId).GetAsync())!.Members.Single(m => m.MemberId == spouseId);
        Assert.Equal(new DateOnly(2026, 9, 1), spouse.OwnStart);
    }

    [Fact]
    public async Task Child_NotCoInsured_CoveredTheDayBefore19()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        var child = await CoAffiliateAsync(Grains, familyId, MemberKind.Child, new DateOnly(2007, 10, 1), coInsured: false);

        var record = await Grains.SubmitAsync(Claim(familyId, child, "KID-1", Line("DO.OPTIC.LENSES", 120m, on: new DateOnly(2026, 9, 30))));

        Assert.Equal((ClaimStatus.Approved, Eur(120m)), (record.Status, record.TotalPaid));
    }

    [Fact]
    public async Task Child_NotCoInsured_RefusedFromThe19thBirthday()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        var child = await CoAffiliateAsync(Grains, familyId, MemberKind.Child, new DateOnly(2007, 10, 1), coInsured: false);

        var record = await Grains.SubmitAsync(Claim(familyId, child, "KID-2", Line("DO.OPTIC.LENSES", 120m, on: new DateOnly(2026, 10, 1))));

        Assert.Equal((ClaimStatus.Refused, ReasonCode.NotCoAffiliated), (record.Status, record.Decision!.Lines[0].Reason));
    }

    [Fact]
    public async Task RemoveCoAffiliate_CareBeforeTheEffectiveDate_StillPaid()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        var spouseId = await CoAffiliateAsync(Grains, familyId, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2));

        var removed = await Grains.Family(familyId).RemoveCoAffiliateAsync(spouseId, new DateOnly(2026, 9, 1));
        var record = await Grains.SubmitAsync(Claim(familyId, spouseId, "RM-1", Line("DO.OPTIC.LENSES", 120m, on: new DateOnly(2026, 8, 31))));

        Assert.Equal(new DateOnly(2026, 9, 1), removed.Family!.Members.Single(m => m.MemberId == spouseId).LeftOn);
        Assert.Equal((ClaimStatus.Approved, Eur(120m)), (record.Status, record.TotalPaid));
    }

    [Fact]
    public async Task RemoveCoAffiliate_CareFromTheEffectiveDate_RefusedAsNotOnTheRoster()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        var spouseId = await CoAffiliateAsync(Grains, familyId, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2));
        await Grains.Family(familyId).RemoveCoAffiliateAsync(spouseId, new DateOnly(2026, 9, 1));

        var record = await Grains.SubmitAsync(Claim(familyId, spouseId, "RM-2", Line("DO.OPTIC.LENSES", 120m, on: new DateOnly(2026, 9, 1))));

        var line = record.Decision!.Lines[0];
        Assert.Equal((ClaimStatus.Refused, ReasonCode.NotOnRoster), (record.Status, line.Reason));
        Assert.Equal("The member left the family's roster on 2026-09-01.", line.Explanation);
    }

    [Fact]
    public async Task RemoveCoAffiliate_MainAffiliate_Rejected()
    {
        var (familyId, mainId) = await EnrolledFamilyAsync(Grains);

        var result = await Grains.Family(familyId).RemoveCoAffiliateAsync(mainId, new DateOnly(2026, 9, 1));

        Assert.Equal("main-affiliate", result.Rejection!.Code);
    }

    [Fact]
    public async Task ChangeLevel_AddingDentaOptiplus_NewTiersWaitFromTheirOwnStart()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains, CoverageLevel.RC);

        var result = await Grains.Family(familyId).ChangeLevelAsync(new DateOnly(2026, 6, 20), CoverageLevel.RC_PP_DO);

        Assert.Equal(CoverageLevel.RC_PP_DO, result.Family!.Level);
        Assert.Equal(
            [
                new TierStatus(Tier.RC, new DateOnly(2026, 1, 1), null, 3, new DateOnly(2026, 4, 1)),
                new TierStatus(Tier.ASSIST, new DateOnly(2026, 1, 1), null, 0, new DateOnly(2026, 1, 1)),
                new TierStatus(Tier.PP, new DateOnly(2026, 7, 1), null, 3, new DateOnly(2026, 10, 1)),
                new TierStatus(Tier.DO, new DateOnly(2026, 7, 1), null, 3, new DateOnly(2026, 10, 1)),
            ],
            result.Family.Tiers);
    }

    [Fact]
    public async Task ChangeLevel_ClaimInTheNewTiersWaitingPeriod_OnlyTheOldTierPays()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, CoverageLevel.RC);
        await Grains.Family(familyId).ChangeLevelAsync(new DateOnly(2026, 6, 20), CoverageLevel.RC_PP_DO);

        var waiting = await Grains.SubmitAsync(Claim(familyId, memberId, "UP-1", Line("RC.DENTAL.FLAT", 1900m, element: "implant", units: 2)));

        Assert.Equal((ClaimStatus.Approved, Eur(300m), Eur(300m)), (waiting.Status, waiting.TotalPaid, waiting.Decision!.PaidBy(Tier.RC)));
        var note = Assert.Single(waiting.Decision!.Lines[0].NotPaying);
        Assert.Equal((Tier.DO, ReasonCode.WaitingPeriod, new DateOnly(2026, 10, 1)), (note.Tier, note.Reason, note.FirstCoveredDate));
    }

    [Fact]
    public async Task ChangeLevel_ClaimAfterTheNewTiersWaitingPeriod_PaidByThem()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, CoverageLevel.RC);
        await Grains.Family(familyId).ChangeLevelAsync(new DateOnly(2026, 6, 20), CoverageLevel.RC_PP_DO);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "UP-2", Line("RC.DENTAL.FLAT", 1900m, element: "implant", units: 2, on: new DateOnly(2026, 10, 1))));

        Assert.Equal((ClaimStatus.Approved, Eur(1300m)), (record.Status, record.TotalPaid));
    }

    [Fact]
    public async Task ChangeLevel_ToTheLevelHeld_Rejected()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);

        var result = await Grains.Family(familyId).ChangeLevelAsync(new DateOnly(2026, 6, 20), CoverageLevel.RC_PP_DO);

        Assert.Equal("same-level", result.Rejection!.Code);
    }

    [Fact]
    public async Task Claim_ContributionNotPaid_RefusedForTheUnpaidContribution()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, paid: false);

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "UNPAID-1", Line("DO.OPTIC.LENSES", 120m)));

        Assert.Equal((ClaimStatus.Refused, ReasonCode.ContributionUnpaid), (record.Status, record.Decision!.Lines[0].Reason));
    }

    [Fact]
    public async Task RecordPayment_FirstContribution_PutsTheAffiliationInEffect()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains, paid: false);

        var paid = await Grains.Family(familyId).RecordPaymentAsync(2026, Eur(312.40m), new DateOnly(2025, 12, 28));
        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "PAID-1", Line("DO.OPTIC.LENSES", 120m)));

        Assert.True(paid.Family!.AffiliationInEffect);
        Assert.Equal(new ContributionPayment(2026, Eur(312.40m), new DateOnly(2025, 12, 28)), Assert.Single(paid.Family.Payments));
        Assert.Equal((ClaimStatus.Approved, Eur(120m)), (record.Status, record.TotalPaid));
    }

    [Fact]
    public async Task RecordPayment_DatedBeforeTheFamilyApplied_RefusedByTheGrainItself_AndNothingRecorded()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        var before = await Grains.Family(familyId).GetAsync();

        var result = await Grains.Family(familyId).RecordPaymentAsync(2026, Eur(312.40m), new DateOnly(2025, 12, 9));

        Assert.Equal(new Rejection("payment-before-application", "The payment (2025-12-09) is dated before the family applied (2025-12-10).", "paidOn",
            RejectionKind.InvalidRequest), result.Rejection);
        Assert.Equal((before!.Version, before.Payments.Count), ((await Grains.Family(familyId).GetAsync())!.Version, (await Grains.Family(familyId).GetAsync())!.Payments.Count));
    }

    [Fact]
    public async Task RecordPayment_ZeroAmount_Rejected()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);

        var result = await Grains.Family(familyId).RecordPaymentAsync(2026, Eur(0m), new DateOnly(2026, 1, 5));

        Assert.Equal(("invalid-amount", "amount"), (result.Rejection!.Code, result.Rejection.Field));
    }

    [Fact]
    public async Task Resign_CareFromTheEffectiveDate_RefusedAsTierNotHeld()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);

        var resigned = await Grains.Family(familyId).ResignAsync(new DateOnly(2026, 9, 1));
        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "RES-1", Line("DO.OPTIC.LENSES", 120m)));

        Assert.Equal((null, new DateOnly(2026, 9, 1)), (resigned.Family!.Level, resigned.Family.ResignedOn));
        Assert.Equal((ClaimStatus.Refused, ReasonCode.TierNotHeld), (record.Status, record.Decision!.Lines[0].Reason));
    }

    [Fact]
    public async Task Readmit_AfterResignation_RcAndPpWaitTwelveMonthsAndDoThirtySix()
    {
        var familyId = await ResignedAndReadmittedFamilyAsync();

        var family = (await Grains.Family(familyId).GetAsync())!;

        Assert.Equal((CoverageLevel.RC_PP_DO, EnrolmentReason.Readmission, (DateOnly?)null), (family.Level, family.EnrolmentReason, family.ResignedOn));
        Assert.Equal(
            [
                new TierStatus(Tier.RC, new DateOnly(2026, 9, 1), null, 12, new DateOnly(2027, 9, 1)),
                new TierStatus(Tier.PP, new DateOnly(2026, 9, 1), null, 12, new DateOnly(2027, 9, 1)),
                new TierStatus(Tier.DO, new DateOnly(2026, 9, 1), null, 36, new DateOnly(2029, 9, 1)),
                new TierStatus(Tier.ASSIST, new DateOnly(2026, 9, 1), null, 0, new DateOnly(2026, 9, 1)),
            ],
            family.Tiers.Where(t => t.End is null));
    }

    [Fact]
    public async Task Readmit_ClaimAfterReadmission_RefusedWithTheTwelveAndThirtySixMonthWaits()
    {
        var familyId = await ResignedAndReadmittedFamilyAsync();
        var memberId = (await Grains.Family(familyId).GetAsync())!.Members[0].MemberId;

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "READ-1", Line("RC.DENTAL.FLAT", 1900m, element: "implant", units: 2)));

        Assert.Equal(ClaimStatus.Refused, record.Status);
        Assert.Equal(
            [(Tier.RC, new DateOnly(2027, 9, 1)), (Tier.DO, new DateOnly(2029, 9, 1))],
            record.Decision!.Lines[0].NotPaying.Select(n => (n.Tier, n.FirstCoveredDate!.Value)));
        Assert.Equal(
            "Régime Commun (RC) is in its waiting period; care is covered from 2027-09-01. Denta & Optiplus (DO) is in its waiting period; care is covered from 2029-09-01.",
            record.Decision.Lines[0].Explanation);
    }

    [Fact]
    public async Task Readmit_ClaimForCareBeforeTheResignation_StillPaid()
    {
        var familyId = await ResignedAndReadmittedFamilyAsync();
        var memberId = (await Grains.Family(familyId).GetAsync())!.Members[0].MemberId;

        var record = await Grains.SubmitAsync(Claim(familyId, memberId, "READ-2", Line("RC.DENTAL.FLAT", 1900m, element: "implant", units: 2, on: new DateOnly(2026, 7, 15))));

        Assert.Equal((ClaimStatus.Approved, Eur(1300m)), (record.Status, record.TotalPaid));
    }

    [Fact]
    public async Task Readmit_ActiveFamily_Rejected()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);

        var result = await Grains.Family(familyId).ReadmitAsync(new DateOnly(2026, 8, 10), CoverageLevel.RC);

        Assert.Equal("still-active", result.Rejection!.Code);
    }

    [Fact]
    public async Task RecordPayment_NotificationFails_PaymentRecordedOnceAndReportedAsDone()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        FamilyResult result;

        using (fixture.Publisher.FailWhen(e => e.FamilyId == familyId))
        {
            result = await Grains.Family(familyId).RecordPaymentAsync(2027, Eur(300m), new DateOnly(2026, 12, 20));
        }

        Assert.True(result.IsSuccess);
        Assert.Equal([2026, 2027], (await Grains.Family(familyId).GetAsync())!.Payments.Select(p => p.Year));
    }

    /// <summary>Affiliated from 2025-01-01, resigned on 2026-08-01, re-admitted on application of 2026-08-10 and paid.</summary>
    private async Task<string> ResignedAndReadmittedFamilyAsync()
    {
        var (familyId, _) = await EnrolledFamilyAsync(Grains, applied: new DateOnly(2024, 12, 10));
        var family = Grains.Family(familyId);
        Assert.True((await family.ResignAsync(new DateOnly(2026, 8, 1))).IsSuccess);
        Assert.True((await family.ReadmitAsync(new DateOnly(2026, 8, 10), CoverageLevel.RC_PP_DO)).IsSuccess);
        Assert.True((await family.RecordPaymentAsync(2026, Eur(300m), new DateOnly(2026, 8, 20))).IsSuccess);
        return familyId;
    }

    private static EnrolFamily Enrolment(string familyId, EligibilityFacts facts) =>
        new(familyId, NewId("M"), new DateOnly(1980, 5, 1), Applied, CoverageLevel.RC_PP_DO, EnrolmentReason.FirstTime, facts);
}

[Collection(MemoryCluster.Name)]
public sealed class FamilyCommandOnMemoryTests(MemoryClusterFixture fixture) : FamilyCommandTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class FamilyCommandOnPostgresTests(PostgresClusterFixture fixture) : FamilyCommandTests(fixture);
