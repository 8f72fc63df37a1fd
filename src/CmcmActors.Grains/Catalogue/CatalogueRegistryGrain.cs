using CmcmActors.Contracts.Catalogue;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Calendar;
using CmcmActors.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CmcmActors.Grains.Catalogue;

/// <summary>
/// The single writer of the reference data changed at run time (see <see cref="ICatalogueRegistryGrain"/>). It reads
/// the store when it activates; a change is made durable first, then pushed to every subscribed silo, and the call
/// returns when they have all taken it (a silo that does not answer in <see cref="DeliveryTimeout"/> catches up by
/// polling). Not reentrant: publications and changes of processing times happen one at a time.
/// </summary>
public sealed partial class CatalogueRegistryGrain(
    ICatalogueStore store,
    CmcmReferenceData reference,
    CmcmCalendar calendar,
    IOptions<CatalogueOptions> options,
    ILogger<CatalogueRegistryGrain> logger) : Grain, ICatalogueRegistryGrain
{
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<SiloAddress, (IReferenceDataObserver Observer, DateTimeOffset ValidUntil)> _silos = [];
    private ReferenceSnapshot _snapshot = ReferenceSnapshot.Empty;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => _snapshot = await store.LoadAsync();

    public Task<ReferenceSnapshot> GetAsync() => Task.FromResult(_snapshot);

    public async Task<PublishResult> PublishAsync(PublishEdition command)
    {
        ArgumentNullException.ThrowIfNull(command);
        CatalogueEdition draft;
        try
        {
            draft = CatalogueLoader.Parse(command.Json, command.DraftId);
        }
        catch (CatalogueException e)
        {
            return new PublishResult(null, "draft", e.Message);
        }

        var known = CmcmReferenceData.Build(reference.BaseCatalogues, _snapshot.Editions);
        if (Publication.Refusal(known, draft.Edition, command.EffectiveFrom, calendar.Today, options.Value.PublicationHorizon) is { } refusal)
        {
            return new PublishResult(null, refusal.Field, refusal.Message, refusal.Conflict);
        }

        var edition = new PublishedEdition(draft.Edition, command.EffectiveFrom, command.Json, calendar.Now, command.By, command.DraftId);
        if (!await store.PublishAsync(edition))
        {
            // The store holds something this activation did not know (another activation published): catch up, refuse.
            _snapshot = await store.LoadAsync();
            return new PublishResult(null, "draftId", "The draft is already published, or an edition of that name or date exists.", Conflict: true);
        }

        _snapshot = _snapshot with { Version = _snapshot.Version + 1, Editions = [.. _snapshot.Editions, edition] };
        LogPublished(logger, edition.Edition, edition.EffectiveFrom, edition.PublishedBy);
        await TellSilosAsync();
        return new PublishResult(_snapshot, null, null);
    }

    public async Task<PublishResult> WithdrawAsync(WithdrawEdition command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var edition = _snapshot.Editions.FirstOrDefault(e => string.Equals(e.Edition, command.Edition, StringComparison.OrdinalIgnoreCase));
        if (edition is null)
        {
            return new PublishResult(null, "edition", $"No published edition '{command.Edition}' in use (the built-in editions are never withdrawn).", NotFound: true);
        }

        if (Publication.WithdrawalRefusal(edition.EffectiveFrom, calendar.Today, command.Reason) is { } refusal)
        {
            return new PublishResult(null, refusal.Field, refusal.Message, refusal.Conflict);
        }

        var withdrawal = new WithdrawnEdition(edition, calendar.Now, command.By, command.Reason.Trim());
        if (!await store.WithdrawAsync(withdrawal))
        {
            _snapshot = await store.LoadAsync();
            return new PublishResult(null, "edition", $"The edition '{command.Edition}' was withdrawn meanwhile.", Conflict: true);
        }

        _snapshot = _snapshot with { Version = _snapshot.Version + 1, Editions = [.. _snapshot.Editions.Where(e => e != edition)], Withdrawn = [.. _snapshot.Withdrawn, withdrawal] };
        LogWithdrawn(logger, edition.Edition, edition.EffectiveFrom, command.By, withdrawal.Reason);
        await TellSilosAsync();
        return new PublishResult(_snapshot, null, null);
    }

    public async Task<ReferenceSnapshot> SetProcessingTimesAsync(ProcessingTimeRow[] rows, string by)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var merged = _snapshot.ProcessingTimes.ToDictionary(r => (r.Department, r.Channel));
        foreach (var row in rows)
        {
            merged[(row.Department, row.Channel)] = row;
        }

        ProcessingTimeRow[] all = [.. merged.Values.OrderBy(r => r.Department).ThenBy(r => r.Channel)];
        var revision = _snapshot.Version - _snapshot.Editions.Count - 2 * _snapshot.Withdrawn.Count + 1;
        await store.SaveProcessingTimesAsync(all, revision, by);
        _snapshot = _snapshot with { Version = _snapshot.Version + 1, ProcessingTimes = all };
        await TellSilosAsync();
        return _snapshot;
    }

    public Task SubscribeAsync(SiloAddress silo, IReferenceDataObserver observer, TimeSpan validFor)
    {
        _silos[silo] = (observer, calendar.Now + validFor);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(SiloAddress silo)
    {
        _silos.Remove(silo);
        return Task.CompletedTask;
    }

    private async Task TellSilosAsync()
    {
        var now = calendar.Now;
        foreach (var lapsed in _silos.Where(s => s.Value.ValidUntil < now).Select(s => s.Key).ToArray())
        {
            _silos.Remove(lapsed);
        }

        var snapshot = _snapshot;
        await Task.WhenAll(_silos.Select(async silo =>
        {
            try
            {
                await silo.Value.Observer.ChangedAsync(snapshot).WaitAsync(DeliveryTimeout);
            }
            catch (Exception e)
            {
                LogSiloMissed(logger, silo.Key, e);
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalogue: edition {Edition} published, in force from {EffectiveFrom}, by {By}")]
    private static partial void LogPublished(ILogger logger, string edition, DateOnly effectiveFrom, string by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalogue: edition {Edition} (from {EffectiveFrom}) withdrawn by {By}: {Reason}")]
    private static partial void LogWithdrawn(ILogger logger, string edition, DateOnly effectiveFrom, string by, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalogue: silo {Silo} did not take the change at once; it catches up when it polls")]
    private static partial void LogSiloMissed(ILogger logger, SiloAddress silo, Exception exception);
}
