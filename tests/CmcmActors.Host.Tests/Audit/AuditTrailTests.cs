using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CmcmActors.Host.Api.Audit;
using CmcmActors.Host.Security;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Audit;

/// <summary>
/// The audit trail through the API: who did each act (claims, family commands), the plausibility four eyes, and the
/// log of staff reads; the same cases on memory and on PostgreSQL.
/// </summary>
public static class AuditTrailCases
{
    /// <summary>A client whose token names <paramref name="subject"/> (two clerks are two people).</summary>
    public static HttpClient As(HostFixture host, string subject, string role = CmcmRoles.FrontDesk)
    {
        var client = host.CreateClient();
        var token = host.Services.GetRequiredService<TokenIssuer>().Issue(subject, role, null, null, false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonArray> TrailAsync(HttpClient staff, string path) => (await staff.GetJsonAsync(path)).AsArray();

    public static async Task ClaimActs_CarryTheClerkOfTheToken_WithTheTraceId(HostFixture host)
    {
        var subject = NewId("clerk");
        var clerk = As(host, subject);
        var (familyId, memberId) = await clerk.EnrolledFamilyAsync();
        await (await clerk.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-1", Line("RC.ALTMED", 40m, element: "osteopathy")))).JsonAsync(HttpStatusCode.Created);

        var trail = await TrailAsync(clerk, $"/api/audit/members/{memberId}");

        var claimEntries = trail.Where(e => e!["claimId"]?.GetValue<string>() == $"{memberId}/INV-1").ToList();
        Assert.Equal(["cap.used", "claim.approved", "claim.received"], claimEntries.Select(e => e!["action"]!.GetValue<string>()).Order());
        Assert.All(claimEntries, e => Assert.Equal((subject, "frontdesk"), (e!["by"]!["subject"]!.GetValue<string>(), e["by"]!["role"]!.GetValue<string>())));
        Assert.All(claimEntries, e => Assert.Matches("^[0-9a-f]{32}$", e!["by"]!["traceId"]!.GetValue<string>()));
        var enrolled = Assert.Single(trail, e => e!["action"]!.GetValue<string>() == "family.enrolled");
        Assert.Equal(subject, enrolled!["by"]!["subject"]!.GetValue<string>());
    }

    public static async Task PlausibilityReview_ResolvedByWhoeverEnteredIt_409FourEyes_AnotherClerkResolvesIt(HostFixture host)
    {
        var enterer = As(host, "clerk-enters");
        var second = As(host, "clerk-reviews");
        var (familyId, memberId) = await enterer.EnrolledFamilyAsync();
        var claim = await (await enterer.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "BIG-1", Line("RC.HOSP.LU", 150_000m, 149_960m))))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("pended", claim["status"]!.GetValue<string>());

        var refused = await enterer.PostJsonAsync($"/api/claims/{memberId}/BIG-1/resolution", new { refuse = false, amountsReviewed = true });
        var refusedOutright = await enterer.PostJsonAsync($"/api/claims/{memberId}/BIG-1/resolution", new { refuse = true, reason = "too much" });
        var stillPended = await enterer.GetJsonAsync($"/api/claims/{memberId}/BIG-1");
        var resolved = await second.PostJsonAsync($"/api/claims/{memberId}/BIG-1/resolution", new { refuse = false, amountsReviewed = true });

        var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("four-eyes", problem["code"]!.GetValue<string>());
        Assert.Equal("four-eyes", (await refusedOutright.ProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        Assert.Equal(("pended", 1), (stillPended["status"]!.GetValue<string>(), stillPended["version"]!.GetValue<int>()));
        var decided = await resolved.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("approved", 40.00m), (decided["status"]!.GetValue<string>(), decided["totalPaid"]!.GetValue<decimal>()));
    }

    public static async Task TenFamilyCommandsAtOnce_EverySuccessHasExactlyOneAuditEntry(HostFixture host)
    {
        var clerk = As(host, "clerk-payments");
        var (familyId, _) = await clerk.EnrolledFamilyAsync(paid: false);

        var answers = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            clerk.PostJsonAsync($"/api/families/{familyId}/payments", new { year = 2026, amount = 100m + i, paidOn = "2025-12-20" })));

        var succeeded = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        var family = await clerk.GetJsonAsync($"/api/families/{familyId}");
        var trail = await TrailAsync(clerk, $"/api/audit/families/{familyId}?limit=200");
        var payments = trail.Where(e => e!["action"]!.GetValue<string>() == "family.payment-recorded").ToList();
        Assert.Equal(succeeded, family["payments"]!.AsArray().Count);
        Assert.Equal(succeeded, payments.Count);
        Assert.Equal(payments.Count, payments.Select(p => p!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(
            family["payments"]!.AsArray().Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"contribution 2026: €{p!["amount"]!.GetValue<decimal>():0.00} paid on 2025-12-20")).Order(),
            payments.Select(p => p!["detail"]!.GetValue<string>()).Order());
        Assert.All(payments, p => Assert.Equal("clerk-payments", p!["by"]!["subject"]!.GetValue<string>()));
    }

    public static async Task StaffReadOfAClaim_Logged_MembersOwnReadNot_AdminListsIt(HostFixture host)
    {
        var subject = NewId("reader");
        var clerk = As(host, subject);
        var (familyId, memberId) = await clerk.EnrolledFamilyAsync();
        await (await clerk.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "R-1", Line("RC.HOSP.LU", 40m, 30m)))).JsonAsync(HttpStatusCode.Created);
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));
        var admin = host.CreateClient(TestUser.Admin);

        await clerk.GetJsonAsync($"/api/claims/{memberId}/R-1");
        await clerk.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/caps");
        await member.GetJsonAsync($"/api/claims/{memberId}/R-1");
        var forbidden = await clerk.GetAsync($"/api/audit/reads?member={memberId}");
        var reads = (await admin.GetJsonAsync($"/api/audit/reads?member={memberId}")).AsArray();
        var byStaff = (await admin.GetJsonAsync($"/api/audit/reads?staff={subject}&limit=1")).AsArray();

        await forbidden.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(
            [("GET /api/families/{familyId}/members/{memberId}/caps", subject), ("GET /api/claims/{memberId}/{invoiceReference}", subject)],
            reads.Select(r => (r!["route"]!.GetValue<string>(), r["staff"]!.GetValue<string>())));
        Assert.All(reads, r => Assert.Equal((memberId, "frontdesk"), (r!["memberId"]!.GetValue<string>(), r["role"]!.GetValue<string>())));
        Assert.Equal("GET /api/families/{familyId}/members/{memberId}/caps", Assert.Single(byStaff)!["route"]!.GetValue<string>());
    }

    public static async Task ReadLogQueryMalformed_400NamingTheField(HostFixture host)
    {
        var admin = host.CreateClient(TestUser.Admin);

        var badDate = await admin.GetAsync("/api/audit/reads?from=07-12-2026");
        var backwards = await admin.GetAsync("/api/audit/reads?from=2026-12-07&to=2026-12-01");
        var badMember = await admin.GetAsync("/api/audit/reads?member=a%20b");
        var badCursor = await admin.GetAsync("/api/audit/members/M-1?after=nonsense");

        await badDate.ProblemAsync(HttpStatusCode.BadRequest, "from");
        await backwards.ProblemAsync(HttpStatusCode.BadRequest, "to");
        await badMember.ProblemAsync(HttpStatusCode.BadRequest, "member");
        await badCursor.ProblemAsync(HttpStatusCode.BadRequest, "after");
    }

    public static async Task MemberTrail_PagesNewestFirst_EachEntryOnce(HostFixture host)
    {
        var clerk = As(host, "clerk-pages");
        var (familyId, memberId) = await clerk.EnrolledFamilyAsync();
        for (var i = 0; i < 3; i++)
        {
            await (await clerk.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, $"P-{i}", Line("RC.ALTMED", 40m, element: "osteopathy")))).JsonAsync(HttpStatusCode.Created);
        }

        var whole = await TrailAsync(clerk, $"/api/audit/members/{memberId}?limit=200");
        var paged = new List<string>();
        var next = $"/api/audit/members/{memberId}?limit=4";
        while (next is not null)
        {
            var response = await clerk.GetAsync(next);
            paged.AddRange((await response.JsonAsync(HttpStatusCode.OK)).AsArray().Select(e => e!["id"]!.GetValue<string>()));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single()[1..links.Single().IndexOf('>', StringComparison.Ordinal)] : null;
        }

        // The enrolment (it names the member), and per claim: received, approved, and each movement of the member's caps.
        var movements = (await clerk.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/audit")).AsArray().Count;
        var actions = whole.GroupBy(e => e!["action"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["family.enrolled"] = 1, ["claim.received"] = 3, ["claim.approved"] = 3, ["cap.used"] = movements }, actions);
        Assert.True(movements >= 3, $"each osteopathy claim moves the member's caps: {movements}");
        Assert.Equal(whole.Select(e => e!["id"]!.GetValue<string>()), paged);
        var times = whole.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }
}

[Collection(HostCollection.Name)]
public sealed class AuditTrailTests(HostFixture host)
{
    [Fact]
    public Task ClaimActs_CarryTheClerkOfTheToken_WithTheTraceId() => AuditTrailCases.ClaimActs_CarryTheClerkOfTheToken_WithTheTraceId(host);

    [Fact]
    public Task PlausibilityReview_ResolvedByWhoeverEnteredIt_409FourEyes_AnotherClerkResolvesIt() =>
        AuditTrailCases.PlausibilityReview_ResolvedByWhoeverEnteredIt_409FourEyes_AnotherClerkResolvesIt(host);

    [Fact]
    public Task TenFamilyCommandsAtOnce_EverySuccessHasExactlyOneAuditEntry() => AuditTrailCases.TenFamilyCommandsAtOnce_EverySuccessHasExactlyOneAuditEntry(host);

    [Fact]
    public Task StaffReadOfAClaim_Logged_MembersOwnReadNot_AdminListsIt() => AuditTrailCases.StaffReadOfAClaim_Logged_MembersOwnReadNot_AdminListsIt(host);

    [Fact]
    public Task ReadLogQueryMalformed_400NamingTheField() => AuditTrailCases.ReadLogQueryMalformed_400NamingTheField(host);

    [Fact]
    public Task MemberTrail_PagesNewestFirst_EachEntryOnce() => AuditTrailCases.MemberTrail_PagesNewestFirst_EachEntryOnce(host);
}

[Collection(PostgresHostCollection.Name)]
public sealed class AuditTrailOnPostgresTests(PostgresHostFixture postgres)
{
    [PostgresTheory]
    [InlineData("claims")]
    public Task ClaimActs_CarryTheClerkOfTheToken_WithTheTraceId(string _) => AuditTrailCases.ClaimActs_CarryTheClerkOfTheToken_WithTheTraceId(postgres.Host!);

    [PostgresTheory]
    [InlineData("four-eyes")]
    public Task PlausibilityReview_ResolvedByWhoeverEnteredIt_409FourEyes_AnotherClerkResolvesIt(string _) =>
        AuditTrailCases.PlausibilityReview_ResolvedByWhoeverEnteredIt_409FourEyes_AnotherClerkResolvesIt(postgres.Host!);

    [PostgresTheory]
    [InlineData("race")]
    public Task TenFamilyCommandsAtOnce_EverySuccessHasExactlyOneAuditEntry(string _) => AuditTrailCases.TenFamilyCommandsAtOnce_EverySuccessHasExactlyOneAuditEntry(postgres.Host!);

    [PostgresTheory]
    [InlineData("reads")]
    public Task StaffReadOfAClaim_Logged_MembersOwnReadNot_AdminListsIt(string _) => AuditTrailCases.StaffReadOfAClaim_Logged_MembersOwnReadNot_AdminListsIt(postgres.Host!);

    [PostgresTheory]
    [InlineData("pages")]
    public Task MemberTrail_PagesNewestFirst_EachEntryOnce(string _) => AuditTrailCases.MemberTrail_PagesNewestFirst_EachEntryOnce(postgres.Host!);
}
