namespace CmcmActors.Host.Configuration;

/// <summary>Section "Cmcm" of the configuration (appsettings, or environment variables such as Cmcm__Postgres).</summary>
public sealed class CmcmHostOptions
{
    public const string Section = "Cmcm";

    /// <summary>PostgreSQL connection string; empty for the embedded default (in memory, nothing to install).</summary>
    public string? Postgres { get; set; }

    /// <summary>
    /// Where the HTTP server listens when neither <c>--urls</c> nor ASPNETCORE_URLS (nor ASPNETCORE_HTTP_PORTS or a Kestrel
    /// endpoint) says: http://localhost:5080, the address of the README. Several addresses are separated by ';'.
    /// </summary>
    public string Urls { get; set; } = "http://localhost:5080";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port external Orleans clients (the load tool) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Orleans cluster id: hosts with the same id and database form one cluster.</summary>
    public string ClusterId { get; set; } = "cmcm";

    /// <summary>Orleans service id: part of every stored state's key; never change it on a live database.</summary>
    public string ServiceId { get; set; } = "cmcm";

    /// <summary>
    /// Serve the Orleans dashboard at /dashboard (admins only). Its profiler intercepts every grain call, so load
    /// measurements switch it off (Cmcm__Dashboard=false).
    /// </summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>
    /// Apply deploy/sql at start-up (idempotent). Off where something else applies it first: the Kubernetes schema Job
    /// or the compose schema step (the host image run with <c>--apply-schema-only</c>).
    /// </summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>
    /// IP address other silos and clients reach this silo at (PostgreSQL clustering only). Unset: loopback, for hosts on
    /// one machine. In Kubernetes set it to the pod IP (downward API, status.podIP); in compose it may be a host name,
    /// resolved once at start-up to its first IPv4 address. Any address but loopback makes the silo listen on all
    /// interfaces.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}
