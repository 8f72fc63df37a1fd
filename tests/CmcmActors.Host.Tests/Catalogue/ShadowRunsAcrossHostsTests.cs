using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Journal;
using CmcmActors.Host.Api.Catalogue;
using CmcmActors.Host.Tests.Support;
using CmcmActors.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Catalogue;

/// <summary>
/// Two hosts on one PostgreSQL, as behind a load balancer: a shadow run started on one is followed, stopped and
/// downloaded from the other, and a run whose host stops is marked failed, never left running. Host A's stored claims
/// never finish being read (its runs run until stopped); host B reads the real journal.
/// </summary>
[Collection(PostgresHostCollection.Name)]
public sealed class ShadowRunsAcrossHostsTests
{
    private const string Admin = "/api/admin/catalogue";

    [PostgresTheory]
    [InlineData("two hosts")]
    public async Task ShadowRun_StartedOnOneHost_FollowedStoppedAndDownloadedFromTheOther_AndFailedWhenItsHostStops(string _)
    {
        var postgres = PostgresHostFixture.ConnectionString!;
        var cluster = "shadow-" + Guid.NewGuid().ToString("N")[..8];
        void Shared(IWebHostBuilder builder)
        {
            builder.UseSetting("Cmcm:Postgres", postgres);
            builder.UseSetting("Cmcm:ClusterId", cluster);
            builder.UseSetting("Cmcm:ServiceId", cluster);
            builder.UseSetting("Cmcm:ShadowRuns:Heartbeat", "00:00:00.2");
            builder.UseSetting("Cmcm:ShadowRuns:Lease", "00:00:03");
        }

        var a = HostFixture.With(builder =>
        {
            Shared(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStoredClaims, EndlessClaims>());
        });
        var b = HostFixture.With(Shared);
        await a.InitializeAsync();
        await using var stopB = new Stop(b);
        await b.InitializeAsync();
        bool aStopped = false;
        try
        {
            var adminA = a.CreateClient(TestUser.Admin);
            var adminB = b.CreateClient(TestUser.Admin);
            var staffB = b.CreateClient(TestUser.FrontDesk);
            var today = CmcmActors.Host.Api.ApiDates.Today(TimeProvider.System);
            var draftId = (await (await adminB.PostRawAsync($"{Admin}/drafts", CatalogueAdminApiTests.Draft(NewId("2027")))).JsonAsync(HttpStatusCode.Created))["draftId"].Text();

            // Started on A, followed from B (its progress as A's heartbeat wrote it), stopped from B.
            var endless = (await (await adminA.PostJsonAsync($"{Admin}/shadow-runs", new { draftId, from = today, to = today })).JsonAsync(HttpStatusCode.Accepted))["runId"].Text();
            var seen = await UntilAsync(adminB, endless, r => r["total"]!.GetValue<int>() == 7);
            Assert.Equal(("running", 0), (seen["status"].Text(), seen["done"]!.GetValue<int>()));
            Assert.Contains(endless, (await adminB.GetJsonAsync($"{Admin}/shadow-runs")).AsArray().Select(r => r!["runId"].Text()));
            var stopped = await (await adminB.DeleteAsync($"{Admin}/shadow-runs/{endless}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("cancelled", true), (stopped["status"].Text(), stopped["cancelRequested"]!.GetValue<bool>()));
            await (await adminA.DeleteAsync($"{Admin}/shadow-runs/{endless}")).ProblemAsync(HttpStatusCode.Conflict, "runId");
            await (await adminA.GetAsync($"{Admin}/shadow-runs/{endless}/report.csv")).ProblemAsync(HttpStatusCode.Conflict, "runId");

            // Started on B over real claims, completed, downloaded from A: the same report.
            var (familyId, memberId) = await staffB.EnrolledFamilyAsync("RC");
            for (var session = 1; session <= 3; session++)
            {
                await (await staffB.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, $"OSTEO-{session}", Line("RC.ALTMED", 60m, element: "osteopathy"))))
                    .JsonAsync(HttpStatusCode.Created);
            }

            var real = (await (await adminB.PostJsonAsync($"{Admin}/shadow-runs", new { draftId, from = today, to = today })).JsonAsync(HttpStatusCode.Accepted))["runId"].Text();
            var done = await UntilAsync(adminA, real, r => r["status"].Text() != "running");
            Assert.Equal("""{"claims":3,"judged":3,"skipped":0,"claimsChanged":1,"paidBefore":100.00,"paidAfter":150.00,"difference":50.00}""", done["summary"]!.ToJsonString());
            var csvA = await (await adminA.GetAsync($"{Admin}/shadow-runs/{real}/report.csv")).Content.ReadAsStringAsync();
            var csvB = await (await adminB.GetAsync($"{Admin}/shadow-runs/{real}/report.csv")).Content.ReadAsStringAsync();
            Assert.Equal(csvB, csvA);
            Assert.Contains($"claim,{memberId}/OSTEO-3,{memberId},{familyId},{today:yyyy-MM-dd},2026-07,,,refused,partiallyApproved,0.00,50.00,50.00\n", csvA, StringComparison.Ordinal);
            Assert.Equal("""[{"benefit":"RC.ALTMED","tier":"RC","paidBefore":100.00,"paidAfter":150.00,"difference":50.00}]""",
                (await adminA.GetJsonAsync($"{Admin}/shadow-runs/{real}/report.json"))["totals"]!.ToJsonString());

            // By the claims' own date of receipt: a postal claim entered today, received last month, is in last month's run.
            await ShadowRunReceivedOnTests.PostalClaimCaseAsync(b, adminB, draftId);

            // A stops while its run runs: the run is failed, seen from B.
            var orphan = (await (await adminA.PostJsonAsync($"{Admin}/shadow-runs", new { draftId, from = today, to = today })).JsonAsync(HttpStatusCode.Accepted))["runId"].Text();
            await UntilAsync(adminB, orphan, r => r["total"]!.GetValue<int>() == 7);
            await a.DisposeAsync();
            aStopped = true;
            var failed = await adminB.GetJsonAsync($"{Admin}/shadow-runs/{orphan}");
            Assert.Equal(("failed", ShadowRunJobs.HostStopped), (failed["status"].Text(), failed["error"].Text()));

            // A host killed without stopping (no heartbeat, nothing recorded): failed once its lease lapsed.
            var store = b.Services.GetRequiredService<IShadowRunStore>();
            await store.AddAsync(ShadowRunRow.Started("s-killed-" + cluster, draftId, "2027", today, today, DateTimeOffset.UtcNow, "admin", "a-killed-host"), 20);
            var lapsed = await UntilAsync(adminB, "s-killed-" + cluster, r => r["status"].Text() != "running");
            Assert.Equal(("failed", ShadowRunRow.LeaseLapsed), (lapsed["status"].Text(), lapsed["error"].Text()));
        }
        finally
        {
            if (!aStopped)
            {
                await a.DisposeAsync();
            }
        }
    }

    private static async Task<JsonNode> UntilAsync(HttpClient admin, string runId, Func<JsonNode, bool> done)
    {
        for (var i = 0; i < 300; i++)
        {
            var run = await admin.GetJsonAsync($"{Admin}/shadow-runs/{runId}");
            if (done(run))
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Shadow run {runId} not as expected after 30 s.");
    }

    private sealed class Stop(HostFixture host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await host.DisposeAsync();
    }

    /// <summary>Seven claims in the period that never finish being read, until the run is stopped.</summary>
    private sealed class EndlessClaims : IStoredClaims
    {
        public async IAsyncEnumerable<FamilyClaims> ReadFamiliesAsync(DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }

        public Task<int> CountAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) => Task.FromResult(7);
    }
}
