using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Routing;

namespace CmcmActors.Grains.Hosting;

/// <summary>The catalogue editions, processing times and plausibility limits the grains decide with; admin updates replace the times.</summary>
public sealed class CmcmReferenceData(CatalogueSet catalogues, PlausibilityLimits? plausibility = null)
{
    private ProcessingTimes _processingTimes = ProcessingTimes.Default;

    /// <summary>The plausibility guard (configuration <c>Cmcm:Plausibility</c>).</summary>
    public PlausibilityLimits Plausibility { get; } = plausibility ?? PlausibilityLimits.Default;

    public CatalogueSet Catalogues { get; } = catalogues;

    public ProcessingTimes ProcessingTimes => Volatile.Read(ref _processingTimes);

    public void UpdateProcessingTimes(ProcessingTimes times) => Volatile.Write(ref _processingTimes, times);
}
