using System.Net;
using CmcmActors.Host.Tests.Support;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CmcmActors.Host.Tests.Fhir;

[Collection(HostCollection.Name)]
public sealed class FhirMetadataTests(HostFixture host)
{
    [Fact]
    public async Task Metadata_Anonymous_ValidCapabilityStatement_ListingExactlyWhatIsServed()
    {
        var statement = await (await host.CreateClient().GetAsync("/fhir/metadata")).FhirAsync<CapabilityStatement>(HttpStatusCode.OK);

        Assert.Equal((FHIRVersion.N4_0_1, CapabilityStatementKind.Instance), (statement.FhirVersion, statement.Kind));
        Assert.Equal(["application/fhir+json"], statement.Format);
        var rest = Assert.Single(statement.Rest);
        Assert.Equal(
            [
                "Coverage: read, search-type; beneficiary",
                "Claim: create; ",
                "ExplanationOfBenefit: read, search-type; patient, _count",
                "CoverageEligibilityRequest: create; ",
                "PaymentReconciliation: read; ",
            ],
            rest.Resource.Select(r => $"{r.Type}: {string.Join(", ", r.Interaction.Select(i => Hl7.Fhir.Utility.EnumUtility.GetLiteral(i.Code)))}; {string.Join(", ", r.SearchParam.Select(s => s.Name))}"));
    }
}
