using System.Net;
using System.Text.RegularExpressions;
using CmcmActors.Host.Health;
using CmcmActors.Host.Tests.Support;

namespace CmcmActors.Host.Tests.Operations;

/// <summary>/health/live and /health/ready on the embedded default, and the schema version the host expects.</summary>
[Collection(HostCollection.Name)]
public sealed partial class HealthTests(HostFixture host)
{
    [Fact]
    public async Task HealthReady_OnTheEmbeddedDefault_200WithTheSiloCheckOnly()
    {
        var response = await host.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"Healthy","checks":{"silo":{"status":"Healthy","description":"silo Active"}}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthLive_RunsNoCheck_200()
    {
        var response = await host.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"Healthy","checks":{}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void SchemaVersionExpected_IsTheNumberOfTheNewestSqlFile_AndTheVersionItRecords()
    {
        var newest = Directory.GetFiles(Repository.PathOf("deploy/sql"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).Last()!;
        var recorded = RecordedVersion().Match(File.ReadAllText(Repository.PathOf("deploy/sql/005-schema-version.sql")));

        Assert.Equal(SchemaVersion.Expected, int.Parse(newest[..3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(SchemaVersion.Expected.ToString(System.Globalization.CultureInfo.InvariantCulture), recorded.Groups[1].Value);
    }

    [GeneratedRegex(@"INSERT INTO cmcm_schema_version \(singleton, version\) VALUES \(true, (\d+)\)")]
    private static partial Regex RecordedVersion();
}
