namespace CmcmActors.Host.Live;

/// <summary>
/// Tells this host's pages to re-read when another silo of the cluster is declared dead. A silo that dies takes with it
/// the pushes still queued in it (its grains' relay, the registry grain if it lived there), and a number that skips
/// reveals such a loss only when the same stream has a later push: a member whose last push died with the silo would
/// show a stale claim until the page reloads. Every push goes out after its change is durable, so a read after the
/// silo is declared dead sees every change whose push it took; the pages on the dead host reconnect and re-read anyway.
/// </summary>
public sealed partial class SiloLossWatcher(
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    HubNotificationObserver observer,
    ILogger<SiloLossWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var known = membership.CurrentSnapshot;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                foreach (var dead in NewlyDead(known, snapshot, silo.SiloAddress))
                {
                    LogSiloLost(logger, dead);
                    observer.PushesMayBeLost($"host {dead} left the cluster");
                }

                known = snapshot;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The silos other than <paramref name="self"/> that are dead in <paramref name="current"/> and were known alive in
    /// <paramref name="previous"/> (the dead silos of earlier runs that a starting host reads from the table are old news).
    /// </summary>
    public static IReadOnlyList<SiloAddress> NewlyDead(ClusterMembershipSnapshot previous, ClusterMembershipSnapshot current, SiloAddress self) =>
    [
        .. current.Members.Values
            .Where(m => m.Status == SiloStatus.Dead && !m.SiloAddress.Equals(self)
                && previous.GetSiloStatus(m.SiloAddress) is not (SiloStatus.Dead or SiloStatus.None))
            .Select(m => m.SiloAddress),
    ];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live: silo {Silo} was declared dead; the pages are told to re-read (pushes queued in it are lost)")]
    private static partial void LogSiloLost(ILogger logger, SiloAddress silo);
}
