using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CmcmActors.Host.Health;

/// <summary>Healthy while this host's silo is Active in the cluster's membership (not joining, shutting down or declared dead).</summary>
public sealed class SiloHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        var description = $"silo {status}";
        return Task.FromResult(status == SiloStatus.Active ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
