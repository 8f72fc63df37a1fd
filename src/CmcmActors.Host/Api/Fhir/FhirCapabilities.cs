using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>The CapabilityStatement of /fhir: exactly the interactions, searches and operations <see cref="FhirApi"/> maps. Pure.</summary>
public static class FhirCapabilities
{
    public static CapabilityStatement Statement(string baseUrl, string version)
    {
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "CmcmActors' FHIR R4 face: the same grains, rules, roles and family rules as /api. Every request but this one needs a bearer "
                + "token; a member sees only his or her own (a main affiliate the family). Errors are OperationOutcomes.",
            Security = new CapabilityStatement.SecurityComponent
            {
                Description = "Authorization: Bearer <JWT> with role frontdesk, admin or member (bound to one member of one family).",
            },
        };
        rest.Resource.Add(Resource(ResourceType.Coverage, "A member's cover by one tier of the family's level.",
            [CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType],
            ("beneficiary", SearchParamType.Reference, "The member: Patient/{memberId} or {memberId}.")));
        rest.Resource.Add(Resource(ResourceType.Claim, "A claim, decided at once like POST /api/claims; answered with a ClaimResponse. The same invoice "
            + "reference (identifier) is the same claim: sent again, the same ClaimResponse (200 instead of 201).",
            [CapabilityStatement.TypeRestfulInteraction.Create]));
        rest.Resource.Add(Resource(ResourceType.ExplanationOfBenefit, "A decided claim, with the balance of every cap that bore on it.",
            [CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType],
            ("patient", SearchParamType.Reference, "The member: Patient/{memberId} or {memberId}."),
            ("_count", SearchParamType.Number, "Claims per page (1 to 500, default 100); the next page is the Bundle's link next.")));
        rest.Resource.Add(Resource(ResourceType.CoverageEligibilityRequest, "Purpose benefits: what the items would pay, decided like a claim, "
            + "consuming nothing. Purpose validation: whether the cover is in force on the date. Answered with a CoverageEligibilityResponse.",
            [CapabilityStatement.TypeRestfulInteraction.Create]));
        rest.Resource.Add(Resource(ResourceType.PaymentReconciliation, "Finance only: a payment of a run (id = payment id), its amount, date, "
            + "whether the bank took it, and one detail per claim change it pays.",
            [CapabilityStatement.TypeRestfulInteraction.Read]));

        return new CapabilityStatement
        {
            Url = baseUrl + "/metadata",
            Name = "CmcmActorsFhir",
            Title = "CmcmActors FHIR R4",
            Status = PublicationStatus.Active,
            Date = "2026-12-06",
            Publisher = "CMCM",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "CmcmActors", Version = version },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "CmcmActors", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = [FhirJson.MediaType],
            Rest = [rest],
        };
    }

    private static CapabilityStatement.ResourceComponent Resource(ResourceType type, string documentation,
        CapabilityStatement.TypeRestfulInteraction[] interactions, params (string Name, SearchParamType Type, string Documentation)[] searches)
    {
        var resource = new CapabilityStatement.ResourceComponent
        {
            Type = type.ToString(),
            Documentation = documentation,
            Versioning = CapabilityStatement.ResourceVersionPolicy.NoVersion,
            ReadHistory = false,
            UpdateCreate = false,
            ConditionalCreate = false,
            ConditionalUpdate = false,
            ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.NotSupported,
        };
        resource.Interaction.AddRange(interactions.Select(i => new CapabilityStatement.ResourceInteractionComponent { Code = i }));
        resource.SearchParam.AddRange(searches.Select(s => new CapabilityStatement.SearchParamComponent { Name = s.Name, Type = s.Type, Documentation = s.Documentation }));
        return resource;
    }
}
