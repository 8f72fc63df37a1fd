using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace CmcmActors.Host.Tests.Fhir;

/// <summary>
/// The Firely validator against the R4 base profiles, offline: the StructureDefinitions, ValueSets and CodeSystems of
/// the R4 specification come from the specification.zip of Hl7.Fhir.Specification.Data.R4 (copied next to the tests),
/// read by a ZipSource, with snapshots generated where needed, and codes checked by the local terminology service.
/// </summary>
public static class FhirValidation
{
    private static readonly Lazy<Validator> Instance = new(() =>
    {
        var zip = new ZipSource(Path.Combine(AppContext.BaseDirectory, "specification.zip"));
        var resolver = new CachedResolver(new SnapshotSource(zip));
        return new Validator(resolver, LocalTerminologyService.CreateDefaultForCore(resolver));
    });

    private static readonly object Gate = new();

    /// <summary>The issues of severity error or fatal that validating <paramref name="resource"/> against its base profile finds.</summary>
    public static IReadOnlyList<string> Errors(Resource resource)
    {
        OperationOutcome outcome;
        lock (Gate)
        {
            outcome = Instance.Value.Validate(resource);
        }

        return [.. outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{i.Severity} {i.Code} at {string.Join(",", i.Expression)}: {i.Details?.Text ?? i.Diagnostics}")];
    }

    /// <summary>Asserts that <paramref name="resource"/> validates with no error, and returns it.</summary>
    public static T Valid<T>(T resource)
        where T : Resource
    {
        var errors = Errors(resource);
        Assert.True(errors.Count == 0, $"{resource.TypeName} does not validate:\n" + string.Join("\n", errors) + "\n" + CmcmActors.Host.Api.Fhir.FhirJson.Serialize(resource));
        return resource;
    }
}
