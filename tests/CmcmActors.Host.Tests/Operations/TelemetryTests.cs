using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using CmcmActors.Host.Metrics;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Operations;

/// <summary>Traces when an OTLP endpoint is configured: requests with their route, and grain calls in the same trace.</summary>
[Collection(TracingHostCollection.Name)]
public sealed class TracingTests(TracingHostFixture fixture)
{
    [Fact]
    public async Task PostClaim_WithTracingOn_ServerSpanCarriesTheRoute_AndTheGrainCallIsInItsTrace()
    {
        var host = fixture.Host;
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-TRACE", Implants()))).JsonAsync(HttpStatusCode.Created);

        // The server span stops after the response has gone out: wait for it.
        // The listener hears every host of the test run: keep this host's spans (its port).
        bool IsClaimsServerSpan(Activity a) => a.Source.Name == "Microsoft.AspNetCore" && a.GetTagItem("http.route") is "/api/claims/"
            && a.GetTagItem("server.port") is int port && port == host.BaseAddress.Port;
        for (var waited = 0; waited < 100 && !stopped.Any(IsClaimsServerSpan); waited++)
        {
            await Task.Delay(50);
        }

        var server = Assert.Single(stopped, IsClaimsServerSpan);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal("POST", server.GetTagItem("http.request.method"));
        Assert.Equal(201, server.GetTagItem("http.response.status_code"));
        Assert.Contains(stopped, a => a.Source.Name == "Microsoft.Orleans.Application" && a.TraceId == server.TraceId
            && a.OperationName.Contains("IMemberGrain/SubmitClaim", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_WithAConfiguredServiceName_ReportIt()
    {
        var text = await fixture.Host.CreateClient().GetStringAsync("/metrics");

        Assert.Contains("service_name=\"cmcm-tests\"", text, StringComparison.Ordinal);
    }
}

/// <summary>Telemetry of the host as it runs by default: no tracing, metrics named after the service, durations in seconds.</summary>
[Collection(HostCollection.Name)]
public sealed class TelemetryDefaultsTests(HostFixture host)
{
    [Fact]
    public void Tracing_WithoutAnOtlpEndpoint_IsNotInstalled()
    {
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Metrics_ByDefault_ReportServiceNameCmcm()
    {
        var text = await host.CreateClient().GetStringAsync("/metrics");

        Assert.Contains("service_name=\"cmcm\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown_service", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DecisionDuration_IsAHistogramInSeconds_WithTheConventionsBuckets()
    {
        // The host's own meter (not a new one: disposing a second "CmcmActors" meter in this process would end the
        // metric streams the hosts' exporters share with it).
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        Histogram<double>? histogram = null;
        var recorded = new List<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "cmcm.claims.decision.duration")
                {
                    histogram = (Histogram<double>)instrument;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            if (tags.ToArray().Contains(new KeyValuePair<string, object?>("outcome", "refused")))
            {
                recorded.Add(value);
            }
        });
        listener.Start();

        host.Services.GetRequiredService<CmcmMetrics>().ClaimDecided(Contracts.Claims.ClaimStatus.Refused, TimeSpan.FromMilliseconds(250));

        Assert.Equal("s", histogram!.Unit);
        Assert.Equal([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10], histogram.Advice!.HistogramBucketBoundaries!);
        Assert.Equal([0.25], recorded);
    }

    [Fact]
    public async Task Metrics_AfterAnotherCmcmMeterInTheProcessIsDisposed_StillExportTheHostsOwn()
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-OTHER-METER", Implants()))).JsonAsync(HttpStatusCode.Created);
        using (var other = new ServiceCollection().AddMetrics().BuildServiceProvider())
        {
            // Another host of the test process, as far as the meters go: same meter name, its own factory, then disposed.
            new CmcmMetrics(other.GetRequiredService<IMeterFactory>()).ClaimDecided(Contracts.Claims.ClaimStatus.Approved, TimeSpan.FromSeconds(1));
        }

        // The scrape after the disposal is where a merged stream would be ended; the next one shows what is left.
        await host.CreateClient().GetStringAsync("/metrics");
        var text = await host.CreateClient().GetStringAsync("/metrics");

        Assert.Contains("cmcm_claims_decided_total{otel_scope_name=\"CmcmActors\",outcome=\"approved\"}", text, StringComparison.Ordinal);
    }
}
