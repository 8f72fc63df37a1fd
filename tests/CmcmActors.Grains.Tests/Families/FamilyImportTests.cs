using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Families;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Families;

/// <summary>
/// Families imported from the system the CMCM replaces (<see cref="IFamilyGrain.ImportAsync"/>): the service decides on
/// the imported facts (opening balances of member- and family-scoped caps), an import is whole or nothing, and the same
/// import again changes nothing; on memory and PostgreSQL (with the test catalogue's family cap on contact lenses).
/// </summary>
public abstract class FamilyImportTests(CmcmClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task ImportedMemberWhoUsed80OfA100YearlyCap_NextClaimPays20()
    {
        var (familyId, mainId) = (NewId("F"), NewId("M"));
        var family = new ImportRows().Family(familyId, mainId).Balance("member", mainId, "RC.DIET/year", 80m).Build().Single();

        Assert.Equal(FamilyImportOutcome.Imported, (await Grains.Family(familyId).ImportAsync(family)).Outcome);
        var claim = await Grains.SubmitAsync(Claim(familyId, mainId, "C-1", Line("RC.DIET", 50m) with { Authorised = true }));

        Assert.Equal((ClaimStatus.PartiallyApproved, Eur(20m)), (claim.Status, claim.TotalPaid));
        var diet = (await Grains.Member(mainId).GetCapsAsync(2026)).Cap("RC.DIET/year");
        Assert.Equal((Eur(100m), Eur(80m), Eur(0m)), (diet.Used, diet.Opening, diet.Remaining));
    }

    [Fact]
    public async Task ImportedFamilyWhoUsed80OfItsFamilyCap_NextClaimOfAnyMemberPays20()
    {
        var (familyId, mainId, childId) = (NewId("F"), NewId("M"), NewId("C"));
        var family = new ImportRows().Family(familyId, mainId, childId).Balance("family", familyId, FamilyCapCatalogue.CapId, 80m).Build().Single();

        await Grains.Family(familyId).ImportAsync(family);
        var claim = await Grains.SubmitAsync(Claim(familyId, childId, "C-1", Line(FamilyCapCatalogue.Benefit, 80m)));

        Assert.Equal((ClaimStatus.PartiallyApproved, Eur(20m)), (claim.Status, claim.TotalPaid));
        var facts = await Grains.Family(familyId).GetFactsAsync(mainId, null);
        Assert.Equal(Eur(100m), facts!.FamilyUsage.Single(u => u.Key.CapId == FamilyCapCatalogue.CapId).Paid);
    }

    [Fact]
    public async Task TenImportsOfTheSameFamilyAtOnce_OneImports_OpeningBalanceTakenOnce()
    {
        var (familyId, mainId) = (NewId("F"), NewId("M"));
        var family = new ImportRows().Family(familyId, mainId).Balance("member", mainId, "RC.DIET/year", 80m).Build().Single();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Grains.Family(familyId).ImportAsync(family)));

        Assert.Equal([(FamilyImportOutcome.Imported, 1), (FamilyImportOutcome.AlreadyImported, 9)],
            results.GroupBy(r => r.Outcome).Select(g => (g.Key, g.Count())).Order());
        var diet = (await Grains.Member(mainId).GetCapsAsync(2026)).Cap("RC.DIET/year");
        Assert.Equal((Eur(80m), Eur(80m)), (diet.Used, diet.Opening));
        Assert.Equal([mainId], (await Grains.Family(familyId).GetAsync())!.Members.Select(m => m.MemberId));
    }

    [Fact]
    public async Task TenFamiliesImportingTheSameMemberAtOnce_OneFamilyHasHim_TheOthersAreNotEnrolled()
    {
        var shared = NewId("M");
        var familyIds = Enumerable.Range(0, 10).Select(_ => NewId("F")).ToArray();
        // One file set naming the member twice is refused by the check; here each family comes from a run of its own.
        var families = familyIds.Select(id => new ImportRows().Family(id, shared).Build().Single()).ToArray();
        var results = await Task.WhenAll(families.Select(f => Grains.Family(f.FamilyId).ImportAsync(f)));

        var imported = Assert.Single(results.Select((r, i) => (r, i)), x => x.r.Outcome == FamilyImportOutcome.Imported);
        Assert.All(results.Where(r => r.Outcome != FamilyImportOutcome.Imported), r => Assert.Equal("member-in-other-family", r.Rejection!.Code));
        Assert.Equal(familyIds[imported.i], (await Grains.Member(shared).GetAsync()).FamilyId);
        foreach (var id in familyIds.Where((_, i) => i != imported.i))
        {
            Assert.Null(await Grains.Family(id).GetAsync());
        }
    }

    [Fact]
    public async Task ImportOfAMemberInAnotherFamily_RefusedWhole_ItsOtherMembersStayFree()
    {
        var (enrolledFamily, enrolledMember) = await EnrolledFamilyAsync(Grains);
        var (familyId, mainId) = (NewId("F"), NewId("M"));
        var family = new ImportRows().Family(familyId, mainId, enrolledMember).Build().Single();

        var result = await Grains.Family(familyId).ImportAsync(family);

        Assert.Equal((FamilyImportOutcome.Refused, "member-in-other-family"), (result.Outcome, result.Rejection!.Code));
        Assert.Null(await Grains.Family(familyId).GetAsync());
        Assert.Null((await Grains.Member(mainId).GetAsync()).FamilyId);
        Assert.Equal(enrolledFamily, (await Grains.Member(enrolledMember).GetAsync()).FamilyId);
        var freeFamily = NewId("F");
        var enrolled = await Grains.Family(freeFamily).EnrolAsync(new EnrolFamily(freeFamily, mainId, new DateOnly(1970, 4, 12), Applied, Domain.Affiliation.CoverageLevel.RC, Domain.Affiliation.EnrolmentReason.FirstTime, Eligible));
        Assert.True(enrolled.IsSuccess, enrolled.Rejection?.Message);
    }

    [Fact]
    public async Task ImportOfANationalNumberHeldByAnotherMember_RefusedWhole_NumberStaysWithItsHolder()
    {
        var (firstFamily, firstMain) = (NewId("F"), NewId("M"));
        var first = new ImportRows().Family(firstFamily, firstMain).Build().Single();
        await Grains.Family(firstFamily).ImportAsync(first);
        var (familyId, mainId) = (NewId("F"), NewId("M"));
        var second = new ImportRows().Family(familyId, mainId).Build().Single();
        second = second with { People = new Dictionary<string, Domain.People.Person> { [mainId] = second.People[mainId] with { NationalNumber = first.People[firstMain].NationalNumber } } };

        var result = await Grains.Family(familyId).ImportAsync(second);

        Assert.Equal((FamilyImportOutcome.Refused, "national-number-in-use"), (result.Outcome, result.Rejection!.Code));
        Assert.Null(await Grains.Family(familyId).GetAsync());
        Assert.Null((await Grains.Member(mainId).GetAsync()).FamilyId);
    }
}

[Collection(FamilyCapCluster.Name)]
public sealed class FamilyImportOnPostgresTests(FamilyCapClusterFixture fixture) : FamilyImportTests(fixture);

[Collection(MemoryFamilyCapCluster.Name)]
public sealed class FamilyImportOnMemoryTests(MemoryFamilyCapClusterFixture fixture) : FamilyImportTests(fixture);
