using CmcmActors.Contracts.Catalogue;
using CmcmActors.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Catalogue;

/// <summary>
/// Keeps this silo's <see cref="CmcmReferenceData"/> equal to the catalogue registry's: before the silo serves, it
/// subscribes to the registry (which then pushes every change at once) and takes its snapshot; afterwards it renews
/// the subscription and re-reads the snapshot every <see cref="RefreshPeriod"/>, so a push lost while the registry
/// moved is made good within a period. Claims never wait for it: they read the copy in memory.
/// </summary>
public sealed partial class ReferenceDataRefresher(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    CmcmReferenceData reference,
    TimeProvider clock,
    ILogger<ReferenceDataRefresher> logger) : ILifecycleParticipant<ISiloLifecycle>, IReferenceDataObserver, IDisposable
{
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private IReferenceDataObserver? _reference;
    private Task _loop = Task.CompletedTask;

    private ICatalogueRegistryGrain Registry => grains.GetGrain<ICatalogueRegistryGrain>(CatalogueRegistry.Key);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ReferenceDataRefresher), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    public void Dispose() => _stopping.Dispose();

    public Task ChangedAsync(ReferenceSnapshot snapshot)
    {
        if (reference.Apply(snapshot))
        {
            LogApplied(logger, snapshot.Version, snapshot.Editions.Count);
        }

        return Task.CompletedTask;
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<IReferenceDataObserver>(this);
        await RefreshAsync();
        _loop = LoopAsync(_stopping.Token);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
        try
        {
            await Registry.UnsubscribeAsync(silo.SiloAddress).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefreshFailed(logger, e);
        }
        catch (OperationCanceledException)
        {
            // The silo is going regardless; the subscription lapses by itself.
        }
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RefreshPeriod, clock, stopping);
                await RefreshAsync();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRefreshFailed(logger, e);
            }
        }
    }

    private async Task RefreshAsync()
    {
        await Registry.SubscribeAsync(silo.SiloAddress, _reference!, RefreshPeriod * 3);
        await ChangedAsync(await Registry.GetAsync());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalogue: this silo now decides with reference data version {Version} ({Editions} published edition(s))")]
    private static partial void LogApplied(ILogger logger, long version, int editions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalogue: refreshing the reference data from the registry failed; retrying")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
