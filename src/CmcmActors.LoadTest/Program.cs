using System.Text.Json;
using CmcmActors.LoadTest;
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

await using var target = await OrleansTarget.ConnectAsync(options.Postgres, options.GatewayPort, options.ClusterId, options.ServiceId);
var run = new LoadRun(options, target, Console.Out);
await run.SeedAsync(cancellation.Token);
var skew = options.Skew == CmcmActors.LoadTest.Workload.SkewKind.Hot ? $"hot (share {options.HotShare})" : options.Skew.ToString().ToLowerInvariant();
var load = options.Rate is { } rate ? $"open loop at {rate} claims/s" : $"closed loop, {options.Concurrency} in flight";
Console.WriteLine($"firing {(options.Duration is { } d ? $"for {d.TotalSeconds} s" : $"{options.Claims} claims")} at {target.Name}, {load}, skew {skew}, duplicates {options.Duplicates:P0}");
var burst = await run.FireAsync(cancellation.Token);
Console.WriteLine($"throughput: {burst.ClaimsPerSecond:0} claims/s ({burst.Accepted} accepted of {burst.Sent} sent in {burst.Seconds:0.0} s)");
Console.WriteLine($"decision latency: {burst.DecisionLatency}");
Console.WriteLine(burst.Errors.Count == 0 ? "errors: none" : "errors: " + string.Join(", ", burst.Errors.Select(e => $"{e.Key} × {e.Value}")));

AuditResult? audit = null;
if (!options.SkipAudit)
{
    audit = await Audit.RunAsync(target, run.Accepted, cancellation.Token);
    Console.WriteLine($"audit: {(audit.Passed ? "passed" : "FAILED")}: {audit.ClaimsAccepted} accepted claims over {audit.Members} members, {audit.ClaimsRead} claims read back, €{audit.TotalPaid:0.00} paid");
    foreach (var violation in audit.Violations.Take(50))
    {
        Console.WriteLine("  violation: " + violation);
    }
}

Directory.CreateDirectory(options.Out);
var file = Path.Combine(options.Out, $"load-{options.RunId}.json");
await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { options, burst, audit }, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"result: {file}");
return audit is { Passed: false } ? 1 : 0;
