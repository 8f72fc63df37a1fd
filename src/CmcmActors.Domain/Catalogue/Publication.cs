namespace CmcmActors.Domain.Catalogue;

/// <summary>
/// When a draft may be published: only from a date after <c>today</c> and after every edition already known, so that
/// an edition in force (or a claim decided under it) is never changed, only superseded; under a name not yet used.
/// </summary>
public static class Publication
{
    public sealed record Refused(string Field, string Message, bool Conflict);

    public static Refused? Refusal(CatalogueSet known, string edition, DateOnly effectiveFrom, DateOnly today)
    {
        if (effectiveFrom <= today)
        {
            return new Refused("effectiveFrom", $"An edition is published with a future date: {effectiveFrom:yyyy-MM-dd} is not after today ({today:yyyy-MM-dd}).", false);
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
}
