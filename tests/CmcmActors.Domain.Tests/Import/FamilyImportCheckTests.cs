using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Import;

namespace CmcmActors.Domain.Tests.Import;

public sealed class FamilyImportCheckTests
{
    private static readonly DateOnly MainBirth = new(1970, 4, 12);
    private static readonly DateOnly SpouseBirth = new(1972, 8, 3);
    private static readonly string MainNumber = SyntheticNationalNumbers.For(MainBirth, 1);
    private static readonly string SpouseNumber = SyntheticNationalNumbers.For(SpouseBirth, 2);

    [Fact]
    public void Check_ValidFamily_BuildsRosterTiersPaymentsPeriodsAndOpeningBalances()
    {
        var result = FamilyImportCheck.Check(new Rows().Family("F-1").Build(), CatalogueSet.BuiltIn);

        Assert.Empty(result.Errors);
        var family = Assert.Single(result.Families);
        Assert.Equal(["F-1-M0", "F-1-M1"], family.Family.Members.Select(m => m.MemberId));
        Assert.Equal(CoverageLevel.RC_PP_DO, family.Family.Affiliation.CurrentLevel);
        Assert.Equal([(Tier.RC, new DateOnly(2015, 2, 1)), (Tier.PP, new DateOnly(2015, 2, 1)), (Tier.ASSIST, new DateOnly(2015, 2, 1)), (Tier.DO, new DateOnly(2020, 1, 1))],
            family.Family.Affiliation.Spells.Select(s => (s.Tier, s.Start)));
        Assert.Equal([new ContributionPayment(2026, Domain.Money.Money.FromEuros(250.00m), new DateOnly(2026, 1, 15))], family.Family.Payments);
        Assert.Equal(MainNumber, family.People["F-1-M0"].NationalNumber);
        var main = family.Members.Single(m => m.MemberId == "F-1-M0");
        Assert.Equal(new DateOnly(1990, 1, 1), Assert.Single(main.StatutoryPeriods).From);
        var opening = Assert.Single(main.Opening);
        Assert.Equal((new AccumulatorKey(CapScope.Member, "F-1-M0", "RC.DIET/year", CapPeriod.Year, 2026, null, null), 8000L, 0),
            (opening.Key, opening.Paid.Cents, opening.Units));
    }

    [Fact]
    public void Check_NationalNumberFailingItsCheckDigits_NamesTheRowAndRefusesTheFamily()
    {
        var wrong = MainNumber[..12] + (char)('0' + (MainNumber[12] - '0' + 1) % 10);

        var result = FamilyImportCheck.Check(new Rows().Family("F-1", mainNumber: wrong).Family("F-2").Build(), CatalogueSet.BuiltIn);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("members.csv", 2, "national_number", "The check digits do not match: a digit was mistyped."), (error.File, error.Line, error.Field, error.Message));
        Assert.Equal(["F-1"], result.Refused);
        Assert.Equal(["F-2"], result.Families.Select(f => f.FamilyId));
    }

    [Fact]
    public void Check_NationalNumberHeldTwice_NamesBothRowsAndRefusesBothFamilies()
    {
        var result = FamilyImportCheck.Check(new Rows().Family("F-1").Family("F-2", mainNumber: MainNumber).Build(), CatalogueSet.BuiltIn);

        Assert.Equal([("members.csv", 2, "national_number"), ("members.csv", 4, "national_number")], result.Errors.Select(e => (e.File, e.Line, e.Field)));
        Assert.Equal("This national number is held twice (also line 4): a person has one member id.", result.Errors[0].Message);
        Assert.Equal(["F-1", "F-2"], result.Refused);
        Assert.Empty(result.Families);
    }

    [Fact]
    public void Check_CoAffiliateWhoseMainAffiliateIsMissing_NamesTheCoAffiliateAndTheFamily()
    {
        var result = FamilyImportCheck.Check(new Rows().Family("F-1", withMain: false).Build(), CatalogueSet.BuiltIn);

        // The main affiliate's own rows (a balance, a statutory period) name a member who is not there either.
        Assert.Equal([("balances.csv", 2, "owner_id"), ("families.csv", 2, "family_id"), ("members.csv", 2, "family_id"), ("statutory-periods.csv", 2, "member_id")],
            result.Errors.Select(e => (e.File, e.Line, e.Field)));
        Assert.Equal("Family F-1 has no main affiliate in members.csv: a co-affiliate needs one.", result.Errors[2].Message);
        Assert.Equal(["F-1"], result.Refused);
    }

    [Fact]
    public void Check_BalanceOverItsCap_NamesThePaidField()
    {
        var result = FamilyImportCheck.Check(new Rows().Family("F-1", dietUsed: "100.01").Build(), CatalogueSet.BuiltIn);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("balances.csv", 2, "paid", "The balance €100.01 is over the cap of €100.00."), (error.File, error.Line, error.Field, error.Message));
        Assert.Empty(result.Families);
    }

    [Theory]
    [InlineData("RC.NOPE/year", "Unknown benefit or cap: RC.NOPE/year is in no edition of the catalogue.")]
    [InlineData("RC.DIET/lifetime", "Benefit RC.DIET has no cap RC.DIET/lifetime in the catalogue.")]
    public void Check_UnknownBenefitOrCap_NamesTheCapId(string capId, string message)
    {
        var result = FamilyImportCheck.Check(new Rows().Family("F-1", dietCap: capId).Build(), CatalogueSet.BuiltIn);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("balances.csv", 2, "cap_id", message), (error.File, error.Line, error.Field, error.Message));
    }

    [Fact]
    public void Check_MemberBalanceOfAMemberCapGivenAsFamily_NamesTheScope()
    {
        var rows = new Rows().Family("F-1", withBalance: false);
        rows.Balance("family", "F-1", "RC.DIET/year", "10.00");

        var error = Assert.Single(FamilyImportCheck.Check(rows.Build(), CatalogueSet.BuiltIn).Errors);

        Assert.Equal(("scope", "Cap RC.DIET/year is counted per member."), (error.Field, error.Message));
    }

    [Fact]
    public void Check_StatutoryPeriodEndingBeforeItStarts_DatesOutOfOrder()
    {
        var result = FamilyImportCheck.Check(new Rows().Family("F-1", periodTo: "1989-12-31").Build(), CatalogueSet.BuiltIn);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("statutory-periods.csv", 2, "to", "Dates out of order: the period ends (1989-12-31) before it starts (1990-01-01)."),
            (error.File, error.Line, error.Field, error.Message));
    }

    [Fact]
    public void Check_FirstTierNotOnTheMonthAfterApplication_NamesTheStart()
    {
        var result = FamilyImportCheck.Check(new Rows().Family("F-1", firstTierStart: "2015-03-01").Build(), CatalogueSet.BuiltIn);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("tiers.csv", 2, "start", "The first tier starts on the first of the month after the family applied (2015-01-20): 2015-02-01."),
            (error.File, error.Line, error.Field, error.Message));
    }

    [Fact]
    public void Check_CoAffiliateAddedBeforeTheFamilyApplied_NamesAddedOnFromTheDomainsRule()
    {
        var result = FamilyImportCheck.Check(new Rows().Family("F-1", spouseAddedOn: "2014-12-31").Build(), CatalogueSet.BuiltIn);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("members.csv", 3, "added_on"), (error.File, error.Line, error.Field));
        Assert.Empty(result.Families);
    }

    [Fact]
    public void Check_SameRowsOnOtherLines_SameFingerprint_OtherContent_OtherFingerprint()
    {
        var once = FamilyImportCheck.Check(new Rows().Family("F-1").Family("F-2").Build(), CatalogueSet.BuiltIn).Families.Single(f => f.FamilyId == "F-2");
        var moved = FamilyImportCheck.Check(new Rows().Family("F-2").Build(), CatalogueSet.BuiltIn).Families.Single();
        var changed = FamilyImportCheck.Check(new Rows().Family("F-2", dietUsed: "70.00").Build(), CatalogueSet.BuiltIn).Families.Single();

        Assert.Equal(once.Fingerprint, moved.Fingerprint);
        Assert.NotEqual(once.Fingerprint, changed.Fingerprint);
    }

    /// <summary>Import rows as the files hold them; line numbers count from 2 (line 1 is the header).</summary>
    private sealed class Rows
    {
        private readonly Dictionary<string, List<ImportRow>> _files = ImportFiles.All.ToDictionary(f => f.File, _ => new List<ImportRow>());
        private int _serial = 10;

        public Rows Family(string familyId, string? mainNumber = null, bool withMain = true, string dietUsed = "80.00", string dietCap = "RC.DIET/year",
            string? periodTo = null, string firstTierStart = "2015-02-01", string spouseAddedOn = "2015-01-20", bool withBalance = true)
        {
            Add(ImportFiles.Families, ("family_id", familyId), ("applied_on", "2015-01-20"), ("reason", "firstTime"));
            if (withMain)
            {
                Add(ImportFiles.Members, ("family_id", familyId), ("member_id", familyId + "-M0"), ("kind", "mainAffiliate"), ("surname", "Kieffer"), ("given_names", "Paul"),
                    ("birth_date", "1970-04-12"), ("national_number", mainNumber ?? (familyId == "F-1" ? MainNumber : SyntheticNationalNumbers.For(MainBirth, _serial++))));
            }

            Add(ImportFiles.Members, ("family_id", familyId), ("member_id", familyId + "-M1"), ("kind", "spouseOrPartner"), ("surname", "Kieffer"), ("given_names", "Anne"),
                ("birth_date", "1972-08-03"), ("national_number", familyId == "F-1" ? SpouseNumber : SyntheticNationalNumbers.For(SpouseBirth, _serial++)), ("added_on", spouseAddedOn));
            Add(ImportFiles.Tiers, ("family_id", familyId), ("start", firstTierStart), ("level", "RC+PP"));
            Add(ImportFiles.Tiers, ("family_id", familyId), ("start", "2020-01-01"), ("level", "RC+PP+DO"));
            Add(ImportFiles.Contributions, ("family_id", familyId), ("year", "2026"), ("amount", "250.00"), ("paid_on", "2026-01-15"));
            Add(ImportFiles.StatutoryPeriods, ("member_id", familyId + "-M0"), ("from", "1990-01-01"), ("to", periodTo));
            if (withBalance)
            {
                Balance("member", familyId + "-M0", dietCap, dietUsed);
            }

            return this;
        }

        public void Balance(string scope, string ownerId, string capId, string paid) =>
            Add(ImportFiles.Balances, ("scope", scope), ("owner_id", ownerId), ("cap_id", capId), ("period", "year"), ("year", "2026"), ("paid", paid));

        private void Add(string file, params (string Column, string? Value)[] fields) =>
            _files[file].Add(new ImportRow(file, _files[file].Count + 2, fields.ToDictionary(f => f.Column, f => f.Value)));

        public ImportRowSet Build() => new(_files[ImportFiles.Families], _files[ImportFiles.Members], _files[ImportFiles.Tiers], _files[ImportFiles.Contributions],
            _files[ImportFiles.StatutoryPeriods], _files[ImportFiles.Balances]);
    }
}
