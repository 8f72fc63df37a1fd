using CmcmActors.Domain.Feedback;

namespace CmcmActors.Domain.Tests.Feedback;

public sealed class FeedbackReportTests
{
    private static CareFeedback Given(string claim, int score, string at, string? text = null, params string[] benefits) =>
        new(claim, "F-1", "M-1", score, text, benefits, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void FeedbackReport_ByMonthAndBenefit_CountsAverageAndDistribution()
    {
        var rows = FeedbackReport.ByMonthAndBenefit([
            Given("a", 5, "2026-09-02T10:00:00Z", "Quick", "RC.DENTAL.FLAT"),
            Given("b", 4, "2026-09-30T23:00:00Z", null, "RC.DENTAL.FLAT"),
            Given("c", 4, "2026-09-15T08:00:00Z", null, "RC.DENTAL.FLAT"),
            Given("d", 1, "2026-10-01T00:00:00Z", "Slow", "RC.DENTAL.FLAT"),
        ]);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new FeedbackReportRow("2026-09", "RC.DENTAL.FLAT", 3, 4.33m, rows[0].Scores, 1), rows[0]);
        Assert.Equal([0, 0, 0, 2, 1], rows[0].Scores);
        Assert.Equal(("2026-10", 1, 1.00m, 1), (rows[1].Month, rows[1].Count, rows[1].Average, rows[1].WithText));
    }

    [Fact]
    public void FeedbackReport_ClaimOfTwoBenefits_CountsOnceUnderEach()
    {
        var rows = FeedbackReport.ByMonthAndBenefit([Given("a", 3, "2026-09-02T10:00:00Z", null, "RC.OPTICAL", "DO.OPTICAL", "RC.OPTICAL")]);

        Assert.Equal([("2026-09", "DO.OPTICAL", 1), ("2026-09", "RC.OPTICAL", 1)], rows.Select(r => (r.Month, r.BenefitCode, r.Count)));
    }

    [Fact]
    public void FeedbackReport_AverageOfTwoAndThree_RoundsHalfAwayFromZero()
    {
        var rows = FeedbackReport.ByMonthAndBenefit([
            Given("a", 2, "2026-09-02T10:00:00Z", null, "X"), Given("b", 3, "2026-09-02T10:00:00Z", null, "X"), Given("c", 3, "2026-09-02T10:00:00Z", null, "X"),
        ]);

        Assert.Equal(2.67m, Assert.Single(rows).Average);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void IsValidScore_OneToFive(int score, bool valid) => Assert.Equal(valid, FeedbackRules.IsValidScore(score));
}
