using CmcmActors.Domain.Catalogue;

namespace CmcmActors.Grains.Catalogue;

/// <summary>Section "Cmcm:Catalogue".</summary>
public sealed class CatalogueOptions
{
    public const string Section = "Cmcm:Catalogue";

    /// <summary>How far ahead an edition may be published (default 730 days, two years; at most ten years).</summary>
    public TimeSpan PublicationHorizon { get; set; } = Publication.DefaultHorizon;

    public static bool IsValid(CatalogueOptions options) =>
        options.PublicationHorizon >= TimeSpan.FromDays(1) && options.PublicationHorizon <= TimeSpan.FromDays(3653);
}
