namespace CmcmActors.Domain.Catalogue;

/// <summary>
/// When a draft may be published: only from a date after <c>today</c>, no later than the publication horizon (a typo
/// such as 9999-12-31 or 2207 would otherwise block every later edition), and after every edition already known, so
/// that an edition in force (or a claim decided under it) is never changed, only superseded; under a name not yet used.
/// When an edition not yet in force may be withdrawn: <see cref="WithdrawalRefusal"/>.
/// </summary>
public static class Publication
{
    /// <summary>The default publication horizon: two years after today.</summary>
    public static readonly TimeSpan DefaultHorizon = TimeSpan.FromDays(730);

    public sealed record Refused(string Field, string Message, bool Conflict);

    /// <summary>The last day an edition may be published for: today plus the horizon.</summary>
    public static DateOnly LatestDate(DateOnly today, TimeSpan horizon) => today.AddDays((int)Math.Floor(horizon.TotalDays));

    public static Refused? Refusal(CatalogueSet known, string edition, DateOnly effectiveFrom, DateOnly today, TimeSpan horizon)
    {
        if (effectiveFrom <= today)
        {
            return new Refused("effectiveFrom", $"An edition is published with a future date: {effectiveFrom:yyyy-MM-dd} is not after today ({today:yyyy-MM-dd}).", false);
        }

        var latestDate = LatestDate(today, horizon);
        if (effectiveFrom > latestDate)
        {
            return new Refused("effectiveFrom",
                $"{effectiveFrom:yyyy-MM-dd} is beyond the publication horizon: an edition is published for {latestDate:yyyy-MM-dd} at the latest ({(int)horizon.TotalDays} days from today).", false);
        }

        var latest = known.Editions[^1];
        if (effectiveFrom <= latest.EffectiveFrom)
        {
            return new Refused("effectiveFrom",
                $"{effectiveFrom:yyyy-MM-dd} is not after {latest.EffectiveFrom:yyyy-MM-dd}, when the latest edition ({latest.Edition}) takes effect: an edition is only ever superseded.", false);
        }

        if (known.Editions.Any(e => string.Equals(e.Edition, edition, StringComparison.OrdinalIgnoreCase)))
        {
            return new Refused("edition", $"An edition named '{edition}' already exists.", true);
        }

        return null;
    }

    /// <summary>
    /// An edition may be withdrawn only while it is not yet in force (no claim can have been judged by it), with a reason.
    /// </summary>
    public static Refused? WithdrawalRefusal(DateOnly effectiveFrom, DateOnly today, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new Refused("reason", "Required.", false);
        }

        return effectiveFrom <= today
            ? new Refused("edition", $"The edition is in force since {effectiveFrom:yyyy-MM-dd}: claims may have been judged by it; it can only be superseded.", true)
            : null;
    }
}
