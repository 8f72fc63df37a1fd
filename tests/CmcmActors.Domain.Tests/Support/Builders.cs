using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.StatutoryCover;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Support;

/// <summary>Short test data: a member with a level held long enough to be out of every waiting period.</summary>
public sealed class MemberBuilder
{
    private string _memberId = "m-1";
    private string _familyId = "f-1";
    private MemberKind _kind = MemberKind.MainAffiliate;
    private DateOnly _birth = new(1980, 5, 1);
    private bool _coInsured = true;
    private DateOnly? _ownStart;
    private DateOnly? _leftOn;
    private bool _paid = true;
    private IReadOnlyList<TierSpell> _spells = Spells(CoverageLevel.RC_PP_DO, new DateOnly(2020, 1, 1));
    private IReadOnlyList<StatutoryPeriod> _statutory = [new StatutoryPeriod(new DateOnly(2000, 1, 1), null)];

    public static MemberBuilder AMember() => new();

    public static IReadOnlyList<TierSpell> Spells(CoverageLevel level, DateOnly start, int waitingMonths = 3) =>
        level.SubscribedTiers().Select(t => new TierSpell(t, start, null, waitingMonths))
            .Append(new TierSpell(Tier.ASSIST, start, null, 0)).ToArray();

    public MemberBuilder Id(string memberId, string familyId = "f-1") { _memberId = memberId; _familyId = familyId; return this; }
    public MemberBuilder BornOn(DateOnly birth) { _birth = birth; return this; }
    public MemberBuilder Kind(MemberKind kind, bool coInsured = true) { _kind = kind; _coInsured = coInsured; return this; }
    public MemberBuilder Holding(CoverageLevel level, DateOnly? since = null, int waitingMonths = 3) { _spells = Spells(level, since ?? new DateOnly(2020, 1, 1), waitingMonths); return this; }
    public MemberBuilder WithSpells(params TierSpell[] spells) { _spells = spells; return this; }
    public MemberBuilder OwnStart(DateOnly? start) { _ownStart = start; return this; }
    public MemberBuilder LeftOn(DateOnly? left) { _leftOn = left; return this; }
    public MemberBuilder ContributionUnpaid() { _paid = false; return this; }
    public MemberBuilder Statutory(params StatutoryPeriod[] periods) { _statutory = periods; return this; }

    public MemberProfile Build() => new(_memberId, _familyId, _kind, _birth, _coInsured, _ownStart, _leftOn, _spells, _statutory, _paid);
}

public static class Lines
{
    public static readonly DateOnly Care = new(2026, 9, 15);

    public static ClaimLine Line(string code, decimal invoiced, decimal statutory = 0m, DateOnly? on = null, string? element = null, int units = 1) =>
        new(code, on ?? Care, M.FromEuros(invoiced), M.FromEuros(statutory), Units: units, Element: element);

    public static M Eur(decimal euros) => M.FromEuros(euros);
}

public static class Adjudicate
{
    public static CatalogueSet Catalogue => CatalogueSet.BuiltIn;

    public static ClaimAdjudication Claim(MemberProfile member, params ClaimLine[] lines) =>
        Adjudicator.Adjudicate(member, lines, AccumulatorBook.Empty, Catalogue);

    public static ClaimAdjudication Claim(MemberProfile member, IAccumulatorReader book, params ClaimLine[] lines) =>
        Adjudicator.Adjudicate(member, lines, book, Catalogue);

    /// <summary>Adjudicates and applies each claim in turn against one book, as a member grain would.</summary>
    public static ClaimAdjudication[] Sequence(MemberProfile member, AccumulatorBook book, params ClaimLine[][] claims)
    {
        var results = new ClaimAdjudication[claims.Length];
        for (var i = 0; i < claims.Length; i++)
        {
            results[i] = Adjudicator.Adjudicate(member, claims[i], book, Catalogue);
            book.Apply(results[i].Changes);
        }

        return results;
    }
}
