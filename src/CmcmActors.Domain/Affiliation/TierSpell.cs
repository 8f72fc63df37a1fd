using System.Text.Json.Serialization;

namespace CmcmActors.Domain.Affiliation;

/// <summary>
/// One uninterrupted holding of a tier.
/// </summary>
/// <param name="Start">First day the tier is held (inclusive).</param>
/// <param name="End">First day the tier is no longer held (exclusive), or null while it is held.</param>
/// <param name="WaitingMonths">Waiting period of this spell, counted from <paramref name="Start"/>.</param>
public sealed record TierSpell(Tier Tier, DateOnly Start, DateOnly? End, int WaitingMonths)
{
    [JsonIgnore]
    public DateOnly FirstCoveredDate => WaitingPeriods.FirstCoveredDate(Start, WaitingMonths);

    public bool Contains(DateOnly date) => date >= Start && (End is null || date < End.Value);
}
