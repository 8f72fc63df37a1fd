using System.Text.Json.Serialization;

namespace CmcmActors.Domain.Adjudication;

/// <summary>
/// What one claim holds of the family-scoped caps: the share of its last durable version (<see cref="Version"/>) and,
/// while its member is writing a newer version, that version's share as <see cref="Pending"/>. Until the member's
/// write is known to have landed, the claim holds the larger of the two on every accumulator, so that whichever
/// version ends up durable, the family's totals cover it.
/// </summary>
public sealed record FamilyShare(long Version, IReadOnlyList<AccumulatorChange> Changes)
{
    public PendingShare? Pending { get; init; }

    /// <summary>What the claim holds of the family's totals now: the larger of the durable and the pending share, per accumulator.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<AccumulatorKey, Usage> Held => Pending is null ? Sum(Changes) : Larger(Sum(Changes), Sum(Pending.Changes));

    internal static Dictionary<AccumulatorKey, Usage> Sum(IEnumerable<AccumulatorChange> changes)
    {
        var sum = new Dictionary<AccumulatorKey, Usage>();
        foreach (var change in changes)
        {
            sum[change.Key] = sum.GetValueOrDefault(change.Key) + change.AsUsage;
        }

        return sum;
    }

    private static Dictionary<AccumulatorKey, Usage> Larger(Dictionary<AccumulatorKey, Usage> a, Dictionary<AccumulatorKey, Usage> b)
    {
        var larger = new Dictionary<AccumulatorKey, Usage>(a);
        foreach (var (key, usage) in b)
        {
            var other = larger.GetValueOrDefault(key);
            larger[key] = new Usage(Money.Money.Max(other.Paid, usage.Paid), Math.Max(other.Units, usage.Units));
        }

        return larger;
    }
}

/// <summary>
/// A version of a claim being written, and its family share; <see cref="Since"/> says when it was reserved and
/// <see cref="ReservedBy"/> by whom (the claim's member, or a family cascade's run).
/// </summary>
public sealed record PendingShare(long Version, IReadOnlyList<AccumulatorChange> Changes, DateTimeOffset Since, string? ReservedBy = null);

/// <summary>A version of a claim and its family-scoped changes (none for a pended, refused or reversed version).</summary>
public sealed record ShareVersion(long Version, IReadOnlyList<AccumulatorChange> Changes)
{
    public static readonly ShareVersion None = new(0, []);
}

public enum ReserveOutcome
{
    Reserved,

    /// <summary>The share grows and the family's totals moved since the member read them: decide again on the new totals.</summary>
    Stale,

    /// <summary>
    /// Another writer has this version (or a newer one) of the claim under way: only its settlement, or the member's
    /// answer when the family asks, ends it.
    /// </summary>
    Busy,
}

/// <summary>
/// The family-scoped caps of one family: the running totals and the claims with a write under way. What a settled claim
/// holds is its durable version's share, which its member keeps (in the claim's decision) and states in every request
/// about it; the family keeps no ledger of settled claims, so what it stores does not grow with its history.
/// <para>
/// The rule it keeps (<b>Decision: family room is given back only after the member's write</b>): a claim's member and
/// its family are two owners, written in two steps. Before the member writes a new version of a claim (a decision, a
/// correction, a reversal, a cascade's top-up) the family <see cref="Reserve"/>s it: the claim then holds the larger of
/// its durable and its new share, so the room it may take is taken first and the room it may give back is still held.
/// Once the member's write has landed, the family <see cref="Settle"/>s the claim on the written version: only then is
/// room given back. A write that fails leaves the claim holding at least what its durable version holds, whatever
/// else runs meanwhile, and the family asks the member for the durable version later (<see cref="PendingSince"/>).
/// </para>
/// </summary>
public sealed class FamilyCapLedger
{
    private readonly AccumulatorBook _totals;
    private readonly Dictionary<string, FamilyShare> _shares;

    public FamilyCapLedger(IEnumerable<AccumulatorChange> totals, IReadOnlyDictionary<string, FamilyShare> shares)
    {
        _totals = AccumulatorBook.FromTotals(totals);
        _shares = new Dictionary<string, FamilyShare>(shares, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, FamilyShare> Shares => _shares;

    public List<AccumulatorChange> Totals => _totals.ToTotals();

    /// <summary>
    /// The family's totals without what <paramref name="claimId"/> holds (its <paramref name="durable"/> share, as its member
    /// states it, or more while a write of it is under way): the room a new version of it is decided against.
    /// </summary>
    public List<AccumulatorChange> TotalsWithout(string? claimId, IReadOnlyList<AccumulatorChange> durable)
    {
        var held = claimId is not null && _shares.TryGetValue(claimId, out var share) ? share.Held : FamilyShare.Sum(durable);
        if (held.Count == 0)
        {
            return _totals.ToTotals();
        }

        var book = AccumulatorBook.FromTotals(_totals.ToTotals());
        book.Apply(held.Select(h => new AccumulatorChange(h.Key, -h.Value.Paid, -h.Value.Units)));
        return book.ToTotals();
    }

    /// <summary>
    /// Before the member writes <paramref name="next"/>: the claim holds the larger of <paramref name="durable"/> (what its
    /// member last wrote) and <paramref name="next"/>. When that takes more room than the claim held and the totals are no
    /// longer those the member decided on (<paramref name="decidedOn"/> is not <paramref name="totalsVersion"/>), nothing
    /// changes and the member decides again. Returns whether the totals moved, through <paramref name="moved"/>.
    /// </summary>
    public ReserveOutcome Reserve(string claimId, ShareVersion durable, ShareVersion next, DateTimeOffset now, long decidedOn, long totalsVersion, out bool moved,
        string? reservedBy = null)
    {
        var existing = _shares.GetValueOrDefault(claimId);
        if (existing?.Pending is { } other && other.ReservedBy != reservedBy && other.Version >= next.Version)
        {
            moved = false;
            return ReserveOutcome.Busy;
        }

        var settled = existing is not null && existing.Version > durable.Version ? new ShareVersion(existing.Version, existing.Changes) : durable;
        var share = new FamilyShare(settled.Version, settled.Changes) { Pending = new PendingShare(next.Version, next.Changes, now, reservedBy) };
        var delta = Delta(existing?.Held ?? FamilyShare.Sum(durable.Changes), share.Held);
        if (delta.Any(c => c.Paid.Cents > 0 || c.Units > 0) && decidedOn != totalsVersion)
        {
            moved = false;
            return ReserveOutcome.Stale;
        }

        moved = Move(claimId, share, delta);
        return ReserveOutcome.Reserved;
    }

    /// <summary>
    /// Reserves several claims at once, as one decision taken on the totals at <paramref name="decidedOn"/> (a cascade's
    /// steps): all, or none when one grows and the totals moved since.
    /// </summary>
    public ReserveOutcome ReserveAll(IReadOnlyList<(string ClaimId, ShareVersion Durable, ShareVersion Next)> claims, DateTimeOffset now, long decidedOn, long totalsVersion,
        string reservedBy, out bool moved)
    {
        moved = false;
        foreach (var (claimId, durable, next) in claims)
        {
            // Every claim is checked against the version the decision was taken on, not the one the previous claim left.
            if (Reserve(claimId, durable, next, now, decidedOn, totalsVersion, out var one, reservedBy) is not ReserveOutcome.Reserved and var refused)
            {
                return refused;
            }

            moved |= one;
        }

        return ReserveOutcome.Reserved;
    }

    /// <summary>
    /// The member wrote <paramref name="written"/>: the claim holds its share alone (room given back now, if any). A pending
    /// newer version stays held, unless <paramref name="nothingNewer"/> (the member says no newer write is under way: the
    /// pending version's write failed). An older version than the family knows changes nothing.
    /// </summary>
    public bool Settle(string claimId, ShareVersion written, bool nothingNewer)
    {
        // No write under way: the settlement was already made (a repeat), or answers a question already answered.
        if (_shares.GetValueOrDefault(claimId) is not { } existing || existing.Version > written.Version)
        {
            return false;
        }

        var pending = existing.Pending is { } p && p.Version > written.Version && !nothingNewer ? p : null;
        var share = new FamilyShare(written.Version, written.Changes) { Pending = pending };
        return Move(claimId, share, Delta(existing.Held, share.Held));
    }

    /// <summary>Claims whose pending version was reserved at or before <paramref name="before"/>: their member is asked what it wrote.</summary>
    public IReadOnlyList<string> PendingSince(DateTimeOffset before) =>
        [.. _shares.Where(s => s.Value.Pending is { } p && p.Since <= before).Select(s => s.Key).Order(StringComparer.Ordinal)];

    private bool Move(string claimId, FamilyShare share, List<AccumulatorChange> delta)
    {
        _totals.Apply(delta);
        if (share.Pending is null)
        {
            // A settled claim is forgotten: its member holds its share.
            _shares.Remove(claimId);
        }
        else
        {
            _shares[claimId] = share;
        }

        return delta.Count > 0;
    }

    private static List<AccumulatorChange> Delta(IReadOnlyDictionary<AccumulatorKey, Usage> was, IReadOnlyDictionary<AccumulatorKey, Usage> now)
    {
        var delta = new List<AccumulatorChange>();
        foreach (var key in was.Keys.Union(now.Keys))
        {
            var a = was.GetValueOrDefault(key);
            var b = now.GetValueOrDefault(key);
            if (a != b)
            {
                delta.Add(new AccumulatorChange(key, b.Paid - a.Paid, checked(b.Units - a.Units)));
            }
        }

        return delta;
    }
}
