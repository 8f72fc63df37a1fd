using System.Net;
using System.Text;
using CmcmActors.Host.Api.Fhir;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CmcmActors.Host.Tests.Fhir;

/// <summary>Calls to /fhir: resources in, resources out, every answer checked for its media type and validated.</summary>
public static class FhirClient
{
    public static async Task<T> FhirAsync<T>(this HttpResponseMessage response, HttpStatusCode expected)
        where T : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(FhirJson.MediaType, response.Content.Headers.ContentType?.MediaType);
        return FhirValidation.Valid(FhirJson.Parse<T>(text));
    }

    /// <summary>Asserts an OperationOutcome with <paramref name="status"/>, valid, whose issues name <paramref name="field"/>; returns it.</summary>
    public static async Task<OperationOutcome> OutcomeAsync(this HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var outcome = await response.FhirAsync<OperationOutcome>(status);
        Assert.NotEmpty(outcome.Issue);
        Assert.All(outcome.Issue, i => Assert.Equal(OperationOutcome.IssueSeverity.Error, i.Severity));
        if (field is not null)
        {
            Assert.True(outcome.Issue.Any(i => i.Expression.Contains(field)), $"no issue names {field}: {FhirJson.Serialize(outcome)}");
        }

        return outcome;
    }

    public static Task<HttpResponseMessage> PostFhirAsync(this HttpClient client, string path, Resource resource) =>
        client.PostAsync(path, new StringContent(FhirJson.Serialize(resource), Encoding.UTF8, FhirJson.MediaType));

    /// <summary>A FHIR Claim for the member's coverage, one item per line (benefit code, date of care, invoiced, statutory share).</summary>
    public static Claim Claim(string familyId, string memberId, string invoice, params (string Code, decimal Invoiced, decimal Statutory, string? Element, int? Units)[] lines)
    {
        var claim = new Claim
        {
            Identifier = [new Identifier(FhirIds.InvoiceSystem, invoice)],
            Status = FinancialResourceStatusCodes.Active,
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference("Patient/" + memberId),
            Created = "2026-09-20",
            Provider = new ResourceReference { Display = "Dr. Test" },
            Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
            Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference("Coverage/" + FhirIds.Coverage(familyId, memberId, Domain.Affiliation.Tier.RC)) }],
        };
        var sequence = 1;
        foreach (var (code, invoiced, statutory, element, units) in lines)
        {
            claim.Item.Add(Item(sequence++, code, invoiced, statutory, element, units));
        }

        return claim;
    }

    public static Claim.ItemComponent Item(int sequence, string code, decimal invoiced, decimal statutory, string? element = null, int? units = null, string care = Support.Api.Care)
    {
        var item = new Claim.ItemComponent
        {
            Sequence = sequence,
            ProductOrService = new CodeableConcept(FhirIds.BenefitSystem, code),
            Serviced = new Date(care),
            Net = FhirIds.Euros(invoiced),
        };
        item.Extension.Add(new Extension(FhirIds.StatutoryReimbursementExtension, FhirIds.Euros(statutory)));
        if (element is not null)
        {
            item.Extension.Add(new Extension(FhirIds.LineExtension + "element", new FhirString(element)));
        }

        if (units is { } u)
        {
            item.Quantity = new Quantity { Value = u };
        }

        return item;
    }
}
