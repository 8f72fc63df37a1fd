using System.Collections.Concurrent;

namespace CmcmActors.Grains.Catalogue;

/// <summary>
/// Where shadow runs and their reports are kept, so that every host sees every run: one host runs a run (its owner)
/// and beats its heartbeat; any host reads it, asks it to stop, downloads its report, and marks it failed once its
/// owner's heartbeat is older than the lease (the owner stopped). Only the owner moves a running run on, and only while
/// it is still running: a run marked failed stays failed.
/// </summary>
public interface IShadowRunStore
{
    /// <summary>Adds a running run, and deletes the finished runs older than the newest <paramref name="keep"/> finished ones.</summary>
    Task AddAsync(ShadowRunRow run, int keep);

    Task<ShadowRunRow?> GetAsync(string runId);

    /// <summary>The newest runs first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ShadowRunRow>> ListAsync(int limit);

    /// <summary>
    /// The owner's heartbeat with its progress. Null when the run is no longer running under <paramref name="owner"/>
    /// (marked failed after a lapsed lease); otherwise whether a host asked it to stop.
    /// </summary>
    Task<bool?> HeartbeatAsync(string runId, string owner, int done, int total, DateTimeOffset at);

    /// <summary>Asks the owner to stop the run; false when it is not running.</summary>
    Task<bool> RequestCancelAsync(string runId);

    /// <summary>
    /// Ends the run (completed with its report, cancelled or failed), all of it or nothing; false when it was no longer
    /// running under <paramref name="owner"/> (nothing changed).
    /// </summary>
    Task<bool> FinishAsync(string runId, string owner, ShadowRunEnd end);

    /// <summary>The completed run's report, or null.</summary>
    Task<ShadowReport?> ReadReportAsync(string runId);

    /// <summary>Marks failed every running run whose heartbeat is older than <paramref name="heartbeatBefore"/>; how many.</summary>
    Task<int> ExpireAsync(DateTimeOffset heartbeatBefore, DateTimeOffset at);
}

public enum ShadowRunStatus
{
    Running,
    Completed,
    Cancelled,
    Failed,
}

/// <summary>A shadow run as every host sees it.</summary>
/// <param name="Owner">The host running it (machine, process and a random part).</param>
/// <param name="Summary">Set once completed.</param>
public sealed record ShadowRunRow(
    string RunId,
    string DraftId,
    string Edition,
    DateOnly From,
    DateOnly To,
    DateTimeOffset StartedAt,
    string StartedBy,
    string Owner,
    ShadowRunStatus Status,
    int Done,
    int Total,
    DateTimeOffset HeartbeatAt,
    bool CancelRequested,
    DateTimeOffset? FinishedAt,
    string? Error,
    ShadowRunSummary? Summary)
{
    /// <summary>The error of a run whose host stopped beating its heartbeat.</summary>
    public const string LeaseLapsed = "The host running it stopped (no heartbeat within the lease); start the run again.";

    public static ShadowRunRow Started(string runId, string draftId, string edition, DateOnly from, DateOnly to, DateTimeOffset at, string by, string owner) =>
        new(runId, draftId, edition, from, to, at, by, owner, ShadowRunStatus.Running, 0, 0, at, false, null, null, null);

    public static string StatusName(ShadowRunStatus status) => status switch
    {
        ShadowRunStatus.Running => "running",
        ShadowRunStatus.Completed => "completed",
        ShadowRunStatus.Cancelled => "cancelled",
        _ => "failed",
    };

    public static ShadowRunStatus ParseStatus(string status) => status switch
    {
        "running" => ShadowRunStatus.Running,
        "completed" => ShadowRunStatus.Completed,
        "cancelled" => ShadowRunStatus.Cancelled,
        _ => ShadowRunStatus.Failed,
    };
}

/// <summary>A completed run's figures (amounts in euros).</summary>
public sealed record ShadowRunSummary(int Claims, int Judged, int Skipped, int ClaimsChanged, decimal PaidBefore, decimal PaidAfter)
{
    public decimal Difference => ShadowRun.Cents(PaidAfter - PaidBefore);

    public static ShadowRunSummary Of(ShadowReport report) =>
        new(report.Claims, report.Judged.Count, report.Skipped, report.ClaimsChanged, report.PaidBefore, report.PaidAfter);
}

/// <summary>How a run ended: its status, when, why (failed), and its report (completed).</summary>
public sealed record ShadowRunEnd(ShadowRunStatus Status, DateTimeOffset At, int Done, string? Error = null, ShadowReport? Report = null);

/// <summary>The embedded default: the runs in this process's memory, one store per Orleans service id (every silo of the process shares it).</summary>
public sealed class MemoryShadowRunStore : IShadowRunStore
{
    private static readonly ConcurrentDictionary<string, MemoryShadowRunStore> Services = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ShadowRunRow> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShadowReport> _reports = new(StringComparer.Ordinal);

    public static MemoryShadowRunStore For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryShadowRunStore());

    public Task AddAsync(ShadowRunRow run, int keep)
    {
        lock (_lock)
        {
            foreach (var old in Newest(_runs.Values.Where(r => r.Status != ShadowRunStatus.Running)).Skip(keep).ToArray())
            {
                _runs.Remove(old.RunId);
                _reports.Remove(old.RunId);
            }

            _runs.Add(run.RunId, run);
        }

        return Task.CompletedTask;
    }

    public Task<ShadowRunRow?> GetAsync(string runId)
    {
        lock (_lock)
        {
            return Task.FromResult(_runs.GetValueOrDefault(runId));
        }
    }

    public Task<IReadOnlyList<ShadowRunRow>> ListAsync(int limit)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ShadowRunRow>>([.. Newest(_runs.Values).Take(limit)]);
        }
    }

    public Task<bool?> HeartbeatAsync(string runId, string owner, int done, int total, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!Owned(runId, owner, out var run))
            {
                return Task.FromResult<bool?>(null);
            }

            _runs[runId] = run with { Done = done, Total = total, HeartbeatAt = at };
            return Task.FromResult<bool?>(run.CancelRequested);
        }
    }

    public Task<bool> RequestCancelAsync(string runId)
    {
        lock (_lock)
        {
            if (!_runs.TryGetValue(runId, out var run) || run.Status != ShadowRunStatus.Running)
            {
                return Task.FromResult(false);
            }

            _runs[runId] = run with { CancelRequested = true };
            return Task.FromResult(true);
        }
    }

    public Task<bool> FinishAsync(string runId, string owner, ShadowRunEnd end)
    {
        lock (_lock)
        {
            if (!Owned(runId, owner, out var run))
            {
                return Task.FromResult(false);
            }

            _runs[runId] = run with
            {
                Status = end.Status, FinishedAt = end.At, Done = end.Done, Error = end.Error,
                Summary = end.Report is null ? null : ShadowRunSummary.Of(end.Report),
            };
            if (end.Report is not null)
            {
                _reports[runId] = end.Report;
            }

            return Task.FromResult(true);
        }
    }

    public Task<ShadowReport?> ReadReportAsync(string runId)
    {
        lock (_lock)
        {
            return Task.FromResult(_reports.GetValueOrDefault(runId));
        }
    }

    public Task<int> ExpireAsync(DateTimeOffset heartbeatBefore, DateTimeOffset at)
    {
        lock (_lock)
        {
            var stale = _runs.Values.Where(r => r.Status == ShadowRunStatus.Running && r.HeartbeatAt < heartbeatBefore).ToArray();
            foreach (var run in stale)
            {
                _runs[run.RunId] = run with { Status = ShadowRunStatus.Failed, FinishedAt = at, Error = ShadowRunRow.LeaseLapsed };
            }

            return Task.FromResult(stale.Length);
        }
    }

    private bool Owned(string runId, string owner, out ShadowRunRow run) =>
        _runs.TryGetValue(runId, out run!) && run.Status == ShadowRunStatus.Running && run.Owner == owner;

    private static IEnumerable<ShadowRunRow> Newest(IEnumerable<ShadowRunRow> runs) =>
        runs.OrderByDescending(r => r.StartedAt).ThenBy(r => r.RunId, StringComparer.Ordinal);
}
