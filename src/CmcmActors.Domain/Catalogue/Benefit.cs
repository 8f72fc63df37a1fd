using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Routing;

namespace CmcmActors.Domain.Catalogue;

/// <summary>One entry of the catalogue: which tier pays what, within which caps, on which conditions.</summary>
/// <param name="TopUpOf">
/// The benefit of a lower tier that this one tops up ("uncovered after RC"). A claim line names one benefit; every
/// benefit of its chain (the root and the top-ups below it) pays the line in tier order.
/// </param>
/// <param name="Elements">The elements (act codes, prosthesis elements, eyes) this benefit applies to, or empty for any.</param>
public sealed record Benefit(
    string Code,
    Tier Tier,
    string Title,
    CareCategory Category,
    PaymentRule Rule,
    IReadOnlyList<CapDefinition> Caps,
    IReadOnlyList<Condition> Conditions,
    string? TopUpOf,
    IReadOnlyList<string> Elements)
{
    public bool AppliesToElement(string? element) =>
        (Elements.Count == 0 || (element is not null && Elements.Contains(element, StringComparer.Ordinal))) && Rule.Covers(element);
}
