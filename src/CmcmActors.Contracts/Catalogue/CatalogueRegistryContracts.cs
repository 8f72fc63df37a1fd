using CmcmActors.Domain.Routing;
using Orleans.Concurrency;

namespace CmcmActors.Contracts.Catalogue;

/// <summary>
/// The cluster's one registry of reference data that admins change at run time: the catalogue editions published
/// over the built-in ones, and the processing times by department and channel. It is the single writer of both
/// (durable in the catalogue store); every silo keeps a copy (<c>CmcmReferenceData</c>) that the registry pushes to
/// at once on every change and that each silo also polls, so the claim path reads memory only.
/// Key: <see cref="CatalogueRegistry.Key"/>.
/// </summary>
public interface ICatalogueRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>The published editions and processing times, with their version.</summary>
    Task<ReferenceSnapshot> GetAsync();

    /// <summary>
    /// Publishes a draft edition from <see cref="PublishEdition.EffectiveFrom"/>, which must come after today and after
    /// every edition known; returns once every subscribed silo has the new edition. Refused (nothing changes) otherwise.
    /// </summary>
    Task<PublishResult> PublishAsync(PublishEdition command);

    /// <summary>
    /// Withdraws a published edition that is not yet in force (with a reason, recorded with who and when): from then
    /// on no silo judges a claim by it, its date and name are free again and its draft may be published anew.
    /// </summary>
    Task<PublishResult> WithdrawAsync(WithdrawEdition command);

    /// <summary>Sets the weeks of the rows given (the others keep theirs); returns once every subscribed silo has them.</summary>
    Task<ReferenceSnapshot> SetProcessingTimesAsync(ProcessingTimeRow[] rows, string by);

    /// <summary>Registers (or refreshes) the observer of <paramref name="silo"/>: it hears every change. Lapses after <paramref name="validFor"/>.</summary>
    Task SubscribeAsync(SiloAddress silo, IReferenceDataObserver observer, TimeSpan validFor);

    Task UnsubscribeAsync(SiloAddress silo);
}

/// <summary>A silo's copy of the reference data, told by the registry when it changes.</summary>
public interface IReferenceDataObserver : IGrainObserver
{
    Task ChangedAsync(ReferenceSnapshot snapshot);
}

public static class CatalogueRegistry
{
    public const long Key = 0;
}

/// <summary>
/// The reference data changed at run time. <see cref="Version"/> only rises (each publication, withdrawal and change of
/// the processing times adds one). <see cref="Editions"/> are the editions in use (never a withdrawn one);
/// <see cref="Withdrawn"/> the withdrawn ones, for the record. <see cref="ProcessingTimes"/> is empty while the
/// built-in figures apply.
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.ReferenceSnapshot")]
public sealed record ReferenceSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<PublishedEdition> Editions,
    [property: Id(2)] IReadOnlyList<ProcessingTimeRow> ProcessingTimes)
{
    public static readonly ReferenceSnapshot Empty = new(0, [], []);

    [Id(3)]
    public IReadOnlyList<WithdrawnEdition> Withdrawn { get; init; } = [];
}

/// <summary>A published edition withdrawn before it came into force: by whom, when and why.</summary>
[GenerateSerializer, Immutable, Alias("cmcm.WithdrawnEdition")]
public sealed record WithdrawnEdition(
    [property: Id(0)] PublishedEdition Edition,
    [property: Id(1)] DateTimeOffset WithdrawnAt,
    [property: Id(2)] string WithdrawnBy,
    [property: Id(3)] string Reason);

[GenerateSerializer, Immutable, Alias("cmcm.WithdrawEdition")]
public sealed record WithdrawEdition(
    [property: Id(0)] string Edition,
    [property: Id(1)] string Reason,
    [property: Id(2)] string By);

/// <summary>An edition published at run time: the draft's JSON, in force from <see cref="EffectiveFrom"/> (which overrides the file's own date).</summary>
[GenerateSerializer, Immutable, Alias("cmcm.PublishedEdition")]
public sealed record PublishedEdition(
    [property: Id(0)] string Edition,
    [property: Id(1)] DateOnly EffectiveFrom,
    [property: Id(2)] string Json,
    [property: Id(3)] DateTimeOffset PublishedAt,
    [property: Id(4)] string PublishedBy,
    [property: Id(5)] string DraftId);

[GenerateSerializer, Immutable, Alias("cmcm.ProcessingTimeRow")]
public sealed record ProcessingTimeRow(
    [property: Id(0)] Department Department,
    [property: Id(1)] Channel Channel,
    [property: Id(2)] int Weeks);

[GenerateSerializer, Immutable, Alias("cmcm.PublishEdition")]
public sealed record PublishEdition(
    [property: Id(0)] string DraftId,
    [property: Id(1)] string Json,
    [property: Id(2)] DateOnly EffectiveFrom,
    [property: Id(3)] string By);

/// <summary>The publication's outcome: the new snapshot, or why it was refused (the field at fault and the words).</summary>
[GenerateSerializer, Immutable, Alias("cmcm.PublishResult")]
public sealed record PublishResult(
    [property: Id(0)] ReferenceSnapshot? Snapshot,
    [property: Id(1)] string? Field,
    [property: Id(2)] string? Error,
    [property: Id(3)] bool Conflict = false,
    [property: Id(4)] bool NotFound = false)
{
    public bool IsRefused => Error is not null;
}
