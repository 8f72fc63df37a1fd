using System.Text;
using CmcmActors.Contracts;
using CmcmActors.Domain.Affiliation;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// The FHIR names of our things: the systems of our identifiers and codes, and the logical ids of the resources this
/// face serves. A FHIR id is 1 to 64 of [A-Za-z0-9-.]; ours also allow '_'. An id made of ours escapes '.' as ".0"
/// and '_' as ".1" and separates the parts with ".2", so that it reads back exactly:
/// Coverage/{family}.2{member}.2{tier} and ExplanationOfBenefit/{member}.2{invoice reference}.
/// </summary>
public static class FhirIds
{
    public const string Base = "https://cmcm.lu/fhir";

    public const string MemberSystem = Base + "/sid/member-id";
    public const string FamilySystem = Base + "/sid/family-id";
    public const string InvoiceSystem = Base + "/sid/invoice-reference";
    public const string ClaimSystem = Base + "/sid/claim-id";

    public const string BenefitSystem = Base + "/CodeSystem/benefit";
    public const string TierSystem = Base + "/CodeSystem/tier";
    public const string ReasonSystem = Base + "/CodeSystem/reason";
    public const string AdjudicationSystem = Base + "/CodeSystem/adjudication";
    public const string CapSystem = Base + "/CodeSystem/cap";
    public const string CapTermSystem = Base + "/CodeSystem/cap-term";
    public const string BalanceSystem = Base + "/CodeSystem/balance";
    public const string ProblemSystem = Base + "/CodeSystem/problem";
    public const string DepartmentSystem = Base + "/CodeSystem/department";

    /// <summary>Extensions of a claim line (Claim.item, CoverageEligibilityRequest.item): our line fields FHIR has no element for.</summary>
    public const string LineExtension = Base + "/StructureDefinition/line-";
    public const string StatutoryReimbursementExtension = LineExtension + "statutoryReimbursement";
    public const string ChannelExtension = Base + "/StructureDefinition/channel";

    public const string Euro = "EUR";

    private const int MaxFhirId = 64;

    public static string Coverage(string familyId, string memberId, Tier tier) => Join(familyId, memberId, tier.ToString());

    public static string Claim(string memberId, string invoiceReference) => Join(memberId, invoiceReference);

    /// <summary>The family, member and tier of a Coverage id, or null when the id is not one this face gave.</summary>
    public static (string FamilyId, string MemberId, Tier Tier)? ParseCoverage(string id) =>
        Split(id) is [var family, var member, var tier] && Enum.TryParse<Tier>(tier, ignoreCase: false, out var t) && Enum.IsDefined(t) && tier == t.ToString()
            ? (family, member, t)
            : null;

    /// <summary>The member and invoice reference of an ExplanationOfBenefit or ClaimResponse id, or null.</summary>
    public static (string MemberId, string InvoiceReference)? ParseClaim(string id) =>
        Split(id) is [var member, var invoice] ? (member, invoice) : null;

    /// <summary>True when <paramref name="id"/> is a FHIR id: the resource can carry it.</summary>
    public static bool IsFhirId(string id) => id.Length is > 0 and <= MaxFhirId && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    /// <summary>
    /// A reference to a member: Patient/{member id}, with the member id as identifier too. This face serves no Patient
    /// resource (the member's data are the JSON API's); the reference names the member, as the searches take it.
    /// </summary>
    public static ResourceReference Patient(string memberId) => new()
    {
        Reference = "Patient/" + memberId,
        Type = "Patient",
        Identifier = new Identifier(MemberSystem, memberId),
    };

    /// <summary>
    /// The member a reference names: a logical reference with our member system, "Patient/{id}", or a bare id; null
    /// when it names none.
    /// </summary>
    public static string? MemberOf(ResourceReference? reference)
    {
        if (reference is null)
        {
            return null;
        }

        if (reference.Identifier is { Value: { } value } identifier && (identifier.System is null || identifier.System == MemberSystem))
        {
            return value;
        }

        return reference.Reference is { } literal ? MemberOf(literal) : null;
    }

    /// <summary>The member a search value names: "Patient/{id}" or "{id}".</summary>
    public static string? MemberOf(string value) =>
        value.StartsWith("Patient/", StringComparison.Ordinal) ? value["Patient/".Length..] : value.Contains('/', StringComparison.Ordinal) ? null : value;

    /// <summary>The CMCM as insurer and payor: Organization/cmcm (not served; named by identifier and display too).</summary>
    public static ResourceReference Cmcm() => new()
    {
        Reference = "Organization/cmcm",
        Type = "Organization",
        Display = "CMCM - Caisse Médico-Complémentaire Mutualiste",
        Identifier = new Identifier(Base + "/sid/organization", "CMCM"),
    };

    public static Money Euros(decimal amount) => new() { Value = amount, Currency = Money.Currencies.EUR };

    private static string Join(params string[] parts)
    {
        var text = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                text.Append(".2");
            }

            foreach (var c in parts[i])
            {
                text.Append(c switch
                {
                    '.' => ".0",
                    '_' => ".1",
                    _ => c.ToString(),
                });
            }
        }

        return text.ToString();
    }

    private static string[]? Split(string id)
    {
        var parts = new List<string>();
        var part = new StringBuilder();
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (c != '.')
            {
                part.Append(c);
                continue;
            }

            if (i + 1 >= id.Length)
            {
                return null;
            }

            switch (id[++i])
            {
                case '0':
                    part.Append('.');
                    break;
                case '1':
                    part.Append('_');
                    break;
                case '2':
                    parts.Add(part.ToString());
                    part.Clear();
                    break;
                default:
                    return null;
            }
        }

        parts.Add(part.ToString());
        return parts.All(GrainKeys.IsValidId) ? [.. parts] : null;
    }
}
