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

    /// <summary>
    /// The address clients reach the API at (https://claims.example.lu), written as the OpenAPI document's server.
    /// Unset: the document's server is "/", relative to where it is read; it never echoes a request's Host header.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>The plausibility guard: invoiced amounts above these are pended for a person to review.</summary>
    public PlausibilityOptions Plausibility { get; set; } = new();
}

/// <summary>Section "Cmcm:Plausibility" (see <see cref="Domain.Adjudication.PlausibilityLimits"/>).</summary>
public sealed class PlausibilityOptions
{
    /// <summary>Most a line may be invoiced, in euros (default 100,000); 0 switches the line check off.</summary>
    public decimal MaxLineInvoiced { get; set; } = 100_000m;

    /// <summary>Most a claim may be invoiced in all, in euros (default 250,000); 0 switches the claim check off.</summary>
    public decimal MaxClaimInvoiced { get; set; } = 250_000m;

    /// <summary>Per benefit code, the most a line may be invoiced (e.g. <c>Cmcm__Plausibility__PerBenefit__RC.ALTMED=500</c>).</summary>
    public Dictionary<string, decimal> PerBenefit { get; set; } = [];

    public Domain.Adjudication.PlausibilityLimits ToLimits() => new(
        MaxLineInvoiced > 0 ? Domain.Money.Money.FromEuros(MaxLineInvoiced) : null,
        MaxClaimInvoiced > 0 ? Domain.Money.Money.FromEuros(MaxClaimInvoiced) : null,
        PerBenefit.ToDictionary(p => p.Key, p => Domain.Money.Money.FromEuros(p.Value), StringComparer.Ordinal));
}
