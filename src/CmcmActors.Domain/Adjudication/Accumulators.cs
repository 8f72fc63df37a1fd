using System.Text.Json.Serialization;
using CmcmActors.Domain.Catalogue;

namespace CmcmActors.Domain.Adjudication;

/// <summary>
/// Names one running total: whose (member or family), which cap, which period (year of care, incident, trip or
/// lifetime) and, for caps per element, which element.
/// </summary>
public readonly record struct AccumulatorKey(CapScope Scope, string OwnerId, string CapId, CapPeriod Period, int Year, string? PeriodId, string? Element)
{
    public override string ToString()
    {
        var period = Period switch
        {
            CapPeriod.Year => Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CapPeriod.Lifetime => "lifetime",
            CapPeriod.Incident => "incident:" + PeriodId,
            CapPeriod.Trip => "trip:" + PeriodId,
            _ => "unit",
        };
        var scope = Scope == CapScope.Family ? "family" : "member";
        return Element is null ? $"{scope}:{OwnerId}|{CapId}|{period}" : $"{scope}:{OwnerId}|{CapId}|{period}|{Element}";
    }
}

/// <summary>What has been paid against one accumulator: an amount and a number of units.</summary>
public readonly record struct Usage(Money.Money Paid, int Units)
{
    public static readonly Usage None = default;

    public static Usage operator +(Usage a, Usage b) => new(a.Paid + b.Paid, checked(a.Units + b.Units));
}

/// <summary>One movement of an accumulator; a reversal is the same change negated.</summary>
public sealed record AccumulatorChange(AccumulatorKey Key, Money.Money Paid, int Units)
{
    public AccumulatorChange Negate() => new(Key, -Paid, -Units);

    [JsonIgnore]
    public Usage AsUsage => new(Paid, Units);
}

/// <summary>Read access to the running totals that adjudication needs.</summary>
public interface IAccumulatorReader
{
    Usage Get(in AccumulatorKey key);
}

/// <summary>Member-scoped totals from the member's book, family-scoped ones from the family's: what a member's claim is decided against.</summary>
public sealed class ScopedAccumulatorReader(IAccumulatorReader member, IAccumulatorReader family) : IAccumulatorReader
{
    public Usage Get(in AccumulatorKey key) => key.Scope == CapScope.Family ? family.Get(key) : member.Get(key);
}

/// <summary>A mutable set of running totals, as a member or family keeps them.</summary>
public sealed class AccumulatorBook : IAccumulatorReader
{
    private readonly Dictionary<AccumulatorKey, Usage> _usage = [];

    public static readonly IAccumulatorReader Empty = new AccumulatorBook();

    public IReadOnlyDictionary<AccumulatorKey, Usage> Entries => _usage;

    public Usage Get(in AccumulatorKey key) => _usage.TryGetValue(key, out var usage) ? usage : Usage.None;

    /// <summary>Applies every change, or none of them when one would take a total below zero.</summary>
    public void Apply(IEnumerable<AccumulatorChange> changes)
    {
        var list = changes as IReadOnlyList<AccumulatorChange> ?? changes.ToArray();
        var after = new Dictionary<AccumulatorKey, Usage>();
        foreach (var change in list)
        {
            var next = (after.TryGetValue(change.Key, out var pending) ? pending : Get(change.Key)) + change.AsUsage;
            if (next.Paid.IsNegative || next.Units < 0)
            {
                throw new InvalidOperationException($"Accumulator {change.Key} would go below zero.");
            }

            after[change.Key] = next;
        }

        foreach (var (key, next) in after)
        {
            if (next == Usage.None)
            {
                _usage.Remove(key);
            }
            else
            {
                _usage[key] = next;
            }
        }
    }

    public void Set(AccumulatorKey key, Usage usage) => _usage[key] = usage;

    /// <summary>A book holding <paramref name="totals"/>, one entry per accumulator (as a grain stores them).</summary>
    public static AccumulatorBook FromTotals(IEnumerable<AccumulatorChange> totals)
    {
        var book = new AccumulatorBook();
        foreach (var total in totals)
        {
            book.Set(total.Key, total.AsUsage);
        }

        return book;
    }

    /// <summary>The book's totals, one entry per accumulator, for storing.</summary>
    public List<AccumulatorChange> ToTotals() =>
        _usage.Select(e => new AccumulatorChange(e.Key, e.Value.Paid, e.Value.Units)).ToList();
}

/// <summary>The book of totals as seen while a claim is adjudicated: the stored totals plus the claim's own earlier lines.</summary>
internal sealed class PendingChanges(IAccumulatorReader stored)
{
    private readonly List<AccumulatorChange> _changes = new(4);

    public IReadOnlyList<AccumulatorChange> Changes => _changes;

    public Usage Get(in AccumulatorKey key)
    {
        var usage = stored.Get(key);
        foreach (var change in _changes)
        {
            if (change.Key.Equals(key))
            {
                usage += change.AsUsage;
            }
        }

        return usage;
    }

    public void Add(AccumulatorChange change) => _changes.Add(change);
}
