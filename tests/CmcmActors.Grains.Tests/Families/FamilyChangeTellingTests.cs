using CmcmActors.Domain.Families;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Families;

/// <summary>
/// Who the family tells of a change before it answers: only the members who read its facts since they were last told
/// (they may cache them); enrolling a family and adding its co-affiliates waits on no member.
/// </summary>
public abstract class FamilyChangeTellingTests(CmcmClusterFixture fixture)
{
    private const string Told = "IMemberGrain.FamilyChangedAsync";

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task EnrolmentCoAffiliatesAndPayment_TellNoMember()
    {
        fixture.Calls.Reset();

        var (familyId, _) = await EnrolledFamilyAsync(Grains);
        await CoAffiliateAsync(Grains, familyId, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2));
        await CoAffiliateAsync(Grains, familyId, MemberKind.Child, new DateOnly(2012, 4, 4));

        Assert.Equal(0, fixture.Calls.ByMethod.GetValueOrDefault(Told));
    }

    [Fact]
    public async Task MemberWhoReadTheFacts_IsToldOfTheNextChange_ThenNotAgainUntilHeReadsThemAgain()
    {
        var (familyId, mainId) = await EnrolledFamilyAsync(Grains);
        await CoAffiliateAsync(Grains, familyId, MemberKind.Child, new DateOnly(2012, 4, 4));
        await Grains.SubmitAsync(Claim(familyId, mainId, "C-1", Line("DO.OPTIC.FRAMES", 25m)));
        fixture.Calls.Reset();

        await Grains.Family(familyId).RecordPaymentAsync(2027, Eur(300m), new DateOnly(2026, 12, 1));
        var afterFirst = fixture.Calls.ByMethod.GetValueOrDefault(Told);
        await Grains.Family(familyId).RecordPaymentAsync(2028, Eur(300m), new DateOnly(2026, 12, 2));

        Assert.Equal((1, 1), (afterFirst, fixture.Calls.ByMethod.GetValueOrDefault(Told)));
    }
}

[Collection(FamilyCapCluster.Name)]
public sealed class FamilyChangeTellingOnPostgresTests(FamilyCapClusterFixture fixture) : FamilyChangeTellingTests(fixture);

[Collection(MemoryFamilyCapCluster.Name)]
public sealed class FamilyChangeTellingOnMemoryTests(MemoryFamilyCapClusterFixture fixture) : FamilyChangeTellingTests(fixture);
