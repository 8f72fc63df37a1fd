using System.Globalization;
using System.Text.Json;
using CmcmActors.LoadTest;
using CmcmActors.LoadTest.Live;
using CmcmActors.LoadTest.Measurement;
using CmcmActors.LoadTest.Targets;

LoadOptions options;
try
{
    if (args is ["--help"] or ["-h"])
    {
        Console.WriteLine(LoadOptions.Usage);
        return 0;
    }

    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"cmcm-load: {e.Message}\n\n{LoadOptions.Usage}");
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    await using ILoadTarget target = options.Target == "http"
        ? await HttpTarget.ConnectAsync(options.Urls, options.Token, options.Rate is null ? options.Concurrency : 256, cancellation.Token, options.Import)
        : await OrleansTarget.ConnectAsync(options.Postgres, options.GatewayPort, options.ClusterId, options.ServiceId);
    var run = new LoadRun(options, target, Console.Out);
    await run.SeedAsync(cancellation.Token);
    if (options.Warmup > 0)
    {
        var warming = System.Diagnostics.Stopwatch.StartNew();
        var warmed = await run.WarmUpAsync(options.Warmup, cancellation.Token);
        Console.WriteLine($"warm-up: {warmed} of {options.Warmup} claims accepted in {warming.Elapsed.TotalSeconds:0.0} s (not in the figures; audited)");
    }

    await using var subscribers = target is HttpTarget http && options.Subscribers > 0
        ? await PushSubscribers.StartAsync(http.Urls, http.Token, options.Subscribers, options.SubscribeFrontDesk, run.Families,
            claimId => run.Accepted.GetValueOrDefault(claimId), http.ClaimStatusAsync, cancellation.Token)
        : null;
    if (subscribers is not null)
    {
        run.Decided = subscribers.Decided;
        run.Sending = subscribers.Sending;
        Console.WriteLine($"{subscribers.Count} hub subscribers following {(options.SubscribeFrontDesk ? "the front desk" : "the members of their share of the families")}");
    }

    var skew = options.Skew == CmcmActors.LoadTest.Workload.SkewKind.Hot ? $"hot (share {options.HotShare})" : options.Skew.ToString().ToLowerInvariant();
    var load = options.Rate is { } rate ? $"open loop at {rate} claims/s" : $"closed loop, {options.Concurrency} in flight";
    Console.WriteLine($"firing {(options.Duration is { } d ? $"for {d.TotalSeconds} s" : $"{options.Claims} claims")} at {target.Name}, {load}, skew {skew}, duplicates {options.Duplicates:P0}");
    var burst = await run.FireAsync(cancellation.Token);
    Console.WriteLine($"throughput: {burst.ClaimsPerSecond:0} claims/s ({burst.Accepted} accepted of {burst.Sent} sent in {burst.Seconds:0.0} s)");
    Console.WriteLine($"decision latency: {burst.DecisionLatency}");
    Console.WriteLine(burst.Errors.Count == 0 ? "errors: none" : "errors: " + string.Join(", ", burst.Errors.Select(e => $"{e.Key} × {e.Value}")));
    if (burst.Faults is { } faults)
    {
        Console.WriteLine(FaultLine(faults));
    }

    if (burst.Lifecycle is { } lifecycle)
    {
        Console.WriteLine($"lifecycle: {lifecycle.Reversals} reversals and {lifecycle.Corrections} corrections during the burst; latency {lifecycle.Latency}");
    }

    PushResult? push = null;
    if (subscribers is not null)
    {
        push = await subscribers.MeasureAsync(TimeSpan.FromSeconds(10), cancellation.Token);
        Console.WriteLine($"push latency: {push.Latency}; {push.Missed} of {push.Expected} pushes missed, {push.BeforeAnswer} before the HTTP answer, {push.OtherStatus} with another status");
        Console.WriteLine($"push gaps: {push.GapsFlagged} flagged, {push.Resyncs} resyncs heard; of the {push.Missed} pushes missed, {push.MissedNoticed} noticed by a gap, {push.MissedUnnoticed} unnoticed");
        if (push.Reconnects > 0 || push.CaughtUp > 0)
        {
            Console.WriteLine($"push reconnects: {push.Reconnects} subscribers moved to another host (longest {push.LongestReconnectSeconds:0.00} s); {push.CaughtUp} claims caught up by reading them after a reconnection or a resync");
        }
    }

    AuditResult? audit = null;
    if (!options.SkipAudit)
    {
        audit = await Audit.RunAsync(target, run.Accepted, run.Disagreements, cancellation.Token);
        Console.WriteLine($"audit: {(audit.Passed ? "passed" : "FAILED")}: {audit.ClaimsAccepted} accepted claims over {audit.Members} members, {audit.ClaimsRead} claims read back, €{audit.TotalPaid:0.00} paid");
        foreach (var violation in audit.Violations.Take(50))
        {
            Console.WriteLine("  violation: " + violation);
        }
    }

    Directory.CreateDirectory(options.Out);
    var file = Path.Combine(options.Out, $"load-{options.RunId}.json");
    await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { options, burst, push, audit }, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"result: {file}");

    static string Ms(LatencySummary l) => string.Create(CultureInfo.InvariantCulture, $"{l.P50:0.0} / {l.P90:0.0} / {l.P99:0.0} / {l.Max:0.0} ms ({l.Count} samples)");
    var figures = new List<HtmlReport.Figure>
    {
        new("target", target.Name),
        new("load", $"{load}, skew {skew}, duplicates {options.Duplicates:P0}, {options.Families} families, warm-up {options.Warmup} claims"),
        new("throughput", string.Create(CultureInfo.InvariantCulture, $"{burst.ClaimsPerSecond:0} claims/s ({burst.Accepted} accepted of {burst.Sent} sent in {burst.Seconds:0.0} s)")),
        new("decision latency p50 / p90 / p99 / max", Ms(burst.DecisionLatency)),
    };
    if (burst.Lifecycle is { } lc)
    {
        figures.Add(new("reversals / corrections during the burst", $"{lc.Reversals} / {lc.Corrections}"));
        figures.Add(new("reversal and correction latency p50 / p90 / p99 / max", Ms(lc.Latency)));
    }

    if (burst.Faults is { } f)
    {
        figures.Add(new("faults", FaultLine(f)));
    }

    if (push is not null)
    {
        figures.Add(new("push latency p50 / p90 / p99 / max", Ms(push.Latency)));
        figures.Add(new("pushes", $"{push.Subscribers} subscribers, {push.Expected} expected, {push.Missed} missed, {push.BeforeAnswer} before the HTTP answer, "
            + $"{push.CaughtUp} caught up by reading after {push.Reconnects} reconnects"));
        figures.Add(new("push gaps", $"{push.GapsFlagged} flagged, {push.Resyncs} resyncs heard; missed pushes {push.MissedNoticed} noticed, {push.MissedUnnoticed} unnoticed"));
    }

    figures.Add(new("audit", audit is null ? "skipped" : $"{(audit.Passed ? "passed" : "FAILED")}: {audit.ClaimsAccepted} accepted claims over {audit.Members} members, €{audit.TotalPaid:0.00} paid"));
    var report = Path.ChangeExtension(file, ".html");
    await File.WriteAllTextAsync(report, HtmlReport.Render($"cmcm-load run {options.RunId}", figures, run.DecisionLatenciesMs(), push?.LatenciesMs,
        burst.Throughput, burst.Errors, audit?.Violations ?? []));
    Console.WriteLine($"report: {report}");
    return audit is { Passed: false } ? 1 : 0;

    static string FaultLine(FaultFigures f)
    {
        var attempts = string.Join(", ", f.FailedAttempts.Select(a => $"{a.Key} × {a.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"faults: {f.InFlightAtFirstFailure} claims in flight at the first failed attempt ({f.FirstFailureSeconds:0.00} s), last failed attempt (other than a refused connection) at {f.LastFailureSeconds:0.00} s, longest time with no answer {f.LongestSilenceSeconds:0.00} s; {f.Redriven} claims re-driven; failed attempts: {attempts}");
    }
}
catch (Exception e) when (e is LoadTargetException or HttpRequestException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException)
{
    // The target refused the set-up (a bad token, a host not in Development for /dev/tokens, seeding refused) or is unreachable.
    await Console.Error.WriteLineAsync($"cmcm-load: {e.Message}");
    return 3;
}
