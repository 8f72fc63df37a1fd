using System.Net;
using CmcmActors.Host.Tests.Support;

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
