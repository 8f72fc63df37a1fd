using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Host.Tests.Support;

/// <summary>
/// The real host (Program: API, hub, pages, silo) on Kestrel at 127.0.0.1 on a free port, in the Development
/// environment, with in-memory storage (even where CMCM_POSTGRES is set), its own silo and gateway ports and its own
/// cluster and service ids, so that it runs beside other hosts and test clusters. One per collection
/// (<see cref="HostCollection"/>); tests use unique ids, so they share it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class HostFixture : IAsyncLifetime
{
    private readonly CmcmHostFactory _factory;

    public HostFixture()
        : this(null)
    {
    }

    private HostFixture(Action<IWebHostBuilder>? configure) => _factory = new CmcmHostFactory(configure);

    /// <summary>
    /// A host of its own for a fixture that needs one: <paramref name="configure"/> runs after the defaults above, so it
    /// can change settings (PostgreSQL, a shared cluster) or replace services (a fake clock).
    /// </summary>
    public static HostFixture With(Action<IWebHostBuilder> configure) => new(configure);

    /// <summary>Where the host listens, for example http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The host's services: the silo's too (IGrainFactory, CmcmReferenceData, CmcmMetrics, TokenIssuer...).</summary>
    public IServiceProvider Services => _factory.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Where tokens come from: null, the host's own HMAC key; set, another source (an OpenID provider, <see cref="OidcHostFixture"/>).
    /// </summary>
    public Func<TestUser, string>? TokenSource { get; set; }

    /// <summary>A token for <paramref name="user"/>: from <see cref="TokenSource"/>, or signed with the host's key (always for a lifetime of its own).</summary>
    public string TokenFor(TestUser user, TimeSpan? lifetime = null) =>
        TokenSource is { } source && lifetime is null
            ? source(user)
            : Services.GetRequiredService<TokenIssuer>().Issue(user.Subject, user.Role, user.MemberId, user.FamilyId, user.MainAffiliate, lifetime);

    /// <summary>An HTTP client for the host, sending <paramref name="user"/>'s token, or no token for null (anonymous).</summary>
    public HttpClient CreateClient(TestUser? user = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(40) };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(user));
        }

        return client;
    }

    public Task InitializeAsync()
    {
        _factory.StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().TrimEnd('/') + "/");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private sealed class CmcmHostFactory : WebApplicationFactory<Program>
    {
        private readonly string _id = Guid.NewGuid().ToString("N")[..8];
        private readonly Action<IWebHostBuilder>? _configure;

        public CmcmHostFactory(Action<IWebHostBuilder>? configure)
        {
            _configure = configure;
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            // Blank, not empty: an empty value would let CMCM_POSTGRES through.
            builder.UseSetting("Cmcm:Postgres", " ");
            builder.UseSetting("Cmcm:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Cmcm:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Cmcm:ClusterId", "host-tests-" + _id);
            builder.UseSetting("Cmcm:ServiceId", "host-tests-" + _id);
            // The tests of other behaviour send bursts with one member token; the limiter has its own host (RateLimitTests).
            builder.UseSetting("Cmcm:RateLimit:MemberPerSecond", "0");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.ConfigureServices(services => services.AddSingleton<Orleans.IIncomingGrainCallFilter, StorageFaults>());
            _configure?.Invoke(builder);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

/// <summary>A user of the tests: a role, and for a member the member and family the token is bound to.</summary>
public sealed record TestUser(string Role, string? MemberId = null, string? FamilyId = null, bool MainAffiliate = false)
{
    public static readonly TestUser FrontDesk = new(CmcmRoles.FrontDesk);
    public static readonly TestUser Admin = new(CmcmRoles.Admin);

    public string Subject => MemberId ?? Role;

    public static TestUser Member(string familyId, string memberId, bool mainAffiliate = false) => new(CmcmRoles.Member, memberId, familyId, mainAffiliate);
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}
