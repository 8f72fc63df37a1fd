using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CmcmActors.Host.Security;
using CmcmActors.Host.Tests.Operations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CmcmActors.Host.Tests.Support;

/// <summary>
/// The real OpenID Connect provider of tests/oidc-provider (oidc-provider 9.13.3 on Node.js), started with <c>node</c> on
/// a free loopback port and stopped with the fixture. Its signing key is made here, so tests can also sign tokens with
/// the provider's own key (expired, another issuer) to show what the host refuses besides a wrong key. Accounts are
/// added as tests need them (<see cref="TokenFor(TestUser)"/>): tokens come from the provider's token endpoint.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string Audience = "urn:cmcm:actors-api";
    public const string OtherAudience = "urn:cmcm:another-api";
    public const string PagesClientId = "cmcm-pages";
    private const string TestClient = "cmcm-tests";

    /// <summary>The provider's names for the CMCM's roles, mapped by the host's Cmcm:Oidc:RoleMap.</summary>
    public static readonly IReadOnlyDictionary<string, string> RoleMap = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cmcm-desk"] = CmcmRoles.FrontDesk,
        ["cmcm-admin"] = CmcmRoles.Admin,
        ["cmcm-finance"] = CmcmRoles.Finance,
        ["cmcm-member"] = CmcmRoles.Member,
    };

    private readonly Process _node;
    private readonly string _folder;
    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new();
    private readonly SemaphoreSlim _registration = new(1, 1);
    private readonly HashSet<string> _registered = [];

    private OidcProvider(Process node, string folder, Uri issuer, RsaSecurityKey key)
    {
        _node = node;
        _folder = folder;
        Issuer = issuer.ToString().TrimEnd('/');
        SigningKey = key;
        _http = new HttpClient { BaseAddress = issuer, Timeout = TimeSpan.FromSeconds(20) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{TestClient}:{_secret}")));
    }

    /// <summary>The provider's issuer, e.g. http://127.0.0.1:41234 (no trailing slash, as in its tokens).</summary>
    public string Issuer { get; }

    /// <summary>The provider's signing key (kid cmcm-test-1), private part included.</summary>
    public RsaSecurityKey SigningKey { get; }

    /// <summary>Where the provider will listen; pick it before the host starts, which needs the address.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the provider on <paramref name="port"/>, accepting redirects to <paramref name="pagesOrigin"/>'s pages.</summary>
    public static async Task<OidcProvider> StartAsync(int port, Uri pagesOrigin)
    {
        var folder = Repository.PathOf("tests/oidc-provider");
        if (!File.Exists(Path.Combine(folder, "node_modules", "oidc-provider", "package.json")))
        {
            // scripts/test.sh runs npm ci; a test project run alone does it here.
            await RunAsync("npm", "ci --no-audit --no-fund", folder);
        }

        var work = Directory.CreateTempSubdirectory("cmcm-oidc-").FullName;
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "cmcm-test-1" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA", ["kid"] = key.KeyId, ["use"] = "sig", ["alg"] = "RS256",
                ["n"] = jwk.N, ["e"] = jwk.E, ["d"] = jwk.D, ["p"] = jwk.P, ["q"] = jwk.Q, ["dp"] = jwk.DP, ["dq"] = jwk.DQ, ["qi"] = jwk.QI,
            }),
        };
        var jwksPath = Path.Combine(work, "jwks.json");
        await File.WriteAllTextAsync(jwksPath, jwks.ToJsonString());
        var usersPath = Path.Combine(work, "users.json");
        await File.WriteAllTextAsync(usersPath, "{}");

        var start = new ProcessStartInfo("node", "server.mjs")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CMCM_OIDC_AUDIENCE"] = Audience;
        start.Environment["CMCM_OIDC_PAGES"] = pagesOrigin.GetLeftPart(UriPartial.Authority);
        start.Environment["CMCM_OIDC_USERS"] = usersPath;
        start.Environment["CMCM_OIDC_JWKS"] = jwksPath;
        var provider = new OidcProvider(new Process { StartInfo = start }, work, new Uri($"http://127.0.0.1:{port}/"), key);
        start.Environment["CMCM_OIDC_TEST_SECRET"] = provider._secret;

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        provider._node.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.StartsWith("oidc-provider listening on ", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        provider._node.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        provider._node.Start();
        provider._node.BeginOutputReadLine();
        provider._node.BeginErrorReadLine();
        var exited = provider._node.WaitForExitAsync();
        if (await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(30))) != listening.Task)
        {
            await provider.DisposeAsync();
            throw new InvalidOperationException("The test OpenID provider (node tests/oidc-provider/server.mjs) did not start:\n" + string.Join("\n", output));
        }

        return provider;
    }

    /// <summary>The provider's account name for a test user.</summary>
    public static string AccountOf(TestUser user) => $"{user.Role}.{user.MemberId ?? user.Subject}";

    /// <summary>A token the provider issued for <paramref name="user"/> (registered as an account first), kept while it has a minute left.</summary>
    public string TokenFor(TestUser user) => TokenForAsync(user).GetAwaiter().GetResult();

    public async Task<string> TokenForAsync(TestUser user, string resource = Audience)
    {
        var account = AccountOf(user);
        var cacheKey = account + " " + resource;
        if (_tokens.TryGetValue(cacheKey, out var cached) && cached.Expires > DateTimeOffset.UtcNow.AddMinutes(1))
        {
            return cached.Token;
        }

        await RegisterAsync(account, user);
        using var response = await _http.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:cmcm:test:user",
            ["username"] = account,
            ["resource"] = resource,
        })).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The provider refused a token for {account}: {(int)response.StatusCode} {text}");
        }

        using var json = JsonDocument.Parse(text);
        var token = json.RootElement.GetProperty("access_token").GetString()!;
        var expires = DateTimeOffset.UtcNow.AddSeconds(json.RootElement.GetProperty("expires_in").GetInt32());
        _tokens[cacheKey] = (token, expires);
        return token;
    }

    /// <summary>Signs <paramref name="claims"/> with the provider's own key, as it would (RS256, its key id).</summary>
    public string Sign(IDictionary<string, object> claims, SecurityKey? key = null)
    {
        DateTime? At(string claim) => claims.TryGetValue(claim, out var value) ? DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)).UtcDateTime : null;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Expires = At("exp"),
            IssuedAt = At("iat"),
            NotBefore = At("nbf"),
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
            TokenType = "at+jwt",
        });
    }

    private async Task RegisterAsync(string account, TestUser user)
    {
        await _registration.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_registered.Contains(account))
            {
                return;
            }

            var role = RoleMap.FirstOrDefault(r => r.Value == user.Role).Key ?? "cmcm-" + user.Role;
            var entry = new JsonObject { ["name"] = $"Test {user.Role} {user.MemberId ?? ""}".Trim(), ["roles"] = new JsonArray(role) };
            if (user.MemberId is not null)
            {
                entry["member_id"] = user.MemberId;
                entry["family_id"] = user.FamilyId;
                entry["main_affiliate"] = user.MainAffiliate;
            }

            using var content = new StringContent(new JsonObject { [account] = entry }.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync("test/users", content).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                throw new InvalidOperationException($"The provider refused the account {account}: {(int)response.StatusCode}");
            }

            _registered.Add(account);
        }
        finally
        {
            _registration.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_node.HasExited)
            {
                _node.Kill(entireProcessTree: true);
                await _node.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // never started
        }

        _node.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task RunAsync(string file, string arguments, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed in {folder}: {await error}");
        }
    }
}

/// <summary>
/// A host in the Production environment that signs people in with the test provider (<see cref="OidcProvider"/>), and
/// also accepts the CMCM's own HMAC tokens (a key is set): <see cref="HostFixture.CreateClient"/> and the live clients
/// send provider-issued tokens.
/// </summary>
public sealed class OidcHostFixture : IAsyncLifetime
{
    public const string SigningKey = "oidc-tests-hmac-signing-key-0123456789abcdef";

    private readonly int _providerPort = OidcProvider.FreePort();

    public OidcHostFixture() =>
        Host = HostFixture.With(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Cmcm:Jwt:SigningKey", SigningKey);
            builder.UseSetting("Cmcm:Oidc:Authority", $"http://127.0.0.1:{_providerPort}");
            builder.UseSetting("Cmcm:Oidc:RequireHttpsMetadata", "false");
            builder.UseSetting("Cmcm:Oidc:Audience", OidcProvider.Audience);
            builder.UseSetting("Cmcm:Oidc:Resource", OidcProvider.Audience);
            builder.UseSetting("Cmcm:Oidc:ClientId", OidcProvider.PagesClientId);
            builder.UseSetting("Cmcm:Oidc:Scopes", "openid profile cmcm.api");
            builder.UseSetting("Cmcm:Oidc:RolesClaim", "cmcm_roles");
            foreach (var (providerRole, role) in OidcProvider.RoleMap)
            {
                builder.UseSetting($"Cmcm:Oidc:RoleMap:{providerRole}", role);
            }
        });

    public HostFixture Host { get; }

    public OidcProvider Provider { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        Provider = await OidcProvider.StartAsync(_providerPort, Host.BaseAddress);
        Host.TokenSource = Provider.TokenFor;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OidcHostCollection : ICollectionFixture<OidcHostFixture>
{
    public const string Name = "host signing in with an OpenID provider";
}
