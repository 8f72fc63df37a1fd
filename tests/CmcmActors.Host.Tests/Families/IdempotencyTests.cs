using System.Net;
using System.Net.Http.Json;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Families;

/// <summary>Family commands that can be retried: the Idempotency-Key header, and a duplicate payment recorded once.</summary>
public static class IdempotencyCases
{
    private static HttpRequestMessage Post(string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    private static async Task<int> PaymentsOfAsync(HttpClient staff, string familyId) =>
        (await staff.GetJsonAsync($"/api/families/{familyId}"))["payments"]!.AsArray().Count;

    public static async Task PaymentRetriedWithTheSameKey_RecordedOnce_AndTheFirstAnswerReplayed(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, _) = await staff.EnrolledFamilyAsync(paid: false);
        var payment = new { year = 2026, amount = 300.00m, paidOn = "2025-12-20" };

        var first = await staff.SendAsync(Post($"/api/families/{familyId}/payments", payment, "pay-2026-1"));
        var retry = await staff.SendAsync(Post($"/api/families/{familyId}/payments", payment, "pay-2026-1"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await PaymentsOfAsync(staff, familyId));
    }

    public static async Task TwelvePaymentsWithOneKeyAtOnce_RecordedOnce_EveryAnswerTheFirst(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, _) = await staff.EnrolledFamilyAsync(paid: false);
        var payment = new { year = 2026, amount = 150.00m, paidOn = "2025-12-21" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => staff.SendAsync(Post($"/api/families/{familyId}/payments", payment, "pay-burst"))));
        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
        Assert.Equal(11, answers.Count(a => a.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await PaymentsOfAsync(staff, familyId));
    }

    public static async Task SameKeyWithAnotherBody_409NamingTheHeader_AndNothingRecorded(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, _) = await staff.EnrolledFamilyAsync(paid: false);
        await (await staff.SendAsync(Post($"/api/families/{familyId}/payments", new { year = 2026, amount = 300.00m, paidOn = "2025-12-20" }, "pay-k"))).JsonAsync(HttpStatusCode.OK);

        var problem = await (await staff.SendAsync(Post($"/api/families/{familyId}/payments", new { year = 2026, amount = 999.00m, paidOn = "2025-12-20" }, "pay-k")))
            .ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("idempotency-key-reused", problem["code"].Text());
        Assert.NotNull(problem["errors"]!["Idempotency-Key"]);
        Assert.Equal(1, await PaymentsOfAsync(staff, familyId));
    }

    public static async Task DuplicatePaymentWithoutAKey_RecordedOnce(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, _) = await staff.EnrolledFamilyAsync(paid: false);
        var payment = new { year = 2026, amount = 300.00m, paidOn = "2025-12-20" };

        await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ => await (await staff.PostJsonAsync($"/api/families/{familyId}/payments", payment)).JsonAsync(HttpStatusCode.OK)));

        Assert.Equal(1, await PaymentsOfAsync(staff, familyId));
    }

    public static async Task EnrolmentRetriedWithTheSameKey_201Replayed_WithItsLocation(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var familyId = NewId("F");
        var body = EnrolBody(familyId, NewId("M"), "RC", Applied);

        var first = await staff.SendAsync(Post("/api/families", body, "enrol-1"));
        var retry = await staff.SendAsync(Post("/api/families", body, "enrol-1"));
        var withoutKey = await staff.PostJsonAsync("/api/families", body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict), (first.StatusCode, retry.StatusCode, withoutKey.StatusCode));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
    }

    public static async Task BodyOver256KBWithAKey_400NamingTheBody_AndTheKeyStaysFree(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, _) = await staff.EnrolledFamilyAsync(paid: false);
        var huge = new { year = 2026, amount = 300.00m, paidOn = "2025-12-20", note = new string('x', 300 * 1024) };
        using var request = Post($"/api/families/{familyId}/payments", huge, "pay-huge");
        request.Headers.ExpectContinue = true;

        var refused = await (await staff.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest, "body");
        var payment = await staff.SendAsync(Post($"/api/families/{familyId}/payments", new { year = 2026, amount = 300.00m, paidOn = "2025-12-20" }, "pay-huge"));

        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.OK, payment.StatusCode);
        Assert.False(payment.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await PaymentsOfAsync(staff, familyId));
    }

    public static async Task KeyOfAnotherCaller_NotReplayed(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var admin = host.CreateClient(TestUser.Admin);
        var (familyId, _) = await staff.EnrolledFamilyAsync(paid: false);
        await (await staff.SendAsync(Post($"/api/families/{familyId}/payments", new { year = 2026, amount = 100.00m, paidOn = "2025-12-20" }, "shared"))).JsonAsync(HttpStatusCode.OK);

        var other = await admin.SendAsync(Post($"/api/families/{familyId}/payments", new { year = 2026, amount = 200.00m, paidOn = "2025-12-20" }, "shared"));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await PaymentsOfAsync(staff, familyId));
    }
}

[Collection(HostCollection.Name)]
public sealed class IdempotencyTests(HostFixture host)
{
    [Fact]
    public Task PaymentRetriedWithTheSameKey_RecordedOnce_AndTheFirstAnswerReplayed() => IdempotencyCases.PaymentRetriedWithTheSameKey_RecordedOnce_AndTheFirstAnswerReplayed(host);

    [Fact]
    public Task TwelvePaymentsWithOneKeyAtOnce_RecordedOnce_EveryAnswerTheFirst() => IdempotencyCases.TwelvePaymentsWithOneKeyAtOnce_RecordedOnce_EveryAnswerTheFirst(host);

    [Fact]
    public Task SameKeyWithAnotherBody_409NamingTheHeader_AndNothingRecorded() => IdempotencyCases.SameKeyWithAnotherBody_409NamingTheHeader_AndNothingRecorded(host);

    [Fact]
    public Task DuplicatePaymentWithoutAKey_RecordedOnce() => IdempotencyCases.DuplicatePaymentWithoutAKey_RecordedOnce(host);

    [Fact]
    public Task EnrolmentRetriedWithTheSameKey_201Replayed_WithItsLocation() => IdempotencyCases.EnrolmentRetriedWithTheSameKey_201Replayed_WithItsLocation(host);

    [Fact]
    public Task KeyOfAnotherCaller_NotReplayed() => IdempotencyCases.KeyOfAnotherCaller_NotReplayed(host);

    [Fact]
    public Task BodyOver256KBWithAKey_400NamingTheBody_AndTheKeyStaysFree() => IdempotencyCases.BodyOver256KBWithAKey_400NamingTheBody_AndTheKeyStaysFree(host);
}

[Collection(PostgresHostCollection.Name)]
public sealed class IdempotencyOnPostgresTests(PostgresHostFixture postgres)
{
    [PostgresTheory]
    [InlineData("retry")]
    public Task PaymentRetriedWithTheSameKey_RecordedOnce_AndTheFirstAnswerReplayed(string _) =>
        IdempotencyCases.PaymentRetriedWithTheSameKey_RecordedOnce_AndTheFirstAnswerReplayed(postgres.Host!);

    [PostgresTheory]
    [InlineData("burst")]
    public Task TwelvePaymentsWithOneKeyAtOnce_RecordedOnce_EveryAnswerTheFirst(string _) =>
        IdempotencyCases.TwelvePaymentsWithOneKeyAtOnce_RecordedOnce_EveryAnswerTheFirst(postgres.Host!);

    [PostgresTheory]
    [InlineData("duplicate")]
    public Task DuplicatePaymentWithoutAKey_RecordedOnce(string _) => IdempotencyCases.DuplicatePaymentWithoutAKey_RecordedOnce(postgres.Host!);
}
