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
    private readonly LatencyRecorder _lifecycleLatency = new();
    private int _reversals;
    private int _corrections;
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private readonly ConcurrentDictionary<string, ClaimSubmission> _accepted = new();
    private readonly ConcurrentBag<(long Second, int Count)> _perSecond = [];
    private readonly ConcurrentDictionary<string, SubmitOutcome> _answers = new();
    private readonly ConcurrentQueue<string> _disagreements = new();
    private readonly ConcurrentDictionary<string, int> _failedAttempts = new();
    private readonly ConcurrentQueue<double> _answeredAt = new();
    private int _done;
    private int _warmedUp;
    private int _inFlight;
    private int _redriven;
    private int _inFlightAtFirstFailure = -1;
    private long _firstFailureTicks = long.MaxValue;
    private long _lastFailureTicks = long.MinValue;

    /// <summary>
    /// Called with each answer, the <see cref="Stopwatch.GetTimestamp"/> it arrived at (for the push latency) and the one
    /// its claim was first sent at (a push lost before a re-driven answer is lost after that).
    /// </summary>
    public Action<SubmitOutcome, long, long>? Decided { get; set; }

    /// <summary>Called with each claim of the burst before it is first sent.</summary>
    public Action<ClaimSubmission>? Sending { get; set; }

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

    /// <summary>
    /// Fires <paramref name="count"/> claims before the measured burst (closed loop, same skew and mix, invoice
    /// references WARM-n), so that the figures describe a host whose code is compiled and whose grains are active, as in
    /// a service that has been running. The claims are accepted for real and audited with the rest; nothing of them is
    /// in the figures. Returns how many were accepted.
    /// </summary>
    public async Task<int> WarmUpAsync(int count, CancellationToken cancellationToken)
    {
        var skew = new Skew(options.Skew, Families.Count, options.HotShare);
        var mix = new ClaimMix(options.Seed + 1);
        var mixLock = new Lock();
        var (latestCare, received) = CareDates();
        var next = -1;
        var accepted = 0;
        var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                ClaimSubmission submission;
                lock (mixLock)
                {
                    var family = Families[skew.NextFamily(mix)];
                    submission = new ClaimSubmission(family.FamilyId, family.MemberIds[mix.Next(family.MemberIds.Count)], $"WARM-{n}", received, Channel.App,
                        mix.NextClaim(latestCare));
                }

                try
                {
                    await target.SubmitAsync(submission, cancellationToken);
                    _accepted[submission.ClaimId] = submission;
                    Interlocked.Increment(ref accepted);
                    Interlocked.Increment(ref _warmedUp);
                }
                catch (LoadTargetException)
                {
                    // A refused warm-up claim changes nothing the audit relies on; the measured burst counts its own errors.
                }
            }
        });
        await Task.WhenAll(workers);
        return accepted;
    }

    /// <summary>The latest date of care the mix may use (today, within the catalogue's 2026 year) and the receipt date.</summary>
    private static (DateOnly LatestCare, DateOnly Received) CareDates()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return (today < new DateOnly(2026, 12, 31) ? today : new DateOnly(2026, 12, 31), today);
    }

    public async Task<BurstResult> FireAsync(CancellationToken cancellationToken)
    {
        var skew = new Skew(options.Skew, Families.Count, options.HotShare);
        var mix = new ClaimMix(options.Seed);
        var (latestCare, received) = CareDates();
        var total = options.Duration is null ? options.Claims : int.MaxValue;
        var next = -1;
        var mixLock = new Lock();
        var recent = new ClaimSubmission?[1024];

        ClaimSubmission NextSubmission(int n)
        {
            lock (mixLock)
            {
                if (options.SameClaim && recent[0] is { } same)
                {
                    Interlocked.Increment(ref _duplicatesSent);
                    return same;
                }

                if (n > 0 && mix.NextDouble() < options.Duplicates && recent[mix.Next(Math.Min(n, recent.Length))] is { } again)
                {
                    Interlocked.Increment(ref _duplicatesSent);
                    return again;
                }

                var family = Families[skew.NextFamily(mix)];
                var member = family.MemberIds[mix.Next(family.MemberIds.Count)];
                var submission = new ClaimSubmission(family.FamilyId, member, $"INV-{n}", received, n % 3 == 0 ? Channel.Post : Channel.App, mix.NextClaim(latestCare));
                recent[options.SameClaim ? 0 : n % recent.Length] = submission;
                return submission;
            }
        }

        var watch = Stopwatch.StartNew();
        var deadline = options.Duration is { } d ? watch.Elapsed + d : TimeSpan.MaxValue;
        using var progress = new Timer(_ => Progress(watch, total), null, 1000, 1000);

        async Task SubmitOneAsync(ClaimSubmission submission, TimeSpan startedAt)
        {
            Sending?.Invoke(submission);
            var sent = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _inFlight);
            try
            {
                var record = await SubmitWithRedriveAsync(submission, watch, cancellationToken);
                var decidedAt = watch.Elapsed;
                Decided?.Invoke(record, Stopwatch.GetTimestamp(), sent);
                _latency.Record(decidedAt - startedAt);
                _answeredAt.Enqueue(decidedAt.TotalSeconds);
                _accepted[submission.ClaimId] = submission;
                _perSecond.Add(((long)watch.Elapsed.TotalSeconds, 1));
                CompareWithFirstAnswer(record);
                if (record.Status is ClaimStatus.Received or ClaimStatus.Adjudicating)
                {
                    _errors.AddOrUpdate("not-final-answer", 1, (_, c) => c + 1);
                }

                if (record.TotalPaid > 0 && options.Lifecycle > 0 && !options.SameClaim && LifecycleRoll(mix, mixLock) is { } reverse)
                {
                    await ReverseOrCorrectAsync(submission, reverse, cancellationToken);
                }
            }
            catch (Exception e)
            {
                _errors.AddOrUpdate(e is LoadTargetException failure ? failure.Kind : e.GetType().Name, 1, (_, c) => c + 1);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
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
        return new BurstResult(_done, _accepted.Count - _warmedUp, _duplicatesSent, watch.Elapsed.TotalSeconds, _latency.Count / watch.Elapsed.TotalSeconds,
            _latency.Summarise(), new Dictionary<string, int>(_errors), throughput, Faults(),
            _reversals + _corrections > 0 ? new LifecycleFigures(_reversals, _corrections, _lifecycleLatency.Summarise()) : null);
    }

    public IReadOnlyDictionary<string, ClaimSubmission> Accepted => _accepted;

    /// <summary>Null: leave the claim; true: reverse it; false: correct it.</summary>
    private bool? LifecycleRoll(ClaimMix mix, Lock mixLock)
    {
        lock (mixLock)
        {
            var roll = mix.NextDouble();
            return roll >= options.Lifecycle ? null : roll < options.Lifecycle / 2;
        }
    }

    /// <summary>
    /// The front desk's second look at a paid claim, racing the burst's other claims on the same members: a reversal, or
    /// a correction that halves every line's amounts. Either gives room back and may set off the cascade; the audit then
    /// checks that every claim's cap movements net to its current decision.
    /// </summary>
    private async Task ReverseOrCorrectAsync(ClaimSubmission claim, bool reverse, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (reverse)
            {
                await target.ReverseAsync(claim, "cmcm-load: reversal in a mixed burst", cancellationToken);
                Interlocked.Increment(ref _reversals);
            }
            else
            {
                var halved = claim.Lines.Select(l => l with
                {
                    Invoiced = new CmcmActors.Domain.Money.Money(l.Invoiced.Cents / 2),
                    StatutoryReimbursement = new CmcmActors.Domain.Money.Money(l.StatutoryReimbursement.Cents / 2),
                }).ToArray();
                await target.CorrectAsync(claim, halved, "cmcm-load: amounts halved in a mixed burst", cancellationToken);
                Interlocked.Increment(ref _corrections);
            }

            _lifecycleLatency.Record(Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e)
        {
            var kind = e is LoadTargetException failure ? failure.Kind : e.GetType().Name;
            _errors.AddOrUpdate((reverse ? "reversal: " : "correction: ") + kind, 1, (_, c) => c + 1);
        }
    }

    /// <summary>Claims whose answers disagreed with the first answer for the same claim (status or amount paid).</summary>
    public IReadOnlyList<string> Disagreements => [.. _disagreements];

    /// <summary>
    /// Submits a claim; with <see cref="LoadOptions.RetryFor"/>, a transient failure (lost connection, timeout, 502/503/504)
    /// sends the same claim again, after the host's Retry-After (capped at 2 s so a recovered cluster is found quickly),
    /// to the next host in the round. A resubmission is safe: the claim id is the member and invoice reference, and the
    /// member applies a claim once and answers a repeat with the recorded decision.
    /// </summary>
    private async Task<SubmitOutcome> SubmitWithRedriveAsync(ClaimSubmission submission, Stopwatch watch, CancellationToken cancellationToken)
    {
        var giveUpAt = options.RetryFor is { } window ? watch.Elapsed + window : TimeSpan.Zero;
        var failed = false;
        while (true)
        {
            try
            {
                var record = await target.SubmitAsync(submission, cancellationToken);
                if (failed)
                {
                    Interlocked.Increment(ref _redriven);
                }

                return record;
            }
            catch (LoadTargetException e) when (e.Transient && watch.Elapsed < giveUpAt)
            {
                failed = true;
                var now = watch.ElapsedTicks;
                if (Interlocked.CompareExchange(ref _firstFailureTicks, now, long.MaxValue) == long.MaxValue)
                {
                    Interlocked.Exchange(ref _inFlightAtFirstFailure, Volatile.Read(ref _inFlight));
                }

                // A refused connection is a host known to be down being tried again (every HttpTarget.DownFor): not a
                // sign that the cluster has not recovered, so it does not move the end of the outage.
                long last;
                while (e.Kind != HttpTarget.ConnectionRefused && (last = Volatile.Read(ref _lastFailureTicks)) < now
                    && Interlocked.CompareExchange(ref _lastFailureTicks, now, last) != last)
                {
                }

                _failedAttempts.AddOrUpdate(e.Kind, 1, (_, c) => c + 1);
                var pause = e.RetryAfter is { } retryAfter ? TimeSpan.FromTicks(Math.Min(retryAfter.Ticks, TimeSpan.FromSeconds(2).Ticks)) : TimeSpan.FromMilliseconds(200);
                await Task.Delay(pause, cancellationToken);
            }
        }
    }

    private void CompareWithFirstAnswer(SubmitOutcome record)
    {
        var first = _answers.GetOrAdd(record.ClaimId, record);
        if (!ReferenceEquals(first, record) && (first.Status != record.Status || first.TotalPaid != record.TotalPaid))
        {
            _disagreements.Enqueue($"{record.ClaimId}: answered {first.Status} paying {first.TotalPaid:0.00}, then {record.Status} paying {record.TotalPaid:0.00}");
        }
    }

    private FaultFigures? Faults()
    {
        if (_failedAttempts.IsEmpty)
        {
            return null;
        }

        var answered = _answeredAt.Order().ToArray();
        var longestSilence = answered.Zip(answered.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max();
        static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
        return new FaultFigures(_redriven, new Dictionary<string, int>(_failedAttempts), _inFlightAtFirstFailure,
            Math.Round(Seconds(_firstFailureTicks), 2), Math.Round(Seconds(Math.Max(_lastFailureTicks, _firstFailureTicks)), 2), Math.Round(longestSilence, 2));
    }

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
    IReadOnlyList<ThroughputPoint> Throughput,
    FaultFigures? Faults,
    LifecycleFigures? Lifecycle = null);

/// <summary>The reversals and corrections of a mixed burst (<see cref="LoadOptions.Lifecycle"/>) and how long each took.</summary>
public sealed record LifecycleFigures(int Reversals, int Corrections, LatencySummary Latency);

/// <summary>What a burst went through when hosts or the database failed under it (null when no attempt failed).</summary>
/// <param name="Redriven">Claims answered only after at least one failed attempt.</param>
/// <param name="FailedAttempts">Failed attempts by kind (connection lost, timeout, HTTP 503...); each was re-driven.</param>
/// <param name="InFlightAtFirstFailure">Claims in flight when the first attempt failed.</param>
/// <param name="FirstFailureSeconds">When the first attempt failed, seconds into the burst.</param>
/// <param name="LastFailureSeconds">When the last attempt failed other than by a refused connection (a dead host tried again).</param>
/// <param name="LongestSilenceSeconds">The longest time with no claim answered.</param>
public sealed record FaultFigures(int Redriven, IReadOnlyDictionary<string, int> FailedAttempts, int InFlightAtFirstFailure,
    double FirstFailureSeconds, double LastFailureSeconds, double LongestSilenceSeconds);
