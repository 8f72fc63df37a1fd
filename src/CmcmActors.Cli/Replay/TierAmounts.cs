using System.Text.Json.Serialization;
using CmcmActors.Domain.Affiliation;
using Money = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Cli.Replay;

/// <summary>What each tier pays, in the order tiers pay a line: RC, ASSIST, PP, DO.</summary>
internal readonly record struct TierAmounts(
    [property: JsonPropertyName("RC")] Money Rc,
    [property: JsonPropertyName("ASSIST")] Money Assist,
    [property: JsonPropertyName("PP")] Money Pp,
    [property: JsonPropertyName("DO")] Money Do)
{
    public static readonly TierAmounts Zero = default;

    public static IReadOnlyList<Tier> Tiers { get; } = [Tier.RC, Tier.ASSIST, Tier.PP, Tier.DO];

    [JsonIgnore]
    public Money Total => Rc + Assist + Pp + Do;

    public static TierAmounts Of(Func<Tier, Money> paidBy) => new(paidBy(Tier.RC), paidBy(Tier.ASSIST), paidBy(Tier.PP), paidBy(Tier.DO));

    public Money this[Tier tier] => tier switch
    {
        Tier.RC => Rc,
        Tier.ASSIST => Assist,
        Tier.PP => Pp,
        Tier.DO => Do,
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    public static TierAmounts operator +(TierAmounts a, TierAmounts b) => new(a.Rc + b.Rc, a.Assist + b.Assist, a.Pp + b.Pp, a.Do + b.Do);

    public static TierAmounts operator -(TierAmounts a, TierAmounts b) => new(a.Rc - b.Rc, a.Assist - b.Assist, a.Pp - b.Pp, a.Do - b.Do);
}
