using System.Collections.Concurrent;
using System.Diagnostics;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Routing;
using CmcmActors.LoadTest.Measurement;
using CmcmActors.LoadTest.Targets;
using CmcmActors.LoadTest.Workload;

namespace CmcmActors.LoadTest;

/// <summary>Seeds the families, fires the burst and measures it.</summary>
public sealed class LoadRun(LoadOptions options, ILoadTarget target, TextWriter output)
{
    private readonly LatencyRecorder _latency = new();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private readonly ConcurrentDictionary<string, ClaimSubmission> _accepted = new();
    private readonly ConcurrentBag<(long Second, int Count)> _perSecond = [];
    private int _done;

    /// <summary>Called with each answer and the <see cref="Stopwatch.GetTimestamp"/> it arrived at (for the push latency).</summary>
    public Action<SubmitOutcome, long>? Decided { get; set; }
    private int _duplicatesSent;

    public IReadOnlyList<SeededFamily> Families { get; private set; } = [];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var levels = new[] { CoverageLevel.RC, CoverageLevel.RC_PP, CoverageLevel.RC_PP_DO, CoverageLevel.RC_PP_DO };
        Families = Enumerable.Range(0, options.Families).Select(i =>
        {
            var familyId = $"L{options.RunId}-F{i}";
            var size = i == 0 ? 1 : 1 + (i % 4);
            return new SeededFamily(familyId, levels[i % levels.Length], Enumerable.Range(0, size).Select(m => $"{familyId}-M{m}").ToArray());
        }).ToArray();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Families.Select((f, i) => (f, i)), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (x, ct) => await target.SeedFamilyAsync(x.f, x.i, ct));
        await output.WriteLineAsync($"seeded {Families.Count} families ({Families.Sum(f => f.MemberIds.Count)} members) in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    public async Task<BurstResult> FireAsync(CancellationToken cancellationToken)
    {
        var skew = new Skew(options.Skew, Families.Count, options.HotShare);
        var mix = new ClaimMix(options.Seed);
        var latestCare = DateOnly.FromDateTime(DateTime.UtcNow) < new DateOnly(2026, 12, 31) ? DateOnly.FromDateTime(DateTime.UtcNow) : new DateOnly(2026, 12, 31);
        var received = DateOnly.FromDateTime(DateTime.UtcNow);
        var total = options.Duration is null ? options.Claims : int.MaxValue;
        var next = -1;
        var mixLock = new Lock();
        var recent = new ClaimSubmission?[1024];

        ClaimSubmission NextSubmission(int n)
        {
            lock (mixLock)
            {
                if (n > 0 && mix.NextDouble() < options.Duplicates && recent[mix.Next(Math.Min(n, recent.Length))] is { } again)
                {
                    Interlocked.Increment(ref _duplicatesSent);
                    return again;
                }

                var family = Families[skew.NextFamily(mix)];
                var member = family.MemberIds[mix.Next(family.MemberIds.Count)];
                var submission = new ClaimSubmission(family.FamilyId, member, $"INV-{n}", received, n % 3 == 0 ? Channel.Post : Channel.App, mix.NextClaim(latestCare));
                recent[n % recent.Length] = submission;
                return submission;
            }
        }

        var watch = Stopwatch.StartNew();
        var deadline = options.Duration is { } d ? watch.Elapsed + d : TimeSpan.MaxValue;
        using var progress = new Timer(_ => Progress(watch, total), null, 1000, 1000);

        async Task SubmitOneAsync(ClaimSubmission submission, TimeSpan startedAt)
        {
            try
            {
                var record = await target.SubmitAsync(submission, cancellationToken);
                var decidedAt = watch.Elapsed;
                Decided?.Invoke(record, Stopwatch.GetTimestamp());
                _latency.Record(decidedAt - startedAt);
                _accepted[submission.ClaimId] = submission;
                _perSecond.Add(((long)watch.Elapsed.TotalSeconds, 1));
                if (record.Status is ClaimStatus.Received or ClaimStatus.Adjudicating)
                {
                    _errors.AddOrUpdate("not-final-answer", 1, (_, c) => c + 1);
                }
            }
            catch (Exception e)
            {
                _errors.AddOrUpdate(e is LoadTargetException failure ? failure.Kind : e.GetType().Name, 1, (_, c) => c + 1);
            }
            finally
            {
                Interlocked.Increment(ref _done);
            }
        }

        if (options.Rate is { } rate)
        {
            var inFlight = new List<Task>();
            for (var n = 0; n < total && watch.Elapsed < deadline; n++)
            {
                var due = TimeSpan.FromSeconds(n / rate);
                var wait = due - watch.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, cancellationToken);
                }

                inFlight.Add(SubmitOneAsync(NextSubmission(n), due));
            }

            await Task.WhenAll(inFlight);
        }
        else
        {
            var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < total && watch.Elapsed < deadline)
                {
                    await SubmitOneAsync(NextSubmission(n), watch.Elapsed);
                }
            });
            await Task.WhenAll(workers);
        }

        watch.Stop();
        Progress(watch, _done);
        var throughput = _perSecond.GroupBy(p => p.Second).OrderBy(g => g.Key).Select(g => new ThroughputPoint(g.Key, g.Count())).ToArray();
        return new BurstResult(_done, _accepted.Count, _duplicatesSent, watch.Elapsed.TotalSeconds, _latency.Count / watch.Elapsed.TotalSeconds,
            _latency.Summarise(), new Dictionary<string, int>(_errors), throughput);
    }

    public IReadOnlyDictionary<string, ClaimSubmission> Accepted => _accepted;

    /// <summary>The decision latencies of the burst, in milliseconds (for the report's histogram).</summary>
    public IReadOnlyList<double> DecisionLatenciesMs() => _latency.Milliseconds();

    private void Progress(Stopwatch watch, int total)
    {
        var done = Volatile.Read(ref _done);
        var errors = _errors.Values.Sum();
        var totalText = total == int.MaxValue ? "?" : total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"  {done}/{totalText} claims, {done / Math.Max(0.001, watch.Elapsed.TotalSeconds):0} claims/s, {errors} errors, {watch.Elapsed.TotalSeconds:0.0} s");
    }
}

public sealed record ThroughputPoint(long Second, int Claims);

public sealed record BurstResult(
    int Sent,
    int Accepted,
    int DuplicatesSent,
    double Seconds,
    double ClaimsPerSecond,
    LatencySummary DecisionLatency,
    IReadOnlyDictionary<string, int> Errors,
    IReadOnlyList<ThroughputPoint> Throughput);
