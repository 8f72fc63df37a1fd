namespace CmcmActors.Domain.Affiliation;

public static class WaitingPeriods
{
    public const int FirstTimeMonths = 3;
    public const int ReadmissionMonths = 12;
    public const int ReadmissionDentaOptiplusMonths = 36;

    /// <summary>Months of waiting for <paramref name="tier"/> when joining for <paramref name="reason"/>.</summary>
    public static int MonthsFor(Tier tier, EnrolmentReason reason) => (tier, reason) switch
    {
        (Tier.ASSIST, _) => 0,
        (_, EnrolmentReason.FormerCoAffiliate or EnrolmentReason.AfterDivorceOrEndOfPartnership) => 0,
        (Tier.DO, EnrolmentReason.Readmission) => ReadmissionDentaOptiplusMonths,
        (_, EnrolmentReason.Readmission) => ReadmissionMonths,
        _ => FirstTimeMonths,
    };

    /// <summary>
    /// Decision "waiting period runs from the tier's own start" (spec, section 4): a waiting period of N months runs from
    /// the tier's own start date, and care on a date on or after <c>start + N months</c> is covered.
    /// </summary>
    public static DateOnly FirstCoveredDate(DateOnly tierStart, int waitingMonths) => tierStart.AddMonths(waitingMonths);

    /// <summary>Affiliation starts on the first day of the month following receipt of the application.</summary>
    public static DateOnly AffiliationStart(DateOnly applicationReceived) =>
        new DateOnly(applicationReceived.Year, applicationReceived.Month, 1).AddMonths(1);
}
