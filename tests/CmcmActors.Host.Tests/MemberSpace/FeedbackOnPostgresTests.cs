using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.MemberSpace;

[Collection(PostgresHostCollection.Name)]
public sealed class FeedbackOnPostgresTests(PostgresHostFixture fixture)
{
    [PostgresTheory]
    [InlineData(1)]
    public async Task Feedback_TenAtOnce_ExactlyOneKept(int _)
    {
        var host = fixture.Host!;
        await FeedbackScenarios.TenAtOnceAsync(host, host.CreateClient(TestUser.FrontDesk));
    }

    [PostgresTheory]
    [InlineData(1)]
    public async Task Feedback_TextAndBenefits_ReadBackFromTheTable(int _)
    {
        var host = fixture.Host!;
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (member, memberId, invoice) = await FeedbackScenarios.DecidedClaimAsync(host, staff);

        await (await member.PostJsonAsync($"/api/claims/{memberId}/{invoice}/feedback", new { score = 3, text = "Müller était ravi ✓" })).JsonAsync(HttpStatusCode.Created);
        var read = await staff.GetJsonAsync($"/api/claims/{memberId}/{invoice}/feedback");
        var report = await staff.GetJsonAsync("/api/feedback/report");

        Assert.Equal((3, "Müller était ravi ✓"), (read["score"]!.GetValue<int>(), read["text"].Text()));
        Assert.Contains(report.AsArray(), r => r!["benefitCode"].Text() == "RC.DENTAL.FLAT" && r["count"]!.GetValue<int>() >= 1);
    }
}

[Collection(PostgresHostCollection.Name)]
public sealed class NoticeChoiceOnPostgresTests(PostgresHostFixture fixture)
{
    [PostgresTheory]
    [InlineData(1)]
    public async Task Choice_SetChangeStop_ReadBackFromTheTable(int _)
    {
        var host = fixture.Host!;
        var (familyId, memberId) = await host.CreateClient(TestUser.FrontDesk).EnrolledFamilyAsync();
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));
        var path = $"/api/families/{familyId}/members/{memberId}/notices";

        await (await member.PutJsonAsync(path, new { email = "jean.kieffer@example.lu", language = "fr" })).JsonAsync(HttpStatusCode.OK);
        await (await member.PutJsonAsync(path, new { email = "jean.kieffer@example.lu", language = "en" })).JsonAsync(HttpStatusCode.OK);
        var read = await member.GetJsonAsync(path);
        var stopped = await member.DeleteAsync(path);

        Assert.Equal(("jean.kieffer@example.lu", "en"), (read["email"].Text(), read["language"].Text()));
        Assert.Equal(HttpStatusCode.NoContent, stopped.StatusCode);
        await (await member.GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound);
    }
}
