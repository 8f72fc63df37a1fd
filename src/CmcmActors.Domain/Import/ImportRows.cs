namespace CmcmActors.Domain.Import;

/// <summary>
/// One row of an import file as read: the file's name, its line number (the header is line 1) and its fields by column
/// name (empty fields as null). Parsing and checking the fields is the import's own job (<see cref="FamilyImportCheck"/>),
/// so that every mistake is named with its place.
/// </summary>
public sealed record ImportRow(string File, int Line, IReadOnlyDictionary<string, string?> Fields)
{
    public string? this[string column] => Fields.TryGetValue(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>A bad row: where (file, line, field) and why. A family with one bad row is not imported at all.</summary>
public sealed record ImportError(string File, int Line, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Field}: {Message}";
}

/// <summary>Every row of an import, by file (docs/import.md describes the files and their columns).</summary>
public sealed record ImportRowSet(
    IReadOnlyList<ImportRow> Families,
    IReadOnlyList<ImportRow> Members,
    IReadOnlyList<ImportRow> Tiers,
    IReadOnlyList<ImportRow> Contributions,
    IReadOnlyList<ImportRow> StatutoryPeriods,
    IReadOnlyList<ImportRow> Balances)
{
    public static readonly ImportRowSet Empty = new([], [], [], [], [], []);
}

/// <summary>The import files and their columns.</summary>
public static class ImportFiles
{
    public const string Families = "families.csv";
    public const string Members = "members.csv";
    public const string Tiers = "tiers.csv";
    public const string Contributions = "contributions.csv";
    public const string StatutoryPeriods = "statutory-periods.csv";
    public const string Balances = "balances.csv";

    public static readonly IReadOnlyList<string> FamilyColumns = ["family_id", "applied_on", "reason"];

    public static readonly IReadOnlyList<string> MemberColumns =
        ["family_id", "member_id", "kind", "surname", "given_names", "birth_date", "national_number", "added_on", "co_insured", "born_or_adopted_on"];

    public static readonly IReadOnlyList<string> TierColumns = ["family_id", "start", "level"];

    public static readonly IReadOnlyList<string> ContributionColumns = ["family_id", "year", "amount", "paid_on"];

    public static readonly IReadOnlyList<string> StatutoryPeriodColumns = ["member_id", "from", "to", "illness_under_treatment", "other_legal_cover"];

    public static readonly IReadOnlyList<string> BalanceColumns = ["scope", "owner_id", "cap_id", "period", "year", "period_id", "element", "paid", "units"];

    /// <summary>Every file with its columns, in the order they are read.</summary>
    public static readonly IReadOnlyList<(string File, IReadOnlyList<string> Columns)> All =
    [
        (Families, FamilyColumns), (Members, MemberColumns), (Tiers, TierColumns), (Contributions, ContributionColumns),
        (StatutoryPeriods, StatutoryPeriodColumns), (Balances, BalanceColumns),
    ];
}
