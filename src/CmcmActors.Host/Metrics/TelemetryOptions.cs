namespace CmcmActors.Host.Metrics;

/// <summary>Section "Cmcm:Telemetry": how the host names itself in metrics and traces, and where traces go.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Cmcm:Telemetry";

    /// <summary>service.name of the metrics (target_info at /metrics) and of the traces.</summary>
    public string ServiceName { get; set; } = "cmcm";

    /// <summary>
    /// An OTLP collector (for example http://otel-collector:4317) to export traces to: ASP.NET Core requests, grain calls
    /// (Orleans' activity propagation) and Npgsql commands. Unset (the default), no trace is recorded and the propagation
    /// is not even installed, so tracing costs nothing.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>"grpc" (port 4317, the default) or "http/protobuf" (port 4318).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    public bool TracingEnabled => OtlpEndpoint is not null;
}
