using System.Diagnostics;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Grains.Tests.Support;
using Xunit.Abstractions;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Claims;

/// <summary>Many claims at once on one member: caps are never exceeded and a claim is applied once; on both storages.</summary>
public abstract class ClaimConcurrencyTests(CmcmClusterFixture fixture, ITestOutputHelper output)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task FiveHundredOsteopathySessionsAtOnce_RcAndPpPayExactlyTheirYearCaps()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var claims = Enumerable.Range(1, 500).Select(i => Claim(familyId, memberId, $"OSTEO-{i:000}", Osteopathy())).ToArray();

        var clock = Stopwatch.StartNew();
        var records = await Task.WhenAll(claims.Select(Grains.SubmitAsync));
        output.WriteLine($"500 concurrent claims on one member ({(fixture.UsesPostgres ? "PostgreSQL" : "memory")}): {clock.ElapsedMilliseconds} ms");

        Assert.All(records, r => Assert.True(r.IsFinal));
        Assert.Equal(claims.Select(c => c.ClaimId).Order(), records.Select(r => r.ClaimId).Order());
        Assert.Equal(Eur(100m), Sum(records.Select(r => r.Decision!.PaidBy(Tier.RC))));
        Assert.Equal(Eur(100m), Sum(records.Select(r => r.Decision!.PaidBy(Tier.PP))));
        Assert.Equal([(0m, 497), (40m, 1), (80m, 2)], records.GroupBy(r => r.TotalPaid.Euros).Select(g => (g.Key, g.Count())).Order());
        // The two sessions paid in full (RC 50 + PP 30) are approved; the one PP paid 40 of is limited by its cap.
        Assert.Equal((2, 1, 497), (Count(records, ClaimStatus.Approved), Count(records, ClaimStatus.PartiallyApproved), Count(records, ClaimStatus.Refused)));
    }

    [Fact]
    public async Task FiveHundredOsteopathySessionsAtOnce_AccumulatorsEqualTheSumOfWhatTheClaimsPaid()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var records = await Task.WhenAll(Enumerable.Range(1, 500).Select(i => Grains.SubmitAsync(Claim(familyId, memberId, $"OSTEO-{i:000}", Osteopathy()))));

        var member = Grains.Member(memberId);
        var caps = await member.GetCapsAsync(2026);
        var audit = await member.GetAuditAsync();
        var view = await member.GetAsync();

        Assert.Equal(Sum(records.Select(r => r.Decision!.PaidBy(Tier.RC))), caps.Cap("RC.ALTMED.YEAR").Used);
        Assert.Equal(Sum(records.Select(r => r.Decision!.PaidBy(Tier.PP))), caps.Cap("PP.ALTMED.YEAR").Used);
        Assert.Equal((Eur(0m), Eur(0m)), (caps.Cap("RC.ALTMED.YEAR").Remaining!.Value, caps.Cap("PP.ALTMED.YEAR").Remaining!.Value));
        Assert.Equal((500, Eur(200m)), (view.ClaimCount, view.TotalPaid));
        Assert.Equal(5, audit.Count);
        Assert.All(audit.GroupBy(m => (m.ClaimId, m.Key)), g => Assert.Single(g));
        Assert.Equal(Eur(200m), Sum(audit.Select(m => m.After - m.Before)));
    }

    [Fact]
    public async Task HundredSubmissionsOfOneClaimAtOnce_EveryCallerGetsTheSameDecision()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "SAME-1", Line("RC.DENTAL.FLAT", 1900m, element: "implant", units: 2));

        var records = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Grains.SubmitAsync(submission)));

        Assert.Single(records.Select(r => (r.Version, r.TotalPaid, r.Status)).Distinct());
        Assert.Equal((1L, Eur(1300m)), (records[0].Version, records[0].TotalPaid));
        Assert.Single(records.Select(Json).Distinct());
    }

    [Fact]
    public async Task HundredSubmissionsOfOneClaimAtOnce_CapsConsumedOnce()
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "SAME-2", Line("RC.DENTAL.FLAT", 1900m, element: "implant", units: 2));

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Grains.SubmitAsync(submission)));

        var member = Grains.Member(memberId);
        var audit = await member.GetAuditAsync();
        Assert.Equal([($"member:{memberId}|DO.IMPLANT/year|2026", 0m, 1000m)], audit.Select(m => (m.Key, m.Before.Euros, m.After.Euros)));
        Assert.Equal(Eur(1000m), (await member.GetCapsAsync(2026)).Cap("DO.IMPLANT/year").Used);
        Assert.Equal((1, Eur(1300m)), ((await member.GetAsync()).ClaimCount, (await member.GetAsync()).TotalPaid));
    }

    [Fact]
    public async Task HundredSubmissionsOfOneClaimStraightToTheMember_AppliedOnceWithOneDecision()
    {
        // Past the claim grain (which takes one call at a time): the member's own batches must still apply a claim once.
        var (familyId, memberId) = await EnrolledFamilyAsync(Grains);
        var submission = Claim(familyId, memberId, "SAME-3", Line("DO.OPTIC.LENSES", 120m));
        var member = Grains.Member(memberId);

        var records = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => member.SubmitClaimAsync(submission)));

        Assert.Single(records.Select(r => Json(r.Record)).Distinct());
        Assert.Single(records, r => r.Created);
        Assert.Single(await member.GetAuditAsync());
        Assert.Equal(Eur(120m), (await member.GetCapsAsync(2026)).Cap("DO.OPTIC.LENSES/year").Used);
    }

    private static Domain.Money.Money Sum(IEnumerable<Domain.Money.Money> amounts) => amounts.Aggregate(Eur(0m), (a, b) => a + b);

    private static int Count(IEnumerable<ClaimRecord> records, ClaimStatus status) => records.Count(r => r.Status == status);
}

[Collection(MemoryCluster.Name)]
public sealed class ClaimConcurrencyOnMemoryTests(MemoryClusterFixture fixture, ITestOutputHelper output) : ClaimConcurrencyTests(fixture, output);

[Collection(PostgresCluster.Name)]
public sealed class ClaimConcurrencyOnPostgresTests(PostgresClusterFixture fixture, ITestOutputHelper output) : ClaimConcurrencyTests(fixture, output);
