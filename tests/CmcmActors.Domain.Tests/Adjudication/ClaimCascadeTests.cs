using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Lines;
using static CmcmActors.Domain.Tests.Support.TestCatalogues;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>The reversal cascade (issue: claim lifecycle, part 3), for one member and across a family.</summary>
public sealed class ClaimCascadeTests
{
    /// <summary>T.MEMBER: 100 % of the invoice, €100 a year per member; T.FAMILY: the same, €100 a year per family.</summary>
    private static readonly CatalogueSet Catalogue = Set(Parse(File(
        Benefit(code: "T.MEMBER", extra: """ "caps": [ { "period": "year", "scope": "member", "amount": 100.00 } ] """) + "," +
        Benefit(code: "T.FAMILY", extra: """ "caps": [ { "period": "year", "scope": "family", "amount": 100.00 } ] """))));

    private static readonly MemberProfile Main = MemberBuilder.AMember().Id("m-1", "f-1").Build();
    private static readonly MemberProfile Spouse = MemberBuilder.AMember().Id("m-2", "f-1").Build();

    [Fact]
    public void ReversalCascade_YearCap100_ClaimLimitedByAReversedClaim_PaysItsAmount()
    {
        var book = new AccumulatorBook();
        var a = Decide(Main, book, Line("T.MEMBER", 100m, on: new DateOnly(2026, 9, 1)));
        var b = Decide(Main, book, Line("T.MEMBER", 60m, on: new DateOnly(2026, 9, 10)));
        book.Apply(a.ReversalChanges);

        var steps = ClaimCascade.Run(Main, book, new AccumulatorBook(), [Candidate("m-1/B", b, Line("T.MEMBER", 60m, on: new DateOnly(2026, 9, 10)))], Catalogue);

        Assert.Equal((Eur(100m), Eur(0m)), (a.TotalPaid, b.TotalPaid));
        var step = Assert.Single(steps);
        Assert.Equal(("m-1/B", Eur(60m), Eur(60m)), (step.ClaimId, step.Next.TotalPaid, step.TopUp));
        Assert.Equal(Eur(60m), book.Get(Assert.Single(step.Next.Changes).Key).Paid);
    }

    [Fact]
    public void FamilyCascade_RoomGivenBack_GoesToTheEarliestLimitedClaimsOfAnyMember()
    {
        var family = new AccumulatorBook();
        var first = Decide(Main, family, Line("T.FAMILY", 100m, on: new DateOnly(2026, 9, 1)));
        var lateLines = Line("T.FAMILY", 70m, on: new DateOnly(2026, 9, 20));
        var earlyLines = Line("T.FAMILY", 70m, on: new DateOnly(2026, 9, 10));
        var late = Decide(Main, family, lateLines);
        var early = Decide(Spouse, family, earlyLines);
        family.Apply(first.ReversalChanges);

        var steps = ClaimCascade.RunAcrossFamily(Members(), family,
            [("m-1", Candidate("m-1/LATE", late, lateLines)), ("m-2", Candidate("m-2/EARLY", early, earlyLines))], Catalogue);

        Assert.Equal((Eur(0m), Eur(0m)), (late.TotalPaid, early.TotalPaid));
        Assert.Equal([("m-2/EARLY", 70m), ("m-1/LATE", 30m)], steps.Select(s => (s.ClaimId, s.TopUp.Euros)));
        Assert.Equal(Eur(100m), family.Get(steps[0].Next.Changes.Single().Key).Paid);
    }

    [Fact]
    public void FamilyCascade_RunAgainOnItsOwnResult_FindsNothingMore()
    {
        var family = new AccumulatorBook();
        var first = Decide(Main, family, Line("T.FAMILY", 100m, on: new DateOnly(2026, 9, 1)));
        var lines = Line("T.FAMILY", 130m, on: new DateOnly(2026, 9, 10));
        var limited = Decide(Spouse, family, lines);
        family.Apply(first.ReversalChanges);
        var once = Assert.Single(ClaimCascade.RunAcrossFamily(Members(), family, [("m-2", Candidate("m-2/X", limited, lines))], Catalogue));

        var again = ClaimCascade.RunAcrossFamily(Members(), family, [("m-2", Candidate("m-2/X", once.Next, lines))], Catalogue);

        Assert.Equal(Eur(100m), once.Next.TotalPaid);
        Assert.Empty(again);
        Assert.Equal(Eur(100m), family.Get(once.Next.Changes.Single().Key).Paid);
    }

    [Fact]
    public void Decision_TiesInTheCascade_SameDateOfCare_EarlierReceiptFirstWhateverTheClaimId()
    {
        var family = new AccumulatorBook();
        var first = Decide(Main, family, Line("T.FAMILY", 100m, on: new DateOnly(2026, 9, 1)));
        var lines = Line("T.FAMILY", 70m, on: new DateOnly(2026, 9, 10));
        var receivedSecond = Decide(Main, family, lines);
        var receivedFirst = Decide(Spouse, family, lines);
        family.Apply(first.ReversalChanges);
        var at = new DateTimeOffset(2026, 9, 11, 8, 0, 0, TimeSpan.Zero);

        var steps = ClaimCascade.RunAcrossFamily(Members(), family,
        [
            ("m-1", Candidate("m-1/A", receivedSecond, lines) with { ReceivedAt = at.AddTicks(10) }),
            ("m-2", Candidate("m-2/Z", receivedFirst, lines) with { ReceivedAt = at }),
        ], Catalogue);

        Assert.Equal([("m-2/Z", 70m), ("m-1/A", 30m)], steps.Select(s => (s.ClaimId, s.TopUp.Euros)));
    }

    [Fact]
    public void Decision_TiesInTheCascade_SameDateOfCareAndReceipt_ClaimIdDecides()
    {
        var family = new AccumulatorBook();
        var first = Decide(Main, family, Line("T.FAMILY", 100m, on: new DateOnly(2026, 9, 1)));
        var lines = Line("T.FAMILY", 70m, on: new DateOnly(2026, 9, 10));
        var one = Decide(Main, family, lines);
        var two = Decide(Spouse, family, lines);
        family.Apply(first.ReversalChanges);
        var at = new DateTimeOffset(2026, 9, 11, 8, 0, 0, TimeSpan.Zero);

        var steps = ClaimCascade.RunAcrossFamily(Members(), family,
            [("m-2", Candidate("m-2/B", two, lines) with { ReceivedAt = at }), ("m-1", Candidate("m-1/C", one, lines) with { ReceivedAt = at })], Catalogue);

        Assert.Equal([("m-1/C", 70m), ("m-2/B", 30m)], steps.Select(s => (s.ClaimId, s.TopUp.Euros)));
    }

    [Fact]
    public void Decision_TiesInTheCascade_DateOfCareComesBeforeReceipt()
    {
        var family = new AccumulatorBook();
        var first = Decide(Main, family, Line("T.FAMILY", 100m, on: new DateOnly(2026, 9, 1)));
        var early = Line("T.FAMILY", 70m, on: new DateOnly(2026, 9, 5));
        var late = Line("T.FAMILY", 70m, on: new DateOnly(2026, 9, 10));
        var lateClaim = Decide(Main, family, late);
        var earlyClaim = Decide(Spouse, family, early);
        family.Apply(first.ReversalChanges);
        var at = new DateTimeOffset(2026, 9, 11, 8, 0, 0, TimeSpan.Zero);

        var steps = ClaimCascade.RunAcrossFamily(Members(), family,
            [("m-1", Candidate("m-1/A", lateClaim, late) with { ReceivedAt = at }), ("m-2", Candidate("m-2/B", earlyClaim, early) with { ReceivedAt = at.AddDays(3) })], Catalogue);

        Assert.Equal([("m-2/B", 70m), ("m-1/A", 30m)], steps.Select(s => (s.ClaimId, s.TopUp.Euros)));
    }

    [Fact]
    public void Redecide_ClaimOwedNoMore_IsNull_NothingPaidIsTakenBack()
    {
        var book = new AccumulatorBook();
        var lines = Line("T.MEMBER", 60m, on: new DateOnly(2026, 9, 10));
        var paid = Decide(Main, book, lines);
        book.Apply(paid.ReversalChanges);

        var next = ClaimCascade.Redecide(Main, book, new AccumulatorBook(), Candidate("m-1/A", paid, lines), Catalogue);

        Assert.Equal(Eur(60m), paid.TotalPaid);
        Assert.Null(next);
    }

    private static Dictionary<string, CascadeMember> Members() => new()
    {
        ["m-1"] = new CascadeMember(Main, new AccumulatorBook()),
        ["m-2"] = new CascadeMember(Spouse, new AccumulatorBook()),
    };

    private static ClaimAdjudication Decide(MemberProfile member, AccumulatorBook book, ClaimLine line)
    {
        var decision = Adjudicator.Adjudicate(member, [line], book, Catalogue);
        book.Apply(decision.Changes);
        return decision;
    }

    private static CascadeCandidate Candidate(string claimId, ClaimAdjudication previous, ClaimLine line) =>
        new(claimId, [line], previous, PlausibilityLimits.Default);
}
