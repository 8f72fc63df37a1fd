using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Import;

namespace CmcmActors.Grains.Tests.Support;

/// <summary>
/// Import rows of families as the files hold them (applied 2015-01-20, RC+PP+DO from 2015-02-01, the 2026 contribution
/// paid, statutory cover since 1990), checked and built by <see cref="FamilyImportCheck"/> as the import does.
/// </summary>
public sealed class ImportRows
{
    private static int _serial;
    private readonly Dictionary<string, List<ImportRow>> _files = ImportFiles.All.ToDictionary(f => f.File, _ => new List<ImportRow>());

    /// <summary>Adds a family whose members are <paramref name="memberIds"/> (the first the main affiliate, the others children).</summary>
    public ImportRows Family(string familyId, params string[] memberIds)
    {
        Add(ImportFiles.Families, ("family_id", familyId), ("applied_on", "2015-01-20"));
        for (var i = 0; i < memberIds.Length; i++)
        {
            var birth = i == 0 ? new DateOnly(1970, 4, 12) : new DateOnly(2010 + i, 3, 1);
            Add(ImportFiles.Members, ("family_id", familyId), ("member_id", memberIds[i]), ("kind", i == 0 ? "mainAffiliate" : "child"), ("surname", "Kieffer"),
                ("given_names", i == 0 ? "Paul" : "Léa"), ("birth_date", birth.ToString("yyyy-MM-dd")),
                ("national_number", SyntheticNationalNumbers.For(birth, Interlocked.Increment(ref _serial))), ("added_on", i == 0 ? null : birth < new DateOnly(2015, 1, 20) ? "2015-01-20" : birth.ToString("yyyy-MM-dd")));
            Add(ImportFiles.StatutoryPeriods, ("member_id", memberIds[i]), ("from", i == 0 ? "1990-01-01" : birth.ToString("yyyy-MM-dd")));
        }

        Add(ImportFiles.Tiers, ("family_id", familyId), ("start", "2015-02-01"), ("level", "RC+PP+DO"));
        Add(ImportFiles.Contributions, ("family_id", familyId), ("year", "2026"), ("amount", "250.00"), ("paid_on", "2026-01-15"));
        return this;
    }

    /// <summary>An opening balance for 2026: <paramref name="scope"/> member or family.</summary>
    public ImportRows Balance(string scope, string ownerId, string capId, decimal paid)
    {
        Add(ImportFiles.Balances, ("scope", scope), ("owner_id", ownerId), ("cap_id", capId), ("period", "year"), ("year", "2026"),
            ("paid", paid.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        return this;
    }

    public ImportRowSet Rows => new(_files[ImportFiles.Families], _files[ImportFiles.Members], _files[ImportFiles.Tiers], _files[ImportFiles.Contributions],
        _files[ImportFiles.StatutoryPeriods], _files[ImportFiles.Balances]);

    /// <summary>The families built; fails the test when a row is bad.</summary>
    public IReadOnlyList<ImportedFamily> Build(CatalogueSet? catalogue = null)
    {
        var result = FamilyImportCheck.Check(Rows, catalogue ?? FamilyCapCatalogue.Create());
        Assert.Empty(result.Errors);
        return result.Families;
    }

    private void Add(string file, params (string Column, string? Value)[] fields) =>
        _files[file].Add(new ImportRow(file, _files[file].Count + 2, fields.ToDictionary(f => f.Column, f => f.Value)));
}
