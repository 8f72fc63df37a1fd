using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CmcmActors.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace CmcmActors.Host.Tests.Operations;

/// <summary>Where the host listens (--urls, ASPNETCORE_URLS, Cmcm:Urls) and what it says when a port is taken.</summary>
public sealed class UrlsAndPortsTests
{
    [Fact]
    public void DefaultToApply_NothingConfigured_IsLocalhost5080()
    {
        Assert.Equal("http://localhost:5080", HostUrls.DefaultToApply(Configuration(), new CmcmHostOptions()));
    }

    [Fact]
    public void DefaultToApply_CmcmUrls_IsThatValue()
    {
        Assert.Equal("http://127.0.0.1:6000", HostUrls.DefaultToApply(Configuration(), new CmcmHostOptions { Urls = "http://127.0.0.1:6000" }));
    }

    [Theory]
    [InlineData("urls", "http://127.0.0.1:6001")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:6002")]
    public void DefaultToApply_AspNetCoreAddressSetting_LeavesItToAspNetCore(string key, string value)
    {
        Assert.Null(HostUrls.DefaultToApply(Configuration((key, value)), new CmcmHostOptions()));
    }

    [Fact]
    public void Endpoints_OfUrls_AreLoopbackForLocalhost_AndAnyForWildcards()
    {
        var endpoints = HostUrls.Endpoints("http://localhost:5080; http://+:8080;http://*:8081;http://10.1.2.3:8082;http://127.0.0.1:0").ToList();

        Assert.Equal(
            [(IPAddress.Loopback, 5080), (IPAddress.Any, 8080), (IPAddress.Any, 8081), (IPAddress.Parse("10.1.2.3"), 8082)],
            endpoints.Select(e => (e.Address, e.Port)));
    }

    [Fact]
    public void LaunchProfile_SetsNoAddress_SoThatAspNetCoreUrlsIsHonouredUnderDotnetRun()
    {
        var profile = JsonNode.Parse(File.ReadAllText(Repository.PathOf("src/CmcmActors.Host/Properties/launchSettings.json")))!["profiles"]!["CmcmActors.Host"]!;

        Assert.Null(profile["applicationUrl"]);
        Assert.Equal("Development", profile["environmentVariables"]!["ASPNETCORE_ENVIRONMENT"]!.GetValue<string>());
    }

    [Fact]
    public void FirstTaken_SiloPortListenedOn_NamesThePortAndTheSetting()
    {
        using var taken = Listen();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var ports = PortCheck.PortsOf($"http://127.0.0.1:{FreePort()}", new CmcmHostOptions { SiloPort = port, GatewayPort = FreePort() }, null);

        Assert.Equal($"cmcm: port {port} is already in use (another host on this machine?); change Cmcm:SiloPort (Cmcm__SiloPort).", PortCheck.FirstTaken(ports));
    }

    [Fact]
    public void FirstTaken_AllFree_IsNull()
    {
        var ports = PortCheck.PortsOf($"http://localhost:{FreePort()}", new CmcmHostOptions { SiloPort = FreePort(), GatewayPort = FreePort() }, null);

        Assert.Null(PortCheck.FirstTaken(ports));
    }

    [Fact]
    public async Task SecondHost_OnATakenHttpPort_ExitsWithOneLineNamingPortAndSetting()
    {
        using var taken = Listen();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, output, error) = await Processes.RunAsync("dotnet",
            [Repository.HostDll(), "--urls", $"http://127.0.0.1:{port}", "--Cmcm:SiloPort", FreePort().ToString(), "--Cmcm:GatewayPort", FreePort().ToString(), "--Cmcm:Postgres", " "],
            TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["CMCM_POSTGRES"] = "" });

        Assert.Equal(1, code);
        Assert.Equal($"cmcm: port {port} is already in use (another host on this machine?); change the HTTP address http://127.0.0.1:{port}: --urls, ASPNETCORE_URLS or Cmcm:Urls.\n", error);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int FreePort()
    {
        using var listener = Listen();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
