using CmcmActors.Domain.Claims;

namespace CmcmActors.Domain.Feedback;

/// <summary>
/// A member's word after care: a score from 1 to 5 and an optional short text, once per decided claim. Kept with the
/// claim's benefits and the month it was given, which is what the staff report groups by; never with an amount.
/// </summary>
/// <param name="BenefitCodes">The benefits of the claim's lines, distinct, in line order.</param>
public sealed record CareFeedback(string ClaimId, string FamilyId, string MemberId, int Score, string? Text, IReadOnlyList<string> BenefitCodes, DateTimeOffset GivenAt);

/// <summary>What makes a feedback acceptable.</summary>
public static class FeedbackRules
{
    public const int MinScore = 1;
    public const int MaxScore = 5;

    /// <summary>Characters of the optional text, at most.</summary>
    public const int MaxTextLength = 1000;

    /// <summary>Feedback is about care the CMCM decided on: approved, limited by a cap, or refused (a refusal is worth a word too).</summary>
    public static bool IsOpenFor(ClaimState state) => state is ClaimState.Approved or ClaimState.PartiallyApproved or ClaimState.Refused;

    public static bool IsValidScore(int score) => score is >= MinScore and <= MaxScore;
}

/// <summary>One row of the staff report: the feedback given in a month on a benefit.</summary>
/// <param name="Month">yyyy-MM of when the feedback was given.</param>
/// <param name="Scores">How many gave 1, 2, 3, 4 and 5 (index 0 is score 1).</param>
public sealed record FeedbackReportRow(string Month, string BenefitCode, int Count, decimal Average, IReadOnlyList<int> Scores, int WithText);

public static class FeedbackReport
{
    /// <summary>
    /// Scores by month (UTC) and benefit, months in order then benefits in order; a claim of several benefits counts once
    /// under each. The average is rounded to two decimals, half away from zero.
    /// </summary>
    public static IReadOnlyList<FeedbackReportRow> ByMonthAndBenefit(IEnumerable<CareFeedback> feedback) =>
        feedback
            .SelectMany(f => f.BenefitCodes.Distinct(StringComparer.Ordinal).Select(code => (Month: f.GivenAt.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), Code: code, f.Score, HasText: !string.IsNullOrEmpty(f.Text))))
            .GroupBy(x => (x.Month, x.Code))
            .OrderBy(g => g.Key.Month, StringComparer.Ordinal).ThenBy(g => g.Key.Code, StringComparer.Ordinal)
            .Select(g =>
            {
                var scores = new int[FeedbackRules.MaxScore];
                foreach (var x in g)
                {
                    scores[x.Score - 1]++;
                }

                var count = g.Count();
                var average = Math.Round((decimal)g.Sum(x => x.Score) / count, 2, MidpointRounding.AwayFromZero);
                return new FeedbackReportRow(g.Key.Month, g.Key.Code, count, average, scores, g.Count(x => x.HasText));
            })
            .ToArray();
}
