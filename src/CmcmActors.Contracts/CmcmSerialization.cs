using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace CmcmActors.Contracts;

public static class CmcmSerialization
{
    /// <summary>Options for the System.Text.Json codec that carries domain values in grain calls.</summary>
    public static readonly JsonSerializerOptions DomainJson = new(JsonSerializerDefaults.General);

    /// <summary>
    /// The serialization every silo and every client of the cluster needs. Domain values (CmcmActors.Domain) cross
    /// grain calls through the System.Text.Json codec, so the domain stays free of Orleans attributes; contract types
    /// use generated serializers with stable ids.
    /// </summary>
    public static IServiceCollection AddCmcmSerialization(this IServiceCollection services) =>
        services.AddSerializer(s => s.AddJsonSerializer(IsDomainType, DomainJson));

    private static bool IsDomainType(Type type) =>
        type.Namespace?.StartsWith("CmcmActors.Domain", StringComparison.Ordinal) == true;
}
