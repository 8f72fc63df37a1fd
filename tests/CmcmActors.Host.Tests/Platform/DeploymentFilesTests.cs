using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CmcmActors.Host.Configuration;
using CmcmActors.Host.Live;
using CmcmActors.Host.Security;
using CmcmActors.Host.Tests.Support;

namespace CmcmActors.Host.Tests.Platform;

/// <summary>
/// deploy/ (Dockerfile, compose.yaml, k8s/) against the host it deploys: every setting it sets exists, the ports are the
/// host's, the health checks answer. No Docker engine or cluster runs here, so these checks keep the files honest.
/// YAML is read line by line: the files are plain block YAML, and the repository has no YAML package.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class DeploymentFilesTests(HostFixture host)
{
    private const int HttpPort = 8080;
    private static readonly string Root = FindRepositoryRoot();
    private static readonly CmcmHostOptions Defaults = new();

    /// <summary>The option classes the host binds, by configuration section ("Cmcm", "Cmcm:Jwt", ...).</summary>
    private static readonly Dictionary<string, Type> OptionsBySection = new()
    {
        [CmcmHostOptions.Section] = typeof(CmcmHostOptions),
        [JwtOptions.Section] = typeof(JwtOptions),
        [LiveOptions.Section] = typeof(LiveOptions),
    };

    public static TheoryData<string> FilesWithSettings => new()
    {
        "deploy/Dockerfile",
        "deploy/compose.yaml",
        "deploy/k8s/configmap.yaml",
        "deploy/k8s/secret.template.yaml",
        "deploy/k8s/deployment.yaml",
        "deploy/k8s/schema-job.yaml",
    };

    [Theory]
    [MemberData(nameof(FilesWithSettings))]
    public void EveryCmcmSetting_IsAPropertyTheHostBinds(string file)
    {
        var keys = CmcmKeyPattern().Matches(Read(file)).Select(m => m.Value).Distinct().ToList();

        Assert.DoesNotContain(keys, key => !IsHostSetting(key));
    }

    [Fact]
    public void ComposeAndConfigMap_SiloAndGatewayPorts_AreTheHostDefaults()
    {
        foreach (var file in new[] { "deploy/compose.yaml", "deploy/k8s/configmap.yaml" })
        {
            var text = Read(file);
            Assert.Equal([Defaults.SiloPort], Values(text, "Cmcm__SiloPort").Select(int.Parse));
            Assert.Equal([Defaults.GatewayPort], Values(text, "Cmcm__GatewayPort").Select(int.Parse));
        }
    }

    [Fact]
    public void Deployment_ContainerPorts_AreTheHttpSiloAndGatewayPorts()
    {
        var deployment = Read("deploy/k8s/deployment.yaml");

        Assert.Equal(HttpPort, ContainerPort(deployment, "http"));
        Assert.Equal(Defaults.SiloPort, ContainerPort(deployment, "silo"));
        Assert.Equal(Defaults.GatewayPort, ContainerPort(deployment, "gateway"));
    }

    [Fact]
    public void Dockerfile_Exposes_TheHttpSiloAndGatewayPorts()
    {
        var exposed = ExposeLine().Matches(Read("deploy/Dockerfile"))
            .SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse);

        Assert.Equal([HttpPort, Defaults.SiloPort, Defaults.GatewayPort], exposed.Order());
    }

    [Fact]
    public void HttpUrl_IsPort8080_InTheImageComposeAndConfigMap()
    {
        var urls = new[] { "deploy/Dockerfile", "deploy/compose.yaml", "deploy/k8s/configmap.yaml" }
            .SelectMany(file => Values(Read(file), "ASPNETCORE_URLS"));

        Assert.Equal(["http://+:8080", "http://+:8080", "http://+:8080"], urls);
    }

    [Fact]
    public void Compose_EveryHost_AdvertisesItsServiceName_AndPublishesItsOwnPortOnLoopback()
    {
        var services = ComposeServices();
        var hosts = services.Where(s => HostServiceName().IsMatch(s.Key)).ToList();

        Assert.Equal(["host1", "host2", "host3"], hosts.Select(h => h.Key));
        Assert.All(hosts, h => Assert.Equal([h.Key], Values(h.Value, "Cmcm__AdvertisedAddress")));
        Assert.Equal(["127.0.0.1:8081:8080", "127.0.0.1:8082:8080", "127.0.0.1:8083:8080"],
            hosts.Select(h => PublishedPort().Match(h.Value).Groups[1].Value));
    }

    [Fact]
    public void Compose_DefaultsToProduction_AndRequiresTheSigningKeyFromTheEnvironment()
    {
        var compose = Read("deploy/compose.yaml");

        Assert.Equal(["${CMCM_ENVIRONMENT:-Production}"], Values(compose, "ASPNETCORE_ENVIRONMENT"));
        var signingKey = Assert.Single(Values(compose, "Cmcm__Jwt__SigningKey"));
        Assert.StartsWith("${CMCM_JWT_SIGNING_KEY:?", signingKey, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeAndConfigMap_SetThePublicUrl_EmptyByDefault()
    {
        Assert.Equal(["${CMCM_PUBLIC_URL:-}"], Values(Read("deploy/compose.yaml"), "Cmcm__PublicUrl"));
        Assert.Equal([""], Values(Read("deploy/k8s/configmap.yaml"), "Cmcm__PublicUrl"));
    }

    [Fact]
    public void Deployment_AdvertisesThePodIp()
    {
        var deployment = Read("deploy/k8s/deployment.yaml");

        Assert.Matches(@"- name: Cmcm__AdvertisedAddress\s+valueFrom:\s+fieldRef:\s+fieldPath: status\.podIP", deployment);
    }

    [Fact]
    public void Compose_SchemaStep_RunsApplySchemaOnly_AndTheHostsWaitForIt_WithApplySchemaOff()
    {
        var compose = Read("deploy/compose.yaml");
        var schema = ComposeServices()["schema"];

        Assert.Contains($"command: [\"{ApplySchemaOnly.Switch}\"]", schema, StringComparison.Ordinal);
        Assert.Matches(@"x-host:[\s\S]*?depends_on:\s+schema:\s+condition: service_completed_successfully", compose);
        Assert.Equal(["false"], Values(compose, "Cmcm__ApplySchema"));
    }

    [Fact]
    public void Kubernetes_SchemaJob_RunsApplySchemaOnly_AndTheHostsHaveApplySchemaOff()
    {
        Assert.Contains($"args: [\"{ApplySchemaOnly.Switch}\"]", Read("deploy/k8s/schema-job.yaml"), StringComparison.Ordinal);
        Assert.Equal(["false"], Values(Read("deploy/k8s/configmap.yaml"), "Cmcm__ApplySchema"));
    }

    [Fact]
    public void Deployment_Probes_UseTheReadyAndLiveEndpoints()
    {
        var deployment = Read("deploy/k8s/deployment.yaml");

        Assert.Equal("/health/ready", ProbePath(deployment, "readinessProbe"));
        Assert.Equal("/health/live", ProbePath(deployment, "livenessProbe"));
        Assert.Equal("/health/live", ProbePath(deployment, "startupProbe"));
    }

    [Fact]
    public async Task EveryProbeAndHealthCheckPath_AnswersOk_WithoutAToken()
    {
        var deployment = Read("deploy/k8s/deployment.yaml");
        var paths = new[] { "readinessProbe", "livenessProbe", "startupProbe" }.Select(probe => ProbePath(deployment, probe))
            .Concat(HealthCheckUrl().Matches(Read("deploy/Dockerfile") + Read("deploy/compose.yaml")).Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        var anonymous = host.CreateClient();

        Assert.Equal(["/health/ready", "/health/live"], paths);
        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path.TrimStart('/'))).StatusCode);
        }
    }

    [Fact]
    public void Dockerfile_HostStage_RunsAsANonRootUser_WithAHealthCheck_AndStartsTheHost()
    {
        var hostStage = Read("deploy/Dockerfile").Split("\nFROM ")[^1];
        var user = UserLine().Match(hostStage);

        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0 AS host", hostStage, StringComparison.Ordinal);
        Assert.True(user.Success, "the host stage has no USER line");
        Assert.DoesNotMatch(@"^(root|0)(:.*)?$", user.Groups[1].Value);
        Assert.Contains("\nHEALTHCHECK ", hostStage, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"CmcmActors.Host.dll\"]", hostStage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("src/CmcmActors.Host/CmcmActors.Host.csproj")]
    [InlineData("src/CmcmActors.LoadTest/CmcmActors.LoadTest.csproj")]
    public void Dockerfile_CopiesEveryProjectFile_ThePublishedProjectReferences_BeforeRestoring(string project)
    {
        var dockerfile = Read("deploy/Dockerfile");
        var restore = dockerfile.IndexOf("RUN dotnet restore", StringComparison.Ordinal);
        var copied = CopyLine().Matches(dockerfile[..restore]).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.DoesNotContain(ProjectClosure(project), p => !copied.Contains(p));
    }

    [Fact]
    public void Dockerfile_CopiesOnlyPathsThatExist()
    {
        var dockerfile = Read("deploy/Dockerfile");
        var sources = CopyLine().Matches(dockerfile).Select(m => m.Groups[1].Value)
            .Concat(CopyFilesLine().Matches(dockerfile).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();

        Assert.Contains("src/", sources);

        Assert.DoesNotContain(sources, s => !File.Exists(Path.Combine(Root, s)) && !Directory.Exists(Path.Combine(Root, s)));
    }

    [Fact]
    public void Compose_SigningKey_IsARequiredVariable()
    {
        Assert.Matches(@"^\$\{CMCM_JWT_SIGNING_KEY:\?[^}]+\}$", Assert.Single(Values(Read("deploy/compose.yaml"), "Cmcm__Jwt__SigningKey")));
    }

    [Fact]
    public void SecretTemplate_SigningKeyPlaceholder_IsTooShortForTheHost_SoAnUnfilledTemplateCannotStart()
    {
        var placeholder = Assert.Single(Values(Read("deploy/k8s/secret.template.yaml"), "Cmcm__Jwt__SigningKey"));

        Assert.Contains("REPLACE", placeholder, StringComparison.Ordinal);
        Assert.True(placeholder.Length < 32, $"the placeholder {placeholder} is long enough to be taken for a key");
    }

    [Fact]
    public void Compose_LoadProfile_TargetsEveryHostOverHttp()
    {
        var load = ComposeServices()["load"];

        Assert.Contains("profiles: [load]", load, StringComparison.Ordinal);
        Assert.Contains("- http://host1:8080,http://host2:8080,http://host3:8080", load, StringComparison.Ordinal);
        Assert.Contains("target: load", load, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceAndDisruptionBudget_SelectTheDeploymentsPods()
    {
        var deployment = Read("deploy/k8s/deployment.yaml");
        var pods = Labels(deployment, "matchLabels");

        Assert.Equal(2, pods.Count);
        Assert.Equal(pods, Labels(deployment[deployment.IndexOf("template:", StringComparison.Ordinal)..], "labels"));
        Assert.Equal(pods, Labels(Read("deploy/k8s/service.yaml"), "selector"));
        Assert.Equal(pods, Labels(Read("deploy/k8s/pdb.yaml"), "matchLabels"));
    }

    [Fact]
    public void Kustomization_ListsEveryManifest_WithTheFilledInSecretInPlaceOfTheTemplate()
    {
        var listed = ResourceLine().Matches(Read("deploy/k8s/kustomization.yaml")).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        var manifests = Directory.GetFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml").Select(Path.GetFileName)
            .Select(f => f == "secret.template.yaml" ? "secret.yaml" : f!)
            .Where(f => f != "kustomization.yaml").Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(manifests, listed);
    }

    private static bool IsHostSetting(string key)
    {
        var parts = key.Split("__");
        var section = string.Join(':', parts[..^1]);
        return OptionsBySection.TryGetValue(section, out var type)
            && type.GetProperty(parts[^1], BindingFlags.Public | BindingFlags.Instance) is { CanWrite: true };
    }

    /// <summary>The values of <c>key: value</c> (YAML) or <c>key=value</c> (Dockerfile ENV) lines, unquoted, without comments.</summary>
    private static List<string> Values(string text, string key) =>
        [.. Regex.Matches(text, $@"^\s*-?\s*{Regex.Escape(key)}\s*[:=]\s*(.*?)\s*(?:\s#.*)?\\?$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.Trim().Trim('"'))];

    private static int ContainerPort(string deployment, string name) =>
        int.Parse(Regex.Match(deployment, $@"- name: {name}\s+containerPort: (\d+)").Groups[1].Value);

    private static string ProbePath(string deployment, string probe) =>
        Regex.Match(deployment, $@"{probe}:\s+httpGet:\s+path: (\S+)\s+port: http\b").Groups[1].Value;

    /// <summary>The <c>key: value</c> pairs nested right under the first <paramref name="header"/> line.</summary>
    private static Dictionary<string, string> Labels(string text, string header)
    {
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == header + ":");
        var indent = lines[start].Length - lines[start].TrimStart().Length;
        return lines.Skip(start + 1)
            .TakeWhile(l => l.Length - l.TrimStart().Length > indent)
            .Select(l => l.Trim().Split(": ", 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1]);
    }

    /// <summary>The services of compose.yaml, each with the text of its block.</summary>
    private static Dictionary<string, string> ComposeServices()
    {
        var services = Read("deploy/compose.yaml").Split("\nservices:\n")[1].Split("\nvolumes:\n")[0];
        return ComposeService().Matches(services).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    /// <summary>The project and every project it references, transitively, as paths from the repository root.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!closure.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(Path.Combine(Root, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(Root, current)).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Root, path).Replace('\\', '/'));
            }
        }

        return closure;
    }

    private static string Read(string file) => File.ReadAllText(Path.Combine(Root, file)).ReplaceLineEndings("\n");

    private static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        // The test binaries may live outside the repository (--artifacts-path): fall back to this file's own place.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) }.OfType<string>().Where(s => s.Length > 0))
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CmcmActors.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("CmcmActors.sln not found above the test binaries or above " + sourceFile);
    }

    [GeneratedRegex(@"\bCmcm__[A-Za-z]\w*")]
    private static partial Regex CmcmKeyPattern();

    [GeneratedRegex(@"^EXPOSE\s+(.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex ExposeLine();

    [GeneratedRegex(@"^USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    [GeneratedRegex(@"^COPY\s+(?!--)(\S+)\s+\S+\s*$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();

    [GeneratedRegex(@"^COPY\s+(?!--)((?:\S+ )+)\./\s*$", RegexOptions.Multiline)]
    private static partial Regex CopyFilesLine();

    [GeneratedRegex(@"http://localhost:8080(/[\w/]+)")]
    private static partial Regex HealthCheckUrl();

    [GeneratedRegex(@"^host\d+$")]
    private static partial Regex HostServiceName();

    [GeneratedRegex(@"ports: \[""([^""]+)""\]")]
    private static partial Regex PublishedPort();

    [GeneratedRegex(@"^  ([\w-]+):\n((?:(?:    .*)?\n)*)", RegexOptions.Multiline)]
    private static partial Regex ComposeService();

    [GeneratedRegex(@"^  - (\S+\.yaml)\s*$", RegexOptions.Multiline)]
    private static partial Regex ResourceLine();
}
