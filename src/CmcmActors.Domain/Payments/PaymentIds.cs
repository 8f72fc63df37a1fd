using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CmcmActors.Domain.Payments;

/// <summary>
/// The ids of runs and payments, derived from what they are so that a run resumed after a crash, or started twice, makes
/// the same ids: one run per cut-off date, one payment per holder in a run. A payment id is the transfer's end-to-end id
/// (at most 35 characters, letters and digits only).
/// </summary>
public static class PaymentIds
{
    public static string Run(DateOnly cutOff) => "RUN-" + cutOff.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>"P" + the cut-off (yyMMdd) + 16 characters of a hash of (run, holder): 23 characters.</summary>
    public static string Payment(DateOnly cutOff, string holder)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Run(cutOff) + "|" + holder));
        return "P" + cutOff.ToString("yyMMdd", CultureInfo.InvariantCulture) + Convert.ToHexString(hash, 0, 8);
    }

    /// <summary>The run's cut-off date from its id, or null when <paramref name="runId"/> is not a run id.</summary>
    public static DateOnly? CutOffOf(string runId) =>
        runId.StartsWith("RUN-", StringComparison.Ordinal)
        && DateOnly.TryParseExact(runId.AsSpan(4), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}
