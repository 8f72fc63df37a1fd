using System.Globalization;
using CmcmActors.Domain.Import;
using CsvHelper;

namespace CmcmActors.Cli.Import;

/// <summary>
/// Writes a set of import files (docs/import.md) for <c>families</c> families of one to four members (2.55 on average:
/// 110,000 families make 280,500 members), each with its tiers, its 2026 contribution, statutory cover and opening
/// balances of 2026 below their caps. Deterministic: the same count gives the same files.
/// </summary>
internal static class ImportSample
{
    private static readonly string[] Levels = ["RC", "RC+PP", "RC+PP+DO", "RC+PP+DO"];

    /// <summary>Member-scoped yearly caps of the 2026 catalogue and the most a generated balance uses of each.</summary>
    private static readonly (string CapId, int MaxCents)[] Balances =
        [("RC.DIET/year", 10_000), ("DO.OPTIC.LENSES/year", 15_000), ("PP.INSOLES/year", 15_000), ("DO.DENTAL.GENERAL/year", 100_000)];

    public static (int Families, int Members) Write(string directory, int families)
    {
        Directory.CreateDirectory(directory);
        using var familyFile = Writer(directory, ImportFiles.Families, ImportFiles.FamilyColumns);
        using var memberFile = Writer(directory, ImportFiles.Members, ImportFiles.MemberColumns);
        using var tierFile = Writer(directory, ImportFiles.Tiers, ImportFiles.TierColumns);
        using var paymentFile = Writer(directory, ImportFiles.Contributions, ImportFiles.ContributionColumns);
        using var periodFile = Writer(directory, ImportFiles.StatutoryPeriods, ImportFiles.StatutoryPeriodColumns);
        using var balanceFile = Writer(directory, ImportFiles.Balances, ImportFiles.BalanceColumns);
        var members = 0;
        var serials = new Dictionary<DateOnly, int>();
        for (var f = 0; f < families; f++)
        {
            var familyId = $"F{f:D6}";
            var applied = new DateOnly(2000 + f % 25, 1 + f % 12, 1 + f % 28);
            Row(familyFile, familyId, Date(applied), "firstTime");
            var start = new DateOnly(applied.Year, applied.Month, 1).AddMonths(1);
            var level = Levels[f % Levels.Length];
            if (level == "RC+PP+DO" && f % 8 == 2)
            {
                // Some families upgraded to DO later: a second tier row.
                Row(tierFile, familyId, Date(start), "RC+PP");
                Row(tierFile, familyId, Date(new DateOnly(2026, 1, 1)), "RC+PP+DO");
            }
            else
            {
                Row(tierFile, familyId, Date(start), level);
            }

            Row(paymentFile, familyId, "2026", (180 + 20 * (f % 5)).ToString("0.00", CultureInfo.InvariantCulture), "2026-01-15");
            var size = (f % 20) switch { < 4 => 1, < 10 => 2, < 15 => 3, _ => 4 };
            for (var m = 0; m < size; m++)
            {
                var memberId = $"{familyId}-M{m}";
                var (kind, birth) = m switch
                {
                    0 => ("mainAffiliate", new DateOnly(1950 + f % 45, 1 + f % 12, 1 + (f / 12) % 28)),
                    1 when size > 1 && f % 3 != 0 => ("spouseOrPartner", new DateOnly(1952 + f % 45, 1 + (f + 5) % 12, 1 + (f / 7) % 28)),
                    _ => ("child", new DateOnly(2005 + (f + m) % 18, 1 + (f + m) % 12, 1 + (f + m) % 28)),
                };
                var added = birth > applied ? birth : applied;
                Row(memberFile, familyId, memberId, kind, Surnames[f % Surnames.Length], GivenNames[(f + m) % GivenNames.Length], Date(birth),
                    NationalNumber(serials, birth), m == 0 ? null : Date(added), "true", null);
                Row(periodFile, memberId, Date(birth.Year < 1990 ? new DateOnly(1990, 1, 1) : birth), null, null, null);
                var (capId, maxCents) = Balances[(f + m) % Balances.Length];
                var covered = capId.StartsWith("RC.", StringComparison.Ordinal) || (capId.StartsWith("PP.", StringComparison.Ordinal) && level != "RC") || level == "RC+PP+DO";
                if (covered && (f * 7919 + m * 104_729) % (maxCents + 1) > 0)
                {
                    var cents = (f * 7919 + m * 104_729) % (maxCents + 1);
                    Row(balanceFile, "member", memberId, capId, "year", "2026", null, null, (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture), null);
                }

                members++;
            }
        }

        return (families, members);
    }

    private static readonly string[] Surnames = ["Schmit", "Muller", "Weber", "Wagner", "Hoffmann", "Thill", "Schneider", "Klein", "Kieffer", "Reuter", "Meyer", "Becker", "Schroeder", "Kremer", "Faber", "Da Silva", "Pereira", "Majerus", "Hansen", "Welter"];

    private static readonly string[] GivenNames = ["Paul", "Marie", "Jean", "Anne", "Luc", "Sophie", "Marc", "Claire", "Tom", "Léa", "Yves", "Nathalie", "Georges", "Sarah", "Pol", "Céline"];

    /// <summary>A national number no one else of the files holds: the next serial of the birth date.</summary>
    private static string NationalNumber(Dictionary<DateOnly, int> serials, DateOnly birth)
    {
        var serial = serials.GetValueOrDefault(birth);
        serials[birth] = serial + 1;
        return serial < 1000 ? SyntheticNationalNumbers.For(birth, serial) : throw new InvalidOperationException($"More than 1,000 people born on {birth:yyyy-MM-dd}.");
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static CsvWriter Writer(string directory, string file, IReadOnlyList<string> columns)
    {
        var writer = CsvWriter.ToFile(Path.Combine(directory, file), new CsvWriterOptions());
        writer.WriteHeader([.. columns]);
        return writer;
    }

    private static void Row(CsvWriter writer, params string?[] values)
    {
        foreach (var value in values)
        {
            writer.WriteField(value ?? "");
        }

        writer.EndRecord();
    }
}
