namespace CmcmActors.Domain.Catalogue;

public enum RuleKind
{
    /// <summary>A share of the uncovered amount (invoiced − statutory reimbursement).</summary>
    PercentOfUncovered,

    /// <summary>A share of the official social-security tariff of the act.</summary>
    PercentOfOfficialTariff,

    /// <summary>A share of what the statutory fund reimbursed.</summary>
    PercentOfStatutory,

    /// <summary>A flat amount per unit (session, device, implant, eye, element), possibly by kind of element.</summary>
    FlatPerUnit,
}

/// <summary>What a benefit pays before the uncovered amount and the caps limit it.</summary>
public sealed record PaymentRule(RuleKind Kind, decimal Rate, Money.Money FlatAmount, IReadOnlyDictionary<string, Money.Money> FlatByElement)
{
    public static PaymentRule PercentOfUncovered(decimal rate) => new(RuleKind.PercentOfUncovered, rate, Money.Money.Zero, Empty);

    public static PaymentRule Flat(Money.Money amount) => new(RuleKind.FlatPerUnit, 0m, amount, Empty);

    private static readonly IReadOnlyDictionary<string, Money.Money> Empty = new Dictionary<string, Money.Money>();

    /// <summary>True when the rule has an amount for <paramref name="element"/> (flat rules by element only).</summary>
    public bool Covers(string? element) =>
        Kind != RuleKind.FlatPerUnit || FlatByElement.Count == 0 || (element is not null && FlatByElement.ContainsKey(element));

    /// <summary>For people, for example "20% of the statutory reimbursement". Computed once.</summary>
    public string Description { get; } = Describe(Kind, Rate, FlatAmount, FlatByElement);

    private static string Describe(RuleKind Kind, decimal Rate, Money.Money FlatAmount, IReadOnlyDictionary<string, Money.Money> FlatByElement) => Kind switch
    {
        RuleKind.PercentOfUncovered => $"{Rate * 100m:0.##}% of the uncovered amount",
        RuleKind.PercentOfOfficialTariff => $"{Rate * 100m:0.##}% of the official tariff",
        RuleKind.PercentOfStatutory => $"{Rate * 100m:0.##}% of the statutory reimbursement",
        RuleKind.FlatPerUnit when FlatByElement.Count > 0 => "a flat amount per element",
        _ => $"{FlatAmount.ToDisplayString()} per unit",
    };
}
