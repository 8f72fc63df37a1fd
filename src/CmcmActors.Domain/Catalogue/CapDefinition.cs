namespace CmcmActors.Domain.Catalogue;

public enum CapPeriod
{
    /// <summary>Per unit of a line (session, device, prosthesis): the limit is the amount times the line's units; nothing accumulates.</summary>
    Unit,

    /// <summary>Per calendar year of the date of care.</summary>
    Year,

    Lifetime,

    /// <summary>Per incident (the line names the incident).</summary>
    Incident,

    /// <summary>Per trip (the line names the trip).</summary>
    Trip,
}

public enum CapScope
{
    Member,
    Family,
}

/// <summary>
/// A limit on what one or more benefits pay. A cap with an id of its own (a group cap) is shared by every benefit
/// that names it; an inline cap belongs to one benefit.
/// </summary>
/// <param name="Amount">Most that may be paid in the period, or null for a count-only cap.</param>
/// <param name="MaxCount">Most units that may be paid in the period, or null for no count limit.</param>
/// <param name="PerElement">True when the cap applies separately to each element (act code, eye): "€500 per act code".</param>
public sealed record CapDefinition(string Id, CapPeriod Period, CapScope Scope, Money.Money? Amount, int? MaxCount, bool PerElement)
{
    public bool Accumulates => Period != CapPeriod.Unit;

    /// <summary>For people, for example "€100.00 per calendar year per member". Computed once.</summary>
    public string Description { get; } = Describe(Period, Scope, Amount, MaxCount, PerElement);

    private static string Describe(CapPeriod Period, CapScope Scope, Money.Money? Amount, int? MaxCount, bool PerElement)
    {
        var what = (Amount, MaxCount) switch
        {
            ({ } a, { } c) => $"{c} unit(s) and {a.ToDisplayString()}",
            ({ } a, null) => a.ToDisplayString(),
            (null, { } c) => $"{c} unit(s)",
            _ => "unlimited",
        };
        var per = Period switch
        {
            CapPeriod.Unit => "per unit",
            CapPeriod.Year => "per calendar year",
            CapPeriod.Lifetime => "per lifetime",
            CapPeriod.Incident => "per incident",
            CapPeriod.Trip => "per trip",
            _ => Period.ToString(),
        };
        var scope = Scope == CapScope.Family ? " per family" : " per member";
        var element = PerElement ? " per element" : "";
        return Period == CapPeriod.Unit ? $"{what} {per}" : $"{what} {per}{scope}{element}";
    }
}
