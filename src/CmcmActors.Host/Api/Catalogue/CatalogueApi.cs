using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Routing;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Api.OpenApi;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Catalogue;

/// <summary>The benefit catalogue: its editions, and each edition's benefits, rules, caps and conditions.</summary>
public static class CatalogueApi
{
    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var catalogue = app.MapGroup("/api/catalogue").WithTags("Catalogue").RequireAuthorization(CmcmRoles.AnyUserPolicy);
        catalogue.MapGet("/editions", GetEditions).WithName("GetCatalogueEditions").WithSummary("The editions, with the date each takes effect.");
        catalogue.MapGet("/editions/{edition}", GetEdition).WithName("GetCatalogueEdition").WithSummary("One edition: benefits, rules, caps, conditions.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Ok<List<EditionSummaryResponse>> GetEditions(CmcmReferenceData reference, TimeProvider clock)
    {
        var inForce = reference.Catalogues.InForceOn(clock.Today());
        return TypedResults.Ok(reference.Catalogues.Editions
            .Select(e => new EditionSummaryResponse(e.Edition, e.EffectiveFrom, e.Benefits.Count, ReferenceEquals(e, inForce)))
            .ToList());
    }

    private static Results<Ok<EditionResponse>, ProblemHttpResult> GetEdition(string edition, CmcmReferenceData reference)
    {
        var found = reference.Catalogues.Editions.FirstOrDefault(e => string.Equals(e.Edition, edition, StringComparison.OrdinalIgnoreCase));
        return found is null
            ? ApiProblems.NotFound("edition", $"No catalogue edition '{edition}'.")
            : TypedResults.Ok(EditionResponse.From(found));
    }
}

/// <param name="InForce">True for the edition in force today.</param>
public sealed record EditionSummaryResponse(string Edition, DateOnly EffectiveFrom, int BenefitCount, bool InForce);

public sealed record EditionResponse(string Edition, DateOnly EffectiveFrom, IReadOnlyList<BenefitResponse> Benefits)
{
    public static EditionResponse From(CatalogueEdition edition) => new(edition.Edition, edition.EffectiveFrom,
        [.. edition.Benefits.OrderBy(b => b.Tier).ThenBy(b => b.Code, StringComparer.Ordinal).Select(BenefitResponse.From)]);
}

/// <param name="TopUpOf">The lower tier's benefit this one tops up; a line naming either is paid by the whole chain.</param>
/// <param name="Elements">The elements (act codes, prosthesis elements, eyes) the benefit applies to; empty for any.</param>
public sealed record BenefitResponse(
    string Code,
    Tier Tier,
    string Title,
    CareCategory Category,
    string? TopUpOf,
    IReadOnlyList<string> Elements,
    RuleResponse Rule,
    IReadOnlyList<CapDefinitionResponse> Caps,
    IReadOnlyList<ConditionResponse> Conditions)
{
    public static BenefitResponse From(Benefit b) => new(b.Code, b.Tier, b.Title, b.Category, b.TopUpOf, b.Elements,
        new RuleResponse(b.Rule.Kind, b.Rule.Rate, b.Rule.FlatAmount.Euros, b.Rule.FlatByElement.ToDictionary(e => e.Key, e => e.Value.Euros, StringComparer.Ordinal), b.Rule.Description),
        [.. b.Caps.Select(c => new CapDefinitionResponse(c.Id, c.Period, c.Scope, c.Amount?.Euros, c.MaxCount, c.PerElement, c.Description))],
        [.. b.Conditions.Select(c => new ConditionResponse(c.Kind, c.Years, c.Values, c.When, c.Describe()))]);
}

/// <param name="Rate">The share, as a fraction (0.8 = 80%), for the percentage rules.</param>
public sealed record RuleResponse(RuleKind Kind, [property: ApiFraction] decimal Rate, decimal FlatAmount, IReadOnlyDictionary<string, decimal> FlatByElement, string Description);

/// <param name="Amount">Most that may be paid in the period, or null for a cap on units only.</param>
public sealed record CapDefinitionResponse(string Id, CapPeriod Period, CapScope Scope, decimal? Amount, int? MaxCount, bool PerElement, string Description);

public sealed record ConditionResponse(ConditionKind Kind, int? Years, IReadOnlyList<string> Values, string? When, string Description);
