using CmcmActors.Domain.Payments.Accounts;
using CmcmActors.Grains.Payments;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Payments;

/// <summary>
/// Partner providers (hospitals and clinics in LU, FR, DE, BE that bill the CMCM directly): read by staff and finance,
/// written by admins. A change of IBAN or BIC is a new account revision and clears the bank's flag.
/// </summary>
public static class ProvidersApi
{
    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder app)
    {
        var providers = app.MapGroup("/api/providers").WithTags("Partner providers");
        providers.MapGet("", GetAllAsync).WithName("GetProviders").RequireAuthorization(p => p.RequireRole(BankAccountsApi.StaffRoles))
            .WithSummary("Every partner provider, with its account and the bank's flag if any.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        providers.MapPost("", CreateAsync).WithName("CreateProvider").RequireAuthorization(CmcmRoles.AdminPolicy).Accepts<ProviderCreateRequest>("application/json")
            .WithSummary("Adds a partner provider.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        providers.MapPut("/{providerId}", UpdateAsync).WithName("UpdateProvider").RequireAuthorization(CmcmRoles.AdminPolicy).Accepts<ProviderUpdateRequest>("application/json")
            .WithSummary("Changes a partner provider (every field); a new IBAN or BIC is a new account revision.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Ok<List<ProviderResponse>>> GetAllAsync(HttpContext http, IPartnerProviderStore store) =>
        TypedResults.Ok((await store.AllAsync(http.RequestAborted)).Select(ProviderResponse.From).ToList());

    private static async Task<Results<Created<ProviderResponse>, ProblemHttpResult>> CreateAsync(
        HttpRequest http, ApiBody body, IPartnerProviderStore store, TimeProvider clock)
    {
        var (request, problem) = await body.ReadAsync<ProviderCreateRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var id = errors.Id("providerId", request!.ProviderId);
        var input = Input(errors, request.Name, request.Country, request.Iban, request.Bic);
        var (provider, refusals) = PartnerProviderRules.Apply(id ?? "-", input, null, http.HttpContext.User.AsAccountActor(), clock.GetUtcNow());
        if (Validation(errors, refusals) is { } invalid)
        {
            return invalid;
        }

        if (!await store.SaveAsync(provider!, null, http.HttpContext.RequestAborted))
        {
            return ApiProblems.Conflict("providerId", $"Provider {id} exists already: change it with PUT /api/providers/{id}.", "provider-exists");
        }

        return TypedResults.Created($"/api/providers/{id}", ProviderResponse.From(provider!));
    }

    private static async Task<Results<Ok<ProviderResponse>, ProblemHttpResult>> UpdateAsync(
        string providerId, HttpRequest http, ApiBody body, IPartnerProviderStore store, TimeProvider clock)
    {
        if (ApiLookups.InvalidIds(("providerId", providerId)) is { } invalidId)
        {
            return invalidId;
        }

        var (request, problem) = await body.ReadAsync<ProviderUpdateRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var input = Input(errors, request!.Name, request.Country, request.Iban, request.Bic);
        var current = await store.GetAsync(providerId, http.HttpContext.RequestAborted);
        var (provider, refusals) = PartnerProviderRules.Apply(providerId, input, current, http.HttpContext.User.AsAccountActor(), clock.GetUtcNow());
        if (Validation(errors, refusals) is { } invalid)
        {
            return invalid;
        }

        if (current is null)
        {
            return ApiProblems.NotFound("providerId", $"No partner provider {providerId}.");
        }

        if (!await store.SaveAsync(provider!, current, http.HttpContext.RequestAborted))
        {
            return ApiProblems.Conflict("providerId", $"Provider {providerId} was changed by someone else meanwhile: read it again.", "provider-changed");
        }

        return TypedResults.Ok(ProviderResponse.From(provider!));
    }

    private static ProviderInput Input(FieldErrors errors, string? name, string? country, string? iban, string? bic) => new(
        errors.Text("name", name, PartnerProviderRules.NameLength), errors.Text("country", country, 2),
        errors.Text("iban", iban, 64), errors.Text("bic", bic, 16));

    /// <summary>The field checks and the rules' refusals in one problem, each field once.</summary>
    private static ProblemHttpResult? Validation(FieldErrors errors, IReadOnlyList<AccountRefusal> refusals)
    {
        foreach (var refusal in refusals.Where(r => !errors.Has(r.Field)))
        {
            errors.Add(refusal.Field, refusal.Message);
        }

        return errors.Any ? ApiProblems.Validation(errors) : null;
    }
}
