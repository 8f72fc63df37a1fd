using System.Text.Json.Serialization;

namespace CmcmActors.Domain.Adjudication;

/// <summary>
/// One act on an invoice, after the statutory fund has paid its share.
/// </summary>
/// <param name="BenefitCode">The catalogue code the line is claimed under; every benefit of its chain pays it in tier order.</param>
/// <param name="OfficialTariff">The official social-security tariff of the act, for rules that refer to it.</param>
/// <param name="Units">Sessions, devices, implants, eyes, elements: what per-unit amounts and caps count.</param>
/// <param name="Element">The act code (DT41), prosthesis element (crown) or eye (left-eye) the line is for.</param>
/// <param name="CountryOfCare">ISO 3166-1 alpha-2 code of where the care was given.</param>
/// <param name="Authorised">Authorised by the statutory fund: true, false, or null when not yet known (a person must confirm).</param>
/// <param name="Serious">A serious surgery or serious medical treatment: true, false, or null when not yet known.</param>
/// <param name="ProgrammeCompleted">The programme was completed: true, false, or null when not yet known.</param>
/// <param name="Circumstances">Attested circumstances, for example childbirth, end-of-life, death.</param>
/// <param name="Documents">The documents supplied with the line.</param>
/// <param name="IncidentId">The incident the line belongs to, for caps per incident.</param>
/// <param name="TripId">The trip the line belongs to, for caps per trip.</param>
public sealed record ClaimLine(
    string BenefitCode,
    DateOnly DateOfCare,
    Money.Money Invoiced,
    Money.Money StatutoryReimbursement,
    Money.Money? OfficialTariff = null,
    int Units = 1,
    string? Element = null,
    string CountryOfCare = "LU",
    bool? Authorised = null,
    bool? Serious = null,
    bool? ProgrammeCompleted = null,
    IReadOnlyList<string>? Circumstances = null,
    IReadOnlyList<string>? Documents = null,
    string? IncidentId = null,
    string? TripId = null)
{
    /// <summary>Invoiced minus statutory reimbursement, never negative (spec, section 1).</summary>
    [JsonIgnore]
    public Money.Money Uncovered => Money.Money.Max(Money.Money.Zero, Invoiced - StatutoryReimbursement);

    [JsonIgnore]
    public bool IsAbroad => !string.Equals(CountryOfCare, "LU", StringComparison.OrdinalIgnoreCase);
}
