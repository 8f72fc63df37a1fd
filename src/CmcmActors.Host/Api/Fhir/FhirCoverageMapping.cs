using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// A member's cover by one tier as a Coverage: the family is the policy (identifier and subscriberId the family id), its
/// main affiliate the subscriber and policy holder (left out for a caller who may not see the main affiliate), the member the beneficiary with the relationship to the main affiliate (and
/// co-affiliates named as dependants), the tier as type and plan class. The period starts on the first date of care the
/// tier pays this member (after any waiting period) and ends on the last day the tier or the member's place on the
/// roster lasts. Pure.
/// </summary>
public static class FhirCoverageMapping
{
    public const string RelationshipCodes = "http://terminology.hl7.org/CodeSystem/subscriber-relationship";
    public const string ClassCodes = "http://terminology.hl7.org/CodeSystem/coverage-class";

    /// <summary>The spells a Coverage is made of: each tier's latest.</summary>
    public static IEnumerable<(Tier Tier, TierStatus Spell)> Tiers(FamilyView family) =>
        family.Tiers.GroupBy(t => t.Tier).Select(g => (g.Key, g.OrderBy(t => t.Start).Last())).OrderBy(t => t.Key);

    /// <summary>The date the member's cover by the spell starts: the member's own start when he or she joined after the tier did.</summary>
    public static DateOnly StartFor(FamilyMember member, TierStatus spell) => member.OwnStart is { } own && own > spell.Start ? own : spell.Start;

    /// <param name="subscriberVisible">
    /// Whether the caller may see the main affiliate: a co-affiliate sees only himself or herself, so his or her
    /// Coverage names the family (subscriberId) but not the main affiliate.
    /// </param>
    public static Coverage ToCoverage(FamilyView family, FamilyMember member, Tier tier, TierStatus spell, DateOnly firstCovered, DateOnly today, bool subscriberVisible)
    {
        var main = family.Members.First(m => m.Kind == MemberKind.MainAffiliate);
        var ends = new[] { spell.End, member.LeftOn }.OfType<DateOnly>().ToList();
        var end = ends.Count == 0 ? (DateOnly?)null : ends.Min();
        var coverage = new Coverage
        {
            Id = FhirClaimMapping.ResourceId(FhirIds.Coverage(family.FamilyId, member.MemberId, tier)),
            Identifier = [new Identifier(FhirIds.FamilySystem, family.FamilyId)],
            Status = end is { } e && e <= today ? FinancialResourceStatusCodes.Cancelled : FinancialResourceStatusCodes.Active,
            Type = new CodeableConcept(FhirIds.TierSystem, tier.ToString(), null, TierName(tier)),
            PolicyHolder = subscriberVisible ? FhirIds.Patient(main.MemberId) : null,
            Subscriber = subscriberVisible ? FhirIds.Patient(main.MemberId) : null,
            SubscriberId = family.FamilyId,
            Beneficiary = FhirIds.Patient(member.MemberId),
            Dependent = member.Kind == MemberKind.MainAffiliate ? null : member.MemberId,
            Relationship = new CodeableConcept(RelationshipCodes, Relationship(member.Kind), null, FhirLineInput.CodeOf(member.Kind)),
            Period = new Period
            {
                Start = Day(firstCovered),
                // FHIR periods end on their last day; ours on the first day without cover.
                End = end is { } last ? Day(last.AddDays(-1)) : null,
            },
            Payor = [FhirIds.Cmcm()],
        };
        coverage.Class.Add(new Coverage.ClassComponent { Type = new CodeableConcept(ClassCodes, "plan"), Value = tier.ToString(), Name = TierName(tier) });
        return coverage;
    }

    public static string Relationship(MemberKind kind) => kind switch
    {
        MemberKind.MainAffiliate => "self",
        MemberKind.SpouseOrPartner => "spouse",
        MemberKind.Child or MemberKind.FosterChild => "child",
        _ => "other",
    };

    public static string TierName(Tier tier) => tier switch
    {
        Tier.RC => "Régime commun",
        Tier.ASSIST => "CMCM-Assistance",
        Tier.PP => "Prestaplus",
        Tier.DO => "Denta-Optiplus",
        _ => tier.ToString(),
    };

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
