namespace CmcmActors.Domain.Affiliation;

/// <summary>A cover that pays benefits. Declared in the order in which tiers pay a line: RC, then ASSIST, then PP, then DO.</summary>
public enum Tier
{
    /// <summary>Régime Commun, the base cover.</summary>
    RC = 0,

    /// <summary>CMCM-Assistance, included with RC, no waiting period.</summary>
    ASSIST = 1,

    /// <summary>Prestaplus, on top of RC.</summary>
    PP = 2,

    /// <summary>Denta &amp; Optiplus, on top of RC and PP.</summary>
    DO = 3,
}

/// <summary>What a family subscribes to: the three levels of the brochure.</summary>
public enum CoverageLevel
{
    RC,
    RC_PP,
    RC_PP_DO,
}

public static class CoverageLevels
{
    /// <summary>The tiers a level subscribes to (ASSIST comes with RC and is not a subscribed tier of its own).</summary>
    public static IReadOnlyList<Tier> SubscribedTiers(this CoverageLevel level) => level switch
    {
        CoverageLevel.RC => [Tier.RC],
        CoverageLevel.RC_PP => [Tier.RC, Tier.PP],
        CoverageLevel.RC_PP_DO => [Tier.RC, Tier.PP, Tier.DO],
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static string DisplayName(this CoverageLevel level) => level switch
    {
        CoverageLevel.RC => "RC",
        CoverageLevel.RC_PP => "RC+PP",
        CoverageLevel.RC_PP_DO => "RC+PP+DO",
        _ => level.ToString(),
    };

    public static bool TryParse(string text, out CoverageLevel level)
    {
        switch (text.Replace(" ", "", StringComparison.Ordinal).Replace('_', '+').ToUpperInvariant())
        {
            case "RC": level = CoverageLevel.RC; return true;
            case "RC+PP": level = CoverageLevel.RC_PP; return true;
            case "RC+PP+DO": level = CoverageLevel.RC_PP_DO; return true;
            default: level = default; return false;
        }
    }
}
