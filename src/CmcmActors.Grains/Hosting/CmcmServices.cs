using CmcmActors.Contracts.Catalogue;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Routing;

namespace CmcmActors.Grains.Hosting;

/// <summary>
/// The catalogue editions, processing times and plausibility limits the grains decide with: this silo's copy. The
/// built-in editions are the base; the editions and processing times published at run time come from the catalogue
/// registry grain (<see cref="Apply"/>, pushed at once and polled), so deciding a claim reads memory only.
/// </summary>
public sealed class CmcmReferenceData(CatalogueSet baseCatalogues, PlausibilityLimits? plausibility = null)
{
    private readonly Lock _lock = new();
    private bool _applied;
    private Current _current = new(ReferenceSnapshot.Empty, baseCatalogues, ProcessingTimes.Default);

    /// <summary>The plausibility guard (configuration <c>Cmcm:Plausibility</c>).</summary>
    public PlausibilityLimits Plausibility { get; } = plausibility ?? PlausibilityLimits.Default;

    /// <summary>The editions built into this build (or given by a test): the base the published editions add to.</summary>
    public CatalogueSet BaseCatalogues { get; } = baseCatalogues;

    /// <summary>Every edition, built-in and published; a line is judged by the one in force on its date of care.</summary>
    public CatalogueSet Catalogues => Volatile.Read(ref _current).Catalogues;

    public ProcessingTimes ProcessingTimes => Volatile.Read(ref _current).ProcessingTimes;

    /// <summary>The registry's snapshot this copy holds (version 0: nothing published yet).</summary>
    public ReferenceSnapshot Snapshot => Volatile.Read(ref _current).Snapshot;

    /// <summary>Takes <paramref name="snapshot"/> when it is newer than the one held; true when it did.</summary>
    public bool Apply(ReferenceSnapshot snapshot)
    {
        lock (_lock)
        {
            if (_applied && snapshot.Version <= _current.Snapshot.Version)
            {
                return false;
            }

            _applied = true;
            Volatile.Write(ref _current, new Current(snapshot, Build(BaseCatalogues, snapshot.Editions), Times(snapshot.ProcessingTimes)));
            return true;
        }
    }

    /// <summary>The base editions with the published ones added, each in force from its published date.</summary>
    public static CatalogueSet Build(CatalogueSet baseCatalogues, IEnumerable<PublishedEdition> published) =>
        published.Any()
            ? new CatalogueSet(baseCatalogues.Editions.Concat(published.Select(Parse)))
            : baseCatalogues;

    public static CatalogueEdition Parse(PublishedEdition published) =>
        CatalogueLoader.Parse(published.Json, published.Edition).EffectiveOn(published.EffectiveFrom);

    public static ProcessingTimes Times(IReadOnlyList<ProcessingTimeRow> rows)
    {
        var times = ProcessingTimes.Default;
        foreach (var row in rows)
        {
            times = times.With(row.Department, row.Channel, row.Weeks);
        }

        return times;
    }

    private sealed record Current(ReferenceSnapshot Snapshot, CatalogueSet Catalogues, ProcessingTimes ProcessingTimes);
}
