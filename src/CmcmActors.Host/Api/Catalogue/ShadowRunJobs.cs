using System.Collections.Concurrent;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Journal;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Api.Catalogue;

/// <summary>
/// Shadow runs as background jobs: this host runs the runs started on it (at most <see cref="MaxRunning"/> at once) and
/// keeps them in the <see cref="IShadowRunStore"/>, where every host reads them, asks them to stop and downloads their
/// reports. While a run runs this host beats its heartbeat (with the progress) every
/// <see cref="ShadowRunOptions.Heartbeat"/>, and stops it when another host asked to; a run whose heartbeat is older
/// than <see cref="ShadowRunOptions.Lease"/> is marked failed by whichever host reads it next, so a host that died
/// never leaves a run "running". A run reads the journal and asks family grains for members' facts: it decides and
/// writes nothing else.
/// </summary>
public sealed partial class ShadowRunJobs(
    IStoredClaims stored,
    IMemberJournal journal,
    IGrainFactory grains,
    CmcmReferenceData reference,
    IShadowRunStore runs,
    IOptions<ShadowRunOptions> options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<ShadowRunJobs> logger) : IHostedService
{
    public const int MaxRunning = 2;
    public const int Kept = 20;

    /// <summary>The error of a run stopped because its host stopped.</summary>
    public const string HostStopped = "The host running it stopped; start the run again.";

    private readonly ConcurrentDictionary<string, ShadowJob> _running = new(StringComparer.Ordinal);
    private readonly Lock _starting = new();

    /// <summary>This host, as a run's owner: machine, process, and a random part (a restarted process is another owner).</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Starts a run on this host, or returns null when <see cref="MaxRunning"/> run here.</summary>
    public async Task<ShadowJob?> StartAsync(StoredDraft draft, CatalogueEdition edition, DateOnly from, DateOnly to, string by)
    {
        var run = ShadowRunRow.Started("s-" + Guid.NewGuid().ToString("N")[..12], draft.DraftId, edition.Edition, from, to, clock.GetUtcNow(), by, Owner);
        var job = new ShadowJob(run, CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping));
        lock (_starting)
        {
            if (_running.Count >= MaxRunning)
            {
                job.Cancellation.Dispose();
                return null;
            }

            _running[run.RunId] = job;
        }

        try
        {
            await runs.AddAsync(run, Kept);
        }
        catch
        {
            _running.TryRemove(run.RunId, out _);
            job.Cancellation.Dispose();
            throw;
        }

        job.Task = Task.Run(() => RunAsync(job, edition));
        return job;
    }

    /// <summary>The run as every host sees it (runs whose host stopped beating are marked failed first).</summary>
    public async Task<ShadowRunRow?> FindAsync(string runId)
    {
        await ExpireAsync();
        return Fresh(await runs.GetAsync(runId));
    }

    /// <summary>The newest runs of the cluster, at most <see cref="Kept"/> finished ones and those running.</summary>
    public async Task<IReadOnlyList<ShadowRunRow>> ListAsync()
    {
        await ExpireAsync();
        return [.. (await runs.ListAsync(Kept + MaxRunning * 16)).Select(r => Fresh(r)!)];
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>On stopping, the runs of this host (cancelled by ApplicationStopping) are recorded as failed before the store goes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var job in _running.Values)
        {
            job.Cancel();
        }

        await Task.WhenAll(_running.Values.Select(j => j.Finished)).WaitAsync(cancellationToken);
    }

    /// <summary>A run of this host with its progress of now rather than of its last heartbeat.</summary>
    private ShadowRunRow? Fresh(ShadowRunRow? run) =>
        run is { Status: ShadowRunStatus.Running } && _running.TryGetValue(run.RunId, out var job) ? run with { Done = job.Done, Total = job.Total } : run;

    public Task<ShadowReport?> ReportAsync(string runId) => runs.ReadReportAsync(runId);

    /// <summary>
    /// Stops a running run, wherever it runs, and answers it once it has stopped (or once <see cref="ShadowRunOptions.Lease"/>
    /// passed); null when there is no such run, and the run unchanged (not running) when it had already finished.
    /// </summary>
    public async Task<(ShadowRunRow? Run, bool Stopped)> CancelAsync(string runId)
    {
        if (!await runs.RequestCancelAsync(runId))
        {
            return (await FindAsync(runId), false);
        }

        if (_running.TryGetValue(runId, out var local))
        {
            local.Cancel();
            await local.Finished;
            return (await runs.GetAsync(runId), true);
        }

        var patience = clock.GetUtcNow() + options.Value.Lease + options.Value.Heartbeat;
        while (true)
        {
            var run = await FindAsync(runId);
            if (run is null || run.Status != ShadowRunStatus.Running || clock.GetUtcNow() > patience)
            {
                return (run, true);
            }

            await Task.Delay(options.Value.Heartbeat / 4, clock);
        }
    }

    private Task<int> ExpireAsync()
    {
        var now = clock.GetUtcNow();
        return runs.ExpireAsync(now - options.Value.Lease, now);
    }

    private async Task RunAsync(ShadowJob job, CatalogueEdition edition)
    {
        var token = job.Cancellation.Token;
        using var beating = CancellationTokenSource.CreateLinkedTokenSource(token);
        var heartbeat = Task.Run(() => BeatAsync(job, beating.Token));
        ShadowRunEnd end;
        try
        {
            job.Total = await stored.CountAsync(job.Run.From, job.Run.To, token);
            var report = await ShadowRun.RunAsync(stored, ProfileAsync, reference.Catalogues, edition, job.Run.From, job.Run.To, reference.Plausibility, new Progress(job), token);
            end = new ShadowRunEnd(ShadowRunStatus.Completed, clock.GetUtcNow(), report.Claims, Report: report);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            end = lifetime.ApplicationStopping.IsCancellationRequested
                ? new ShadowRunEnd(ShadowRunStatus.Failed, clock.GetUtcNow(), job.Done, HostStopped)
                : new ShadowRunEnd(ShadowRunStatus.Cancelled, clock.GetUtcNow(), job.Done);
        }
        catch (Exception e)
        {
            LogFailed(logger, job.Run.RunId, e);
            end = new ShadowRunEnd(ShadowRunStatus.Failed, clock.GetUtcNow(), job.Done, e.Message);
        }

        await beating.CancelAsync();
        await heartbeat;
        try
        {
            if (!await runs.FinishAsync(job.Run.RunId, Owner, end))
            {
                LogLost(logger, job.Run.RunId);
            }
        }
        catch (Exception e)
        {
            // Not recorded: the run stays "running" until its lease lapses, then any host marks it failed.
            LogFailed(logger, job.Run.RunId, e);
        }
        finally
        {
            _running.TryRemove(job.Run.RunId, out _);
            job.Cancellation.Dispose();
        }
    }

    /// <summary>Beats the run's heartbeat with its progress until it ends; stops it when asked to or when its lease was lost.</summary>
    private async Task BeatAsync(ShadowJob job, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.Heartbeat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (await runs.HeartbeatAsync(job.Run.RunId, Owner, job.Done, job.Total, clock.GetUtcNow()) is not false)
                    {
                        job.Cancel();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogHeartbeat(logger, job.Run.RunId, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shadow run {Id}: its heartbeat could not be written")]
    private static partial void LogHeartbeat(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shadow run {Id} ended here after another host had marked it failed (its lease lapsed); its end is not recorded")]
    private static partial void LogLost(ILogger logger, string id);
}

/// <summary>Section "Cmcm:ShadowRuns".</summary>
public sealed class ShadowRunOptions
{
    public const string Section = "Cmcm:ShadowRuns";

    /// <summary>How often the host running a run writes its progress and reads whether it was asked to stop (default 2 s).</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A run whose heartbeat is older than this is marked failed by any host (default 30 s; more than the heartbeat).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>A run this host runs: its cancellation, its progress, its task.</summary>
public sealed class ShadowJob(ShadowRunRow run, CancellationTokenSource cancellation)
{
    private int _done;
    private int _total;

    public ShadowRunRow Run { get; } = run;
    public int Done { get => Volatile.Read(ref _done); set => Volatile.Write(ref _done, value); }
    public int Total { get => Volatile.Read(ref _total); set => Volatile.Write(ref _total, value); }
    internal CancellationTokenSource Cancellation { get; } = cancellation;
    internal Task Task { get; set; } = Task.CompletedTask;

    /// <summary>Waits until the run has ended and its end is recorded.</summary>
    public Task Finished => Task;

    /// <summary>Asks the run to stop.</summary>
    public void Cancel()
    {
        try
        {
            Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
