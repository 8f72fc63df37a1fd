using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Routing;

namespace CmcmActors.Grains.Hosting;

/// <summary>The catalogue editions and processing times the grains decide with; admin updates replace the times.</summary>
public sealed class CmcmReferenceData(CatalogueSet catalogues)
{
    private ProcessingTimes _processingTimes = ProcessingTimes.Default;

    public CatalogueSet Catalogues { get; } = catalogues;

    public ProcessingTimes ProcessingTimes => Volatile.Read(ref _processingTimes);

    public void UpdateProcessingTimes(ProcessingTimes times) => Volatile.Write(ref _processingTimes, times);
}
