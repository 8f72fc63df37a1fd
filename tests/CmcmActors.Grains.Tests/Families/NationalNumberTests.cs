using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.People;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.People;
using CmcmActors.Grains.People;
using CmcmActors.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Families;

/// <summary>
/// A national number is recorded for one member only (a person has one member id for life, and caps follow it): a
/// second member id for the same person would be a second set of yearly caps. Run on in-memory storage and on PostgreSQL.
/// </summary>
public abstract class NationalNumberTests(CmcmClusterFixture fixture)
{
    private static readonly DateOnly Birth = new(1980, 5, 1);

    private IGrainFactory Grains => fixture.Grains;

    /// <summary>A valid number no other test uses (the grains do not check the birth date inside; the API does).</summary>
    private static string UniqueNin()
    {
        var body = Birth.AddDays(Random.Shared.Next(20_000)).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)
            + Random.Shared.Next(1000).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        return body + NationalNumber.LuhnCheckDigit(body) + NationalNumber.VerhoeffCheckDigit(body);
    }

    private static EnrolFamily Enrolment(string familyId, string memberId, string? nin) =>
        new(familyId, memberId, Birth, Applied, CoverageLevel.RC_PP_DO, EnrolmentReason.FirstTime, Eligible, new Person("Weber", "Anne", nin));

    private Task<string?> HolderAsync(string nin) => NationalNumbers.Of(Grains, nin).GetHolderAsync();

    [Fact]
    public async Task Decision_NationalNumberOneMember_EnrolWithANumberRecordedForAnother_RejectedNamingTheField_AndNothingStored()
    {
        var nin = UniqueNin();
        var (first, firstMember) = (NewId("F"), NewId("M"));
        Assert.True((await Grains.Family(first).EnrolAsync(Enrolment(first, firstMember, nin))).IsSuccess);
        var (second, secondMember) = (NewId("F"), NewId("M"));

        var result = await Grains.Family(second).EnrolAsync(Enrolment(second, secondMember, nin));

        Assert.Equal(("national-number-in-use", "mainPerson.nationalNumber"), (result.Rejection!.Code, result.Rejection.Field));
        Assert.Contains(firstMember, result.Rejection.Message, StringComparison.Ordinal);
        Assert.Null(await Grains.Family(second).GetAsync());
        Assert.Null((await Grains.Member(secondMember).GetAsync()).FamilyId);
        Assert.Equal(firstMember, await HolderAsync(nin));
    }

    [Fact]
    public async Task Decision_NationalNumberOneMember_TwelveEnrolmentsWithTheSameNumberAtOnce_ExactlyOneEnrolled()
    {
        var nin = UniqueNin();
        var attempts = Enumerable.Range(0, 12).Select(_ => (FamilyId: NewId("F"), MemberId: NewId("M"))).ToArray();

        var results = await Task.WhenAll(attempts.Select(a => Grains.Family(a.FamilyId).EnrolAsync(Enrolment(a.FamilyId, a.MemberId, nin))));

        var winner = Assert.Single(attempts.Zip(results), x => x.Second.IsSuccess).First;
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal("national-number-in-use", r.Rejection!.Code));
        Assert.Equal(winner.MemberId, await HolderAsync(nin));
        foreach (var loser in attempts.Where(a => a != winner))
        {
            Assert.Null(await Grains.Family(loser.FamilyId).GetAsync());
            Assert.Null((await Grains.Member(loser.MemberId).GetAsync()).FamilyId);
        }
    }

    [Fact]
    public async Task Decision_NationalNumberOneMember_CoAffiliateWithANumberInUse_RejectedAndNotOnTheRoster()
    {
        var nin = UniqueNin();
        var (familyId, mainId) = (NewId("F"), NewId("M"));
        Assert.True((await Grains.Family(familyId).EnrolAsync(Enrolment(familyId, mainId, nin))).IsSuccess);
        var spouseId = NewId("M");

        var result = await Grains.Family(familyId).AddCoAffiliateAsync(
            new AddCoAffiliate(spouseId, MemberKind.SpouseOrPartner, Birth, true, Applied, null, new Person("Weber", "Paul", nin)));

        Assert.Equal(("national-number-in-use", "person.nationalNumber"), (result.Rejection!.Code, result.Rejection.Field));
        Assert.Equal([mainId], (await Grains.Family(familyId).GetAsync())!.Members.Select(m => m.MemberId));
        Assert.Null((await Grains.Member(spouseId).GetAsync()).FamilyId);
    }

    [Fact]
    public async Task Decision_NationalNumberOneMember_CorrectionToANumberInUse_RejectedAndThePersonUnchanged()
    {
        var (taken, mine) = (UniqueNin(), UniqueNin());
        var (other, otherMember) = (NewId("F"), NewId("M"));
        Assert.True((await Grains.Family(other).EnrolAsync(Enrolment(other, otherMember, taken))).IsSuccess);
        var (familyId, memberId) = (NewId("F"), NewId("M"));
        Assert.True((await Grains.Family(familyId).EnrolAsync(Enrolment(familyId, memberId, mine))).IsSuccess);

        var result = await Grains.Family(familyId).UpdatePersonAsync(memberId, new Person("Weber", "Anne", taken));

        Assert.Equal(("national-number-in-use", "nationalNumber"), (result.Rejection!.Code, result.Rejection.Field));
        Assert.Equal(mine, (await Grains.Family(familyId).GetAsync())!.People![memberId].NationalNumber);
        Assert.Equal((memberId, otherMember), (await HolderAsync(mine), await HolderAsync(taken)));
    }

    [Fact]
    public async Task Decision_NationalNumberOneMember_CorrectionToANewNumber_FreesTheOldOneForAnother()
    {
        var (wrong, right) = (UniqueNin(), UniqueNin());
        var (familyId, memberId) = (NewId("F"), NewId("M"));
        Assert.True((await Grains.Family(familyId).EnrolAsync(Enrolment(familyId, memberId, wrong))).IsSuccess);

        var corrected = await Grains.Family(familyId).UpdatePersonAsync(memberId, new Person("Weber", "Anne", right));
        var (other, otherMember) = (NewId("F"), NewId("M"));
        var enrolled = await Grains.Family(other).EnrolAsync(Enrolment(other, otherMember, wrong));

        Assert.True(corrected.IsSuccess);
        Assert.True(enrolled.IsSuccess, enrolled.Rejection?.Message);
        Assert.Equal((memberId, otherMember), (await HolderAsync(right), await HolderAsync(wrong)));
    }

    [Fact]
    public async Task Decision_NationalNumberOneMember_ARemovedMemberEnrolsHisOwnFamily_KeepsHisNumber()
    {
        var nin = UniqueNin();
        var (familyId, mainId) = (NewId("F"), NewId("M"));
        Assert.True((await Grains.Family(familyId).EnrolAsync(Enrolment(familyId, mainId, UniqueNin()))).IsSuccess);
        var spouseId = NewId("M");
        Assert.True((await Grains.Family(familyId).AddCoAffiliateAsync(
            new AddCoAffiliate(spouseId, MemberKind.SpouseOrPartner, Birth, true, Applied, null, new Person("Weber", "Paul", nin)))).IsSuccess);
        Assert.True((await Grains.Family(familyId).RemoveCoAffiliateAsync(spouseId, new DateOnly(2026, 6, 30))).IsSuccess);

        var own = NewId("F");
        var enrolled = await Grains.Family(own).EnrolAsync(Enrolment(own, spouseId, nin) with { ApplicationReceived = new DateOnly(2026, 6, 15) });

        Assert.True(enrolled.IsSuccess, enrolled.Rejection?.Message);
        Assert.Equal(spouseId, await HolderAsync(nin));
    }

    [Fact]
    public async Task Decision_NationalNumberOneMember_ANumberRecordedBeforeNumbersHadAnOwner_IsFoundInThePeopleIndex()
    {
        // A member enrolled before this rule: in the people index, never claimed.
        var nin = UniqueNin();
        var (earlierFamily, earlierMember) = (NewId("F"), NewId("M"));
        foreach (var silo in fixture.Cluster.GetActiveSilos())
        {
            await fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IPeopleIndex>()
                .UpsertAsync([new PersonEntry(earlierMember, earlierFamily, "Weber", "Anne", nin, Birth, OnRoster: true)]);
        }

        var (familyId, memberId) = (NewId("F"), NewId("M"));
        var result = await Grains.Family(familyId).EnrolAsync(Enrolment(familyId, memberId, nin));

        Assert.Equal("national-number-in-use", result.Rejection!.Code);
        Assert.Equal(earlierMember, await HolderAsync(nin));
    }
}

[Collection(MemoryCluster.Name)]
public sealed class NationalNumberOnMemoryTests(MemoryClusterFixture fixture) : NationalNumberTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class NationalNumberOnPostgresTests(PostgresClusterFixture fixture) : NationalNumberTests(fixture);
