using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CmcmActors.Grains.Idempotency;
using CmcmActors.Host.Api.Idempotency;
using CmcmActors.Host.Security;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Idempotency;

/// <summary>
/// A host of its own whose Idempotency-Key machinery runs on a fake clock (the silo and the tokens keep the real one),
/// with a quota of 3 new keys a minute per caller.
/// </summary>
public sealed class IdempotencyClockFixture : IAsyncLifetime
{
    public const int Quota = 3;

    public IdempotencyClockFixture() =>
        Host = HostFixture.With(builder =>
        {
            builder.UseSetting("Cmcm:Idempotency:MaxKeysPerWindow", Quota.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.ConfigureTestServices(services => services.AddKeyedSingleton<TimeProvider>(IdempotencyExtensions.ClockKey, Clock));
        });

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    public HostFixture Host { get; }

    /// <summary>Moves the clock to <paramref name="seconds"/> past the start of the next minute (the quota's windows are minutes).</summary>
    public DateTimeOffset NextMinutePlus(int seconds)
    {
        var now = Clock.GetUtcNow();
        var next = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1).AddSeconds(seconds);
        Clock.SetUtcNow(next);
        return next;
    }

    /// <summary>A front-desk client whose token has a subject of its own: each test is a caller with its own quota.</summary>
    public HttpClient Caller(string subject)
    {
        var client = Host.CreateClient();
        var token = Host.Services.GetRequiredService<TokenIssuer>().Issue(subject, CmcmRoles.FrontDesk, null, null, false, null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class IdempotencyClockCollection : ICollectionFixture<IdempotencyClockFixture>
{
    public const string Name = "host with a fake Idempotency-Key clock";
}

[Collection(IdempotencyClockCollection.Name)]
public sealed class IdempotencyQuotaTests(IdempotencyClockFixture fixture)
{
    private static HttpRequestMessage Payment(string familyId, int day, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/families/{familyId}/payments")
        {
            Content = JsonContent.Create(new { year = 2026, amount = 10.00m + day, paidOn = $"2025-12-{10 + day:00}" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static async Task<int> PaymentsOfAsync(HttpClient staff, string familyId) =>
        (await staff.GetJsonAsync($"/api/families/{familyId}"))["payments"]!.AsArray().Count;

    [Fact]
    public async Task FourthNewKeyInAMinute_429NamingTheHeader_RetryAfterTheWindowsEnd_AndNothingRecorded()
    {
        var staff = fixture.Caller("quota-fourth");
        var (familyId, _) = await staff.EnrolledFamilyAsync(paid: false);
        fixture.NextMinutePlus(20);
        for (var day = 1; day <= IdempotencyClockFixture.Quota; day++)
        {
            await (await staff.SendAsync(Payment(familyId, day, $"pay-{day}"))).JsonAsync(HttpStatusCode.OK);
        }

        var refused = await staff.SendAsync(Payment(familyId, 4, "pay-4"));
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(40), retryAfter);
        Assert.Equal("idempotency-quota", problem["code"].Text());
        Assert.Equal("This caller opened more than 3 new Idempotency-Key values in 60 seconds; retry after the time in Retry-After, or reuse a key for a retry.",
            problem["errors"]!["Idempotency-Key"]![0].Text());
        Assert.Equal(3, await PaymentsOfAsync(staff, familyId));
    }

    [Fact]
    public async Task OverTheQuota_AKeyAlreadyUsedStillReplays_AndTheNextWindowTakesNewKeys()
    {
        var staff = fixture.Caller("quota-replay");
        var (familyId, _) = await staff.EnrolledFamilyAsync(paid: false);
        fixture.NextMinutePlus(50);
        for (var day = 1; day <= IdempotencyClockFixture.Quota; day++)
        {
            await (await staff.SendAsync(Payment(familyId, day, $"pay-{day}"))).JsonAsync(HttpStatusCode.OK);
        }

        var refused = await staff.SendAsync(Payment(familyId, 4, "pay-4"));
        var replayed = await staff.SendAsync(Payment(familyId, 1, "pay-1"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var nextWindow = await staff.SendAsync(Payment(familyId, 4, "pay-4"));

        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK), (refused.StatusCode, replayed.StatusCode, nextWindow.StatusCode));
        Assert.Equal((true, false), (replayed.Headers.Contains("Idempotent-Replayed"), nextWindow.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(4, await PaymentsOfAsync(staff, familyId));
    }

    [Fact]
    public async Task QuotaIsPerCaller_AnotherCallerStillOpensKeys()
    {
        var first = fixture.Caller("quota-first");
        var second = fixture.Caller("quota-second");
        var (familyId, _) = await first.EnrolledFamilyAsync(paid: false);
        fixture.NextMinutePlus(5);
        for (var day = 1; day <= IdempotencyClockFixture.Quota; day++)
        {
            await (await first.SendAsync(Payment(familyId, day, $"pay-{day}"))).JsonAsync(HttpStatusCode.OK);
        }

        var firstRefused = await first.SendAsync(Payment(familyId, 4, "pay-4"));
        var secondAccepted = await second.SendAsync(Payment(familyId, 4, "pay-4"));

        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.OK), (firstRefused.StatusCode, secondAccepted.StatusCode));
        Assert.Equal(4, await PaymentsOfAsync(first, familyId));
    }

    [Fact]
    public async Task AnswerReplayedUntilItsRetentionEnds_ThenPurgedFromStorage_AndTheKeyRunsAgain()
    {
        var staff = fixture.Caller("retention");
        var (familyId, _) = await staff.EnrolledFamilyAsync(paid: false);
        var store = (MemoryIdempotencyStore)fixture.Host.Services.GetRequiredService<IIdempotencyStore>();
        var purge = fixture.Host.Services.GetRequiredService<IdempotencyPurge>();
        fixture.NextMinutePlus(0);
        await (await staff.SendAsync(Payment(familyId, 1, "kept"))).JsonAsync(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var beforeExpiry = await staff.SendAsync(Payment(familyId, 1, "kept"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var held = store.Count;
        var purged = await purge.PurgeOnceAsync();
        var heldAfter = store.Count;
        var afterExpiry = await staff.SendAsync(Payment(familyId, 1, "kept"));

        Assert.True(beforeExpiry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((held, 0), (purged, heldAfter));
        Assert.Equal(HttpStatusCode.OK, afterExpiry.StatusCode);
        Assert.False(afterExpiry.Headers.Contains("Idempotent-Replayed"));
    }
}
