using System.Globalization;
using CmcmActors.LoadTest.Workload;

namespace CmcmActors.LoadTest;

/// <summary>The command line of cmcm-load.</summary>
public sealed record LoadOptions
{
    public string Target { get; init; } = "orleans";
    public string? Postgres { get; init; }
    public int GatewayPort { get; init; } = 30000;
    public string ClusterId { get; init; } = "cmcm";
    public string ServiceId { get; init; } = "cmcm";
    public int Families { get; init; } = 1000;
    public int Claims { get; init; } = 10_000;
    public TimeSpan? Duration { get; init; }
    public int Concurrency { get; init; } = 64;
    public double? Rate { get; init; }
    public SkewKind Skew { get; init; } = SkewKind.Uniform;
    public double HotShare { get; init; } = 0.5;
    public double Duplicates { get; init; }

    /// <summary>Share of paid claims the front desk then reverses or corrects (half each) during the burst: a mixed burst.</summary>
    public double Lifecycle { get; init; }
    public int Seed { get; init; } = 42;
    public string RunId { get; init; } = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
    public string Out { get; init; } = "artifacts/load";
    public bool SkipAudit { get; init; }
    public IReadOnlyList<Uri> Urls { get; init; } = [];
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Token { get; init; }
    public int Subscribers { get; init; }
    public bool SubscribeFrontDesk { get; init; } = true;

    /// <summary>How long a claim whose attempt failed on a transient error (connection, timeout, 502/503/504) is re-driven; null: not at all.</summary>
    public TimeSpan? RetryFor { get; init; }

    /// <summary>Claims fired (and audited) before the measured burst, so that the figures are of a warm host.</summary>
    public int Warmup { get; init; }

    /// <summary>Every submission is the same claim (one member, one invoice reference): the exactly-once check across hosts.</summary>
    public bool SameClaim { get; init; }

    /// <summary>Families are imported (POST /api/admin/imports/families) with an opening balance per member, not enrolled (--target http).</summary>
    public bool Import { get; init; }

    public const string Usage = """
        cmcm-load: fires concurrent claim bursts at CmcmActors and audits the result.

          --target orleans          external Orleans client (the grains' own path)
          --target http --url URL[,URL...]  the HTTP API, requests round-robin over the hosts
          --token JWT               bearer token for http (default: a frontdesk token from POST /dev/tokens on the first URL)
          --subscribers K           http: K SignalR connections to /hubs/cmcm measuring push latency (default 0)
          --subscribe frontdesk|members     what they join: the front desk (default), or each the members of a share of the families
          --gateway PORT            gateway port of the host on the embedded default (default 30000)
          --postgres CONN           cluster membership on PostgreSQL (multi-host) instead of localhost
          --cluster-id ID --service-id ID   (default cmcm / cmcm)
          --families N              families to seed (default 1000); family 0 has one member
          --claims M | --duration 30s       how many claims, or for how long (closed loop)
          --concurrency C           claims in flight at once, closed loop (default 64)
          --rate R                  claims per second, open loop (latency counts from the scheduled time)
          --skew uniform|zipf|hot   which families get the claims (default uniform)
          --hot-share S             share of claims on family 0 with --skew hot (default 0.5; 1 = every claim)
          --duplicates D            share of claims resubmitted with the same invoice reference (default 0)
          --lifecycle L             share of paid claims reversed or corrected (half each, amounts halved) right after
                                    their answer, racing the other submissions: a mixed burst (default 0)
          --warmup N                fire N claims first (same mix, audited, not in the figures): figures of a warm host
          --same-claim              every submission is one and the same claim (exactly-once across hosts)
          --import                  seed by importing the families (docs/import.md) with an opening balance of RC.DIET
                                    per member, not by enrolment; the audit counts the opening balances (--target http)
          --retry-for 90s           re-drive a claim whose attempt failed on a transient error (connection lost, timeout,
                                    502/503/504, after its Retry-After) on the next host, for up to this long (default: no)
          --seed N --run-id ID --out DIR --skip-audit
        Exit code: 0 when the audit passes, 1 when it finds a violation, 2 on bad arguments, 3 when the target cannot be
        reached or refuses the set-up (token, seeding, hub).
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--target" => options with { Target = Value() },
                "--postgres" => options with { Postgres = Value() },
                "--gateway" => options with { GatewayPort = Int(name, Value(), 1) },
                "--cluster-id" => options with { ClusterId = Value() },
                "--service-id" => options with { ServiceId = Value() },
                "--families" => options with { Families = Int(name, Value(), 1) },
                "--claims" => options with { Claims = Int(name, Value(), 1) },
                "--duration" => options with { Duration = Seconds(name, Value()) },
                "--concurrency" => options with { Concurrency = Int(name, Value(), 1) },
                "--rate" => options with { Rate = Double(name, Value(), 1, 1_000_000) },
                "--skew" => options with { Skew = Enum.TryParse<SkewKind>(Value(), true, out var s) ? s : throw new ArgumentException("--skew is uniform, zipf or hot.") },
                "--hot-share" => options with { HotShare = Double(name, Value(), 0, 1) },
                "--duplicates" => options with { Duplicates = Double(name, Value(), 0, 1) },
                "--lifecycle" => options with { Lifecycle = Double(name, Value(), 0, 1) },
                "--seed" => options with { Seed = Int(name, Value(), 0) },
                "--run-id" => options with { RunId = Value() },
                "--out" => options with { Out = Value() },
                "--skip-audit" => options with { SkipAudit = true },
                "--same-claim" => options with { SameClaim = true },
                "--import" => options with { Import = true },
                "--warmup" => options with { Warmup = Int(name, Value(), 0) },
                "--retry-for" => options with { RetryFor = Seconds(name, Value()) },
                "--url" => options with { Urls = ParseUrls(Value()) },
                "--token" => options with { Token = Value() },
                "--subscribers" => options with { Subscribers = Int(name, Value(), 0) },
                "--subscribe" => options with
                {
                    SubscribeFrontDesk = Value() switch
                    {
                        "frontdesk" => true,
                        "members" => false,
                        _ => throw new ArgumentException("--subscribe is frontdesk or members."),
                    },
                },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        if (options.Target is not ("orleans" or "http"))
        {
            throw new ArgumentException("--target is orleans or http.");
        }

        if (options.Target == "http" && options.Urls.Count == 0)
        {
            throw new ArgumentException("--target http needs --url.");
        }

        if (options.Target != "http" && (options.Urls.Count > 0 || options.Token is not null || options.Subscribers > 0))
        {
            throw new ArgumentException("--url, --token and --subscribers go with --target http.");
        }

        return options;
    }

    private static Uri[] ParseUrls(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u =>
            Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : throw new ArgumentException($"--url: {u} is not an http(s) URL."))];

    private static int Int(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min ? n : throw new ArgumentException($"{name} must be an integer ≥ {min}.");

    private static double Double(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= min && d <= max ? d : throw new ArgumentException($"{name} must be between {min} and {max}.");

    private static TimeSpan Seconds(string name, string value) =>
        int.TryParse(value.TrimEnd('s'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : throw new ArgumentException($"{name} is a number of seconds, e.g. 30s.");
}
