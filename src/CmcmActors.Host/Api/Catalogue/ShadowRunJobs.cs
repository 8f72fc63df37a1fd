using System.Collections.Concurrent;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Journal;

namespace CmcmActors.Host.Api.Catalogue;

/// <summary>
/// Shadow runs as background jobs of this host: started by an admin, read for progress, cancelled, their reports kept
/// (in this host's memory, the newest <see cref="Kept"/>) for download. At most <see cref="MaxRunning"/> run at once.
/// A run reads the journal and asks family grains for members' facts: it decides and writes nothing.
/// </summary>
public sealed partial class ShadowRunJobs(
    IStoredClaims stored,
    IMemberJournal journal,
    IGrainFactory grains,
    CmcmReferenceData reference,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<ShadowRunJobs> logger)
{
    public const int MaxRunning = 2;
    public const int Kept = 20;

    private readonly ConcurrentDictionary<string, ShadowJob> _jobs = new(StringComparer.Ordinal);

    public IReadOnlyList<ShadowJob> All => [.. _jobs.Values.OrderByDescending(j => j.StartedAt).ThenBy(j => j.Id, StringComparer.Ordinal)];

    public ShadowJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Starts a run, or returns null when <see cref="MaxRunning"/> are running.</summary>
    public ShadowJob? Start(StoredDraft draft, CatalogueEdition edition, DateOnly from, DateOnly to, string by)
    {
        lock (_jobs)
        {
            if (_jobs.Values.Count(j => j.Status == ShadowJobStatus.Running) >= MaxRunning)
            {
                return null;
            }

            foreach (var old in _jobs.Values.Where(j => j.Status != ShadowJobStatus.Running).OrderByDescending(j => j.StartedAt).Skip(Kept - 1))
            {
                _jobs.TryRemove(old.Id, out _);
            }

            var job = new ShadowJob("s-" + Guid.NewGuid().ToString("N")[..12], draft.DraftId, edition.Edition, from, to, clock.GetUtcNow(), by,
                CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping));
            _jobs[job.Id] = job;
            job.Task = Task.Run(() => RunAsync(job, edition));
            return job;
        }
    }

    private async Task RunAsync(ShadowJob job, CatalogueEdition edition)
    {
        var token = job.Cancellation.Token;
        try
        {
            job.Total = await stored.CountAsync(job.From, job.To, token);
            var progress = new Progress(job);
            job.Report = await ShadowRun.RunAsync(stored, ProfileAsync, reference.Catalogues, edition, job.From, job.To, reference.Plausibility, progress, token);
            job.Done = job.Report.Claims;
            job.Finish(ShadowJobStatus.Completed, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            job.Finish(ShadowJobStatus.Cancelled, clock.GetUtcNow());
        }
        catch (Exception e)
        {
            LogFailed(logger, job.Id, e);
            job.Error = e.Message;
            job.Finish(ShadowJobStatus.Failed, clock.GetUtcNow());
        }
        finally
        {
            job.Cancellation.Dispose();
        }
    }

    private async Task<MemberProfile?> ProfileAsync(string familyId, string memberId)
    {
        var facts = await grains.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId)).GetFactsAsync(memberId, null);
        if (facts is null)
        {
            return null;
        }

        var member = await journal.LoadAsync(memberId);
        return facts.Profile with { StatutoryPeriods = member?.Head.StatutoryPeriods ?? [] };
    }

    private sealed class Progress(ShadowJob job) : IProgress<int>
    {
        public void Report(int value) => job.Done = value;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Shadow run {Id} failed")]
    private static partial void LogFailed(ILogger logger, string id, Exception exception);
}

public enum ShadowJobStatus
{
    Running,
    Completed,
    Cancelled,
    Failed,
}

public sealed class ShadowJob(string id, string draftId, string edition, DateOnly from, DateOnly to, DateTimeOffset startedAt, string by, CancellationTokenSource cancellation)
{
    private int _done;
    private int _total;
    private int _status;

    public string Id { get; } = id;
    public string DraftId { get; } = draftId;
    public string Edition { get; } = edition;
    public DateOnly From { get; } = from;
    public DateOnly To { get; } = to;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public DateTimeOffset? FinishedAt { get; private set; }
    public string By { get; } = by;
    public ShadowJobStatus Status => (ShadowJobStatus)Volatile.Read(ref _status);
    public int Done { get => Volatile.Read(ref _done); set => Volatile.Write(ref _done, value); }
    public int Total { get => Volatile.Read(ref _total); set => Volatile.Write(ref _total, value); }
    public ShadowReport? Report { get; set; }
    public string? Error { get; set; }
    internal CancellationTokenSource Cancellation { get; } = cancellation;
    internal Task Task { get; set; } = Task.CompletedTask;

    /// <summary>Asks a running job to stop; false when it had already finished.</summary>
    public bool Cancel()
    {
        if (Status != ShadowJobStatus.Running)
        {
            return false;
        }

        try
        {
            Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return true;
    }

    /// <summary>Waits until the job has finished (tests, and the cancel route so that its answer is final).</summary>
    public Task Finished => Task;

    internal void Finish(ShadowJobStatus status, DateTimeOffset at)
    {
        FinishedAt = at;
        Volatile.Write(ref _status, (int)status);
    }
}
