namespace CmcmActors.Domain.Families;

public enum StatutoryInsuranceKind
{
    None,

    /// <summary>Compulsory or voluntary insurance with a Luxembourg health fund (CNS, CMFEP, ...).</summary>
    LuxembourgFund,

    /// <summary>The EU institutions' joint sickness scheme, or similar.</summary>
    EuInstitutions,

    /// <summary>The statutory scheme of Belgium, France or Germany.</summary>
    NeighbouringCountryScheme,
}

/// <param name="Country">ISO 3166-1 alpha-2 code of the domicile.</param>
/// <param name="Region">ISO 3166-2 subdivision code (for example "FR-57"), or a region's name; needed outside Luxembourg.</param>
public sealed record Domicile(string Country, string? Region = null);

public sealed record EligibilityFacts(
    bool MemberOfRecognisedMutual,
    bool PaysMutualityFamilyContribution,
    StatutoryInsuranceKind Insurance,
    Domicile Domicile);

public sealed record EligibilityResult(bool IsEligible, string? ReasonCode, string Explanation)
{
    public static readonly EligibilityResult Eligible = new(true, null, "Eligible.");
}

/// <summary>Who can join (spec, section 2).</summary>
public static class Eligibility
{
    /// <summary>The yearly per-family contribution to the Mutualité that stands in for membership of a recognised mutual.</summary>
    public static readonly Money.Money MutualityFamilyContribution = Money.Money.FromEuros(18m);

    private static readonly HashSet<string> NeighbouringCountries = new(StringComparer.OrdinalIgnoreCase) { "DE", "BE", "FR" };

    /// <summary>Border regions by ISO 3166-2 code, with the names people write.</summary>
    private static readonly Dictionary<string, string> BorderRegions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BE-WLG"] = "BE-WLG", ["Liège"] = "BE-WLG", ["Liege"] = "BE-WLG",
        ["BE-WLX"] = "BE-WLX", ["Luxembourg"] = "BE-WLX", ["Province de Luxembourg"] = "BE-WLX",
        ["FR-54"] = "FR-54", ["Meurthe-et-Moselle"] = "FR-54",
        ["FR-57"] = "FR-57", ["Moselle"] = "FR-57",
        ["DE-RP"] = "DE-RP", ["Rheinland-Pfalz"] = "DE-RP", ["Rhineland-Palatinate"] = "DE-RP",
        ["DE-SL"] = "DE-SL", ["Saarland"] = "DE-SL",
    };

    public static EligibilityResult Check(EligibilityFacts facts)
    {
        if (!facts.MemberOfRecognisedMutual && !facts.PaysMutualityFamilyContribution)
        {
            return new(false, "not-mutualist",
                "Must be a member of a state-recognised mutual of the FNML, or pay the yearly €18 family contribution to the Mutualité.");
        }

        var country = facts.Domicile.Country.Trim().ToUpperInvariant();
        switch (facts.Insurance)
        {
            case StatutoryInsuranceKind.LuxembourgFund or StatutoryInsuranceKind.EuInstitutions:
                return country == "LU" || NeighbouringCountries.Contains(country)
                    ? EligibilityResult.Eligible
                    : new(false, "domicile", "With a Luxembourg fund or the EU institutions' scheme, the domicile must be in Luxembourg, Germany, Belgium or France.");
            case StatutoryInsuranceKind.NeighbouringCountryScheme:
                if (country == "LU" || IsBorderRegion(country, facts.Domicile.Region))
                {
                    return EligibilityResult.Eligible;
                }

                return new(false, "domicile",
                    "With a neighbouring country's statutory scheme, the domicile must be in Luxembourg or a border region: Liège or Luxembourg province (BE), Meurthe-et-Moselle or Moselle (FR), Rheinland-Pfalz or Saarland (DE).");
            default:
                return new(false, "no-statutory-insurance", "Must be insured with a Luxembourg health fund, the EU institutions' scheme or a neighbouring country's statutory scheme.");
        }
    }

    private static bool IsBorderRegion(string country, string? region) =>
        region is not null
        && BorderRegions.TryGetValue(region.Trim(), out var code)
        && code.StartsWith(country + "-", StringComparison.Ordinal);
}
