namespace CmcmActors.Grains;

/// <summary>The grain storage provider every CmcmActors grain uses.</summary>
public static class CmcmStorage
{
    public const string ProviderName = "cmcm";
}
