using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;
using CmcmActors.Grains.Tests.Support;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Families;

/// <summary>
/// A family-scoped cap (contact lenses, €100 a year per family, on a test catalogue): its room is shared by the
/// family's members, each of whom decides claims in his or her own grain; on PostgreSQL.
/// </summary>
[Collection(FamilyCapCluster.Name)]
public sealed class FamilyCapTests(FamilyCapClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task SecondMembersClaim_PaysTheFamilyRoomLeft()
    {
        var (familyId, mainId, spouseId, _, _) = await FamilyOfFourAsync();

        var main = await Grains.SubmitAsync(Claim(familyId, mainId, "C-1", Contacts(80m)));
        var spouse = await Grains.SubmitAsync(Claim(familyId, spouseId, "C-1", Contacts(80m)));

        Assert.Equal((ClaimStatus.Approved, Eur(80m)), (main.Status, main.TotalPaid));
        Assert.Equal((ClaimStatus.PartiallyApproved, Eur(20m)), (spouse.Status, spouse.TotalPaid));
        var familyCap = spouse.Decision!.Lines[0].Payments[0].Caps.Single(c => c.CapId == FamilyCapCatalogue.CapId);
        Assert.Equal((Eur(20m), Eur(0m), true), (familyCap.RoomBefore, familyCap.RoomAfter, familyCap.Limited));
    }

    [Fact]
    public async Task ClaimsOfFourMembersAtOnce_FamilyCapPaidExactlyAndNeverExceeded()
    {
        var (familyId, mainId, spouseId, child1, child2) = await FamilyOfFourAsync();
        string[] members = [mainId, spouseId, child1, child2];

        var records = await Task.WhenAll(members.SelectMany(m => Enumerable.Range(1, 4).Select(i => Grains.SubmitAsync(Claim(familyId, m, $"C-{i}", Contacts(30m))))));

        Assert.Equal(Eur(FamilyCapCatalogue.Amount), Sum(records.Select(r => r.TotalPaid)));
        Assert.Equal(Eur(FamilyCapCatalogue.Amount), Sum(records.SelectMany(FamilyChanges).Select(c => c.Paid)));
        Assert.Equal(Eur(FamilyCapCatalogue.Amount), await FamilyUsedAsync(familyId, mainId));
        Assert.Equal([(0m, 12), (10m, 1), (30m, 3)], records.GroupBy(r => r.TotalPaid.Euros).Select(g => (g.Key, g.Count())).Order());
    }

    [Fact]
    public async Task Reversal_GivesTheFamilyRoomBack()
    {
        var (familyId, mainId, spouseId, _, _) = await FamilyOfFourAsync();
        var main = Claim(familyId, mainId, "C-1", Contacts(80m));
        await Grains.SubmitAsync(main);

        await Grains.ClaimGrain(main).ReverseAsync("Duplicate", "agent-1");
        var spouse = await Grains.SubmitAsync(Claim(familyId, spouseId, "C-1", Contacts(80m)));

        Assert.Equal((ClaimStatus.Approved, Eur(80m)), (spouse.Status, spouse.TotalPaid));
        Assert.Equal(Eur(80m), await FamilyUsedAsync(familyId, mainId));
    }

    [Fact]
    public async Task HundredSubmissionsOfOneClaimAtOnce_FamilyRoomTakenOnce()
    {
        var (familyId, mainId, spouseId, _, _) = await FamilyOfFourAsync();
        var submission = Claim(familyId, mainId, "C-1", Contacts(60m));

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Grains.Member(mainId).SubmitClaimAsync(submission)));
        var spouse = await Grains.SubmitAsync(Claim(familyId, spouseId, "C-1", Contacts(80m)));

        Assert.Equal(Eur(40m), spouse.TotalPaid);
        Assert.Equal(Eur(100m), await FamilyUsedAsync(familyId, mainId));
    }

    [Fact]
    public async Task MemberWriteFails_FamilyRoomGivenBack_ResubmissionPaysOnce()
    {
        var (familyId, mainId, spouseId, _, _) = await FamilyOfFourAsync();
        var submission = Claim(familyId, mainId, "C-1", Contacts(80m));
        fixture.Journal.FailNextAppends(mainId, 1);

        await Assert.ThrowsAnyAsync<Exception>(() => Grains.SubmitAsync(submission));
        var usedAfterFailure = await FamilyUsedAsync(familyId, mainId);
        var resubmitted = await RetryAsync(() => Grains.SubmitAsync(submission));
        var spouse = await Grains.SubmitAsync(Claim(familyId, spouseId, "C-1", Contacts(80m)));

        Assert.Equal(Eur(0m), usedAfterFailure);
        Assert.Equal((ClaimStatus.Approved, Eur(80m)), (resubmitted.Status, resubmitted.TotalPaid));
        Assert.Equal(Eur(20m), spouse.TotalPaid);
        Assert.Equal(Eur(100m), await FamilyUsedAsync(familyId, mainId));
    }

    [Fact]
    public async Task FamilyCapClaim_SteadyState_ThreeGrainCalls()
    {
        var (familyId, mainId, _, _, _) = await FamilyOfFourAsync();
        await Grains.SubmitAsync(Claim(familyId, mainId, "WARM", Contacts(10m)));
        fixture.Calls.Reset();

        await Grains.SubmitAsync(Claim(familyId, mainId, "C-1", Contacts(20m)));

        Assert.Equal(
            [("IFamilyGrain.ApplyFamilyChangesAsync", 1), ("IFamilyGrain.GetFactsAsync", 1), ("IMemberGrain.SubmitClaimAsync", 1)],
            fixture.Calls.ByMethod.Select(c => (c.Key, c.Value)).Order());
    }

    private async Task<(string FamilyId, string Main, string Spouse, string Child1, string Child2)> FamilyOfFourAsync()
    {
        var (familyId, mainId) = await EnrolledFamilyAsync(Grains);
        var spouse = await CoAffiliateAsync(Grains, familyId, MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 2));
        var child1 = await CoAffiliateAsync(Grains, familyId, MemberKind.Child, new DateOnly(2012, 4, 4));
        var child2 = await CoAffiliateAsync(Grains, familyId, MemberKind.Child, new DateOnly(2015, 6, 6));
        return (familyId, mainId, spouse, child1, child2);
    }

    /// <summary>What the family grain holds against the family cap for 2026.</summary>
    private async Task<Domain.Money.Money> FamilyUsedAsync(string familyId, string memberId)
    {
        var facts = await Grains.Family(familyId).GetFactsAsync(memberId, null);
        return Sum(facts!.FamilyUsage.Where(u => u.Key.CapId == FamilyCapCatalogue.CapId && u.Key.Year == 2026).Select(u => u.Paid));
    }

    private static IEnumerable<AccumulatorChange> FamilyChanges(ClaimRecord record) =>
        record.TotalPaid.IsZero ? [] : record.Decision!.Changes.Where(c => c.Key.Scope == CapScope.Family);

    private static ClaimLine Contacts(decimal invoiced) => Line(FamilyCapCatalogue.Benefit, invoiced);

    private static Domain.Money.Money Sum(IEnumerable<Domain.Money.Money> amounts) => amounts.Aggregate(Eur(0m), (a, b) => a + b);
}
