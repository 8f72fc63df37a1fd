using CmcmActors.Domain.Adjudication;

namespace CmcmActors.Domain.Claims;

/// <summary>
/// What a claim list may be narrowed by, besides member and status: a year of care (a claim matches when one of its
/// lines was cared for in that year), a benefit (one of its lines is claimed under that code), and a piece of its
/// invoice reference (case-insensitive). The lines are those the CMCM holds true (after corrections). Null matches all.
/// The journal stores <see cref="CareYears"/> and <see cref="Benefits"/> beside each claim so that PostgreSQL filters
/// the same way.
/// </summary>
public sealed record ClaimListFilter(int? CareYear = null, string? Benefit = null, string? ReferenceText = null)
{
    public static readonly ClaimListFilter All = new();

    public bool IsEmpty => CareYear is null && Benefit is null && ReferenceText is null;

    public bool Matches(string invoiceReference, IReadOnlyList<ClaimLine> lines) =>
        (CareYear is not { } year || lines.Any(l => l.DateOfCare.Year == year))
        && (Benefit is not { } code || lines.Any(l => string.Equals(l.BenefitCode, code, StringComparison.Ordinal)))
        && (ReferenceText is not { } text || invoiceReference.Contains(text, StringComparison.OrdinalIgnoreCase));

    /// <summary>The distinct years of care of the lines, in order.</summary>
    public static short[] CareYears(IEnumerable<ClaimLine> lines) => [.. lines.Select(l => (short)l.DateOfCare.Year).Distinct().Order()];

    /// <summary>The distinct benefit codes of the lines, in order.</summary>
    public static string[] Benefits(IEnumerable<ClaimLine> lines) => [.. lines.Select(l => l.BenefitCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
