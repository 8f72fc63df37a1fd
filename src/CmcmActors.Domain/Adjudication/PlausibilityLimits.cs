using System.Collections.Frozen;

namespace CmcmActors.Domain.Adjudication;

/// <summary>
/// The plausibility guard, for every claim whoever enters it: a line invoiced above what a claim of its kind plausibly
/// is, or a claim invoiced above <see cref="MaxClaimInvoiced"/> in all, is pended for a person to review instead of
/// being paid automatically. A €1,000,000 line is not a decision a machine should take alone. Limits are configuration:
/// one for every line, overridden per benefit code.
/// </summary>
public sealed class PlausibilityLimits
{
    /// <summary>Default: €100,000 a line, €250,000 a claim.</summary>
    public static readonly PlausibilityLimits Default = new(Money.Money.FromEuros(100_000m), Money.Money.FromEuros(250_000m), new Dictionary<string, Money.Money>());

    /// <summary>No guard (a person reviewed the amounts).</summary>
    public static readonly PlausibilityLimits None = new(null, null, new Dictionary<string, Money.Money>());

    private readonly FrozenDictionary<string, Money.Money> _perBenefit;

    public PlausibilityLimits(Money.Money? maxLineInvoiced, Money.Money? maxClaimInvoiced, IReadOnlyDictionary<string, Money.Money> perBenefit)
    {
        MaxLineInvoiced = maxLineInvoiced;
        MaxClaimInvoiced = maxClaimInvoiced;
        _perBenefit = perBenefit.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public Money.Money? MaxLineInvoiced { get; }

    public Money.Money? MaxClaimInvoiced { get; }

    public IReadOnlyDictionary<string, Money.Money> PerBenefit => _perBenefit;

    /// <summary>The most a line of <paramref name="benefitCode"/> may be invoiced before a person must review it, or null.</summary>
    public Money.Money? MaxFor(string benefitCode) => _perBenefit.TryGetValue(benefitCode, out var max) ? max : MaxLineInvoiced;

    /// <summary>Why the line needs a review, or null when it is plausible.</summary>
    public PendingNeed? Check(ClaimLine line, Money.Money claimInvoiced)
    {
        if (MaxFor(line.BenefitCode) is { } max && line.Invoiced > max)
        {
            return new PendingNeed(ReasonCode.PlausibilityReview, ["amounts-reviewed"],
                $"The invoiced amount {line.Invoiced.ToDisplayString()} is above {max.ToDisplayString()}, more than a {line.BenefitCode} invoice plausibly is: a person must review it.");
        }

        if (MaxClaimInvoiced is { } claimMax && claimInvoiced > claimMax)
        {
            return new PendingNeed(ReasonCode.PlausibilityReview, ["amounts-reviewed"],
                $"The claim is invoiced {claimInvoiced.ToDisplayString()} in all, above {claimMax.ToDisplayString()}: a person must review it.");
        }

        return null;
    }
}
