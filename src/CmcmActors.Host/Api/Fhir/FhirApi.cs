using System.Diagnostics;
using System.Security.Claims;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Payments;
using CmcmActors.Host.Api.Audit;
using CmcmActors.Host.Api.Claims;
using CmcmActors.Host.Api.Estimates;
using CmcmActors.Host.Api.Members;
using CmcmActors.Host.Metrics;
using CmcmActors.Host.Security;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Http.HttpResults;
using ApiClaim = CmcmActors.Host.Api.Claims.ClaimResponse;

namespace CmcmActors.Host.Api.Fhir;

/// <summary>
/// HL7 FHIR R4 on the same grains as /api: the CapabilityStatement, Coverage, Claim → ClaimResponse,
/// ExplanationOfBenefit and CoverageEligibilityRequest → CoverageEligibilityResponse. Claims and estimates go through
/// the JSON API's own paths (<see cref="ClaimsApi.DecideAsync"/>, <see cref="EstimatesApi.DecideAsync"/>), with the
/// same checks in the same order (ids, access, existence), roles and family rules. Every error is an OperationOutcome
/// (<see cref="FhirOutcomes"/>). Not in the OpenAPI document: the CapabilityStatement describes this face.
/// </summary>
public static class FhirApi
{
    public const string Root = "/fhir";

    public static bool IsFhirPath(PathString path) => path.StartsWithSegments(Root, StringComparison.Ordinal);

    public static IEndpointRouteBuilder MapFhirApi(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup(Root).ExcludeFromDescription();
        fhir.MapGet("/metadata", Metadata).AllowAnonymous();

        var secured = fhir.MapGroup("").RequireAuthorization(CmcmRoles.AnyUserPolicy);
        secured.MapGet("/Coverage", SearchCoverageAsync);
        secured.MapGet("/Coverage/{id}", ReadCoverageAsync);
        secured.MapPost("/Claim", SubmitClaimAsync);
        secured.MapGet("/ExplanationOfBenefit", SearchEobAsync)
            .ReadsHealthData(http => (http.Request.Query["patient"].FirstOrDefault() is { } patient ? FhirIds.MemberOf(patient) : null, null));
        secured.MapGet("/ExplanationOfBenefit/{id}", ReadEobAsync)
            .ReadsHealthData(http => (http.Request.RouteValues["id"] is string id && FhirIds.ParseClaim(id) is var (memberId, _) ? memberId : null, null));
        secured.MapPost("/CoverageEligibilityRequest", EligibilityAsync);
        fhir.MapGet("/PaymentReconciliation/{id}", ReadPaymentReconciliationAsync).RequireAuthorization(CmcmRoles.FinancePolicy);
        return app;
    }

    private static FhirResult Metadata(HttpContext http) =>
        new(FhirCapabilities.Statement(BaseUrl(http), typeof(FhirApi).Assembly.GetName().Version?.ToString() ?? "0"));

    // ---------------------------------------------------------------- Coverage

    private static async Task<IResult> SearchCoverageAsync(HttpContext http, string? beneficiary, IGrainFactory grains, TimeProvider clock)
    {
        if (Unsupported(http, "beneficiary") is { } unsupported)
        {
            return unsupported;
        }

        var (familyId, memberId, problem) = await MemberOfSearchAsync(http.User, grains, "beneficiary", beneficiary);
        if (problem is not null)
        {
            return Fail(problem);
        }

        var coverages = await CoveragesAsync(http.User, grains, familyId!, memberId!, clock.Today());
        return new FhirResult(Bundle(http, coverages.Cast<Resource>().ToList(), null));
    }

    private static async Task<IResult> ReadCoverageAsync(string id, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        if (FhirIds.ParseCoverage(id) is not var (familyId, memberId, tier))
        {
            return Fail(ApiProblems.NotFound("id", $"No Coverage {id}: a Coverage id is family.2member.2tier, as this server gives them."));
        }

        if (http.User.MemberAccess(familyId, memberId) is { } forbidden)
        {
            return Fail(forbidden);
        }

        if (await MembersApi.FindAsync(grains, familyId, memberId) is { } missing)
        {
            return Fail(missing);
        }

        var coverage = (await CoveragesAsync(http.User, grains, familyId, memberId, clock.Today())).FirstOrDefault(c => c.Class[0].Value == tier.ToString());
        return coverage is null
            ? Fail(ApiProblems.NotFound("id", $"Member {memberId} of family {familyId} has no cover by {tier}."))
            : new FhirResult(coverage);
    }

    /// <summary>The member's Coverages, one per tier the family holds that reaches the member.</summary>
    private static async Task<List<Coverage>> CoveragesAsync(ClaimsPrincipal user, IGrainFactory grains, string familyId, string memberId, DateOnly today)
    {
        var family = (await grains.Family(familyId).GetAsync())!;
        var member = family.Find(memberId)!;
        var subscriberVisible = user.CanSeeMember(familyId, family.Members.First(m => m.Kind == Domain.Families.MemberKind.MainAffiliate).MemberId);
        var grain = grains.Member(memberId);
        var result = new List<Coverage>();
        foreach (var (tier, spell) in FhirCoverageMapping.Tiers(family))
        {
            var start = FhirCoverageMapping.StartFor(member, spell);
            var status = (await grain.GetWaitingPeriodsAsync(start)).FirstOrDefault(w => w.Tier == tier);
            var firstCovered = status switch
            {
                { Status: TierCoverageStatus.InWaitingPeriod, FirstCoveredDate: { } date } => date,
                { Status: TierCoverageStatus.Covered } => start,
                _ => (DateOnly?)null,
            };
            if (firstCovered is { } first)
            {
                result.Add(FhirCoverageMapping.ToCoverage(family, member, tier, spell, first, today, subscriberVisible));
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- Claim

    private static async Task<IResult> SubmitClaimAsync(HttpRequest http, IGrainFactory grains, CmcmReferenceData reference, CmcmMetrics metrics, TimeProvider clock)
    {
        var started = Stopwatch.GetTimestamp();
        var (claim, unreadable) = await FhirJson.ReadAsync<Hl7.Fhir.Model.Claim>(http);
        if (unreadable is not null)
        {
            return Fail(unreadable);
        }

        var (request, errors) = FhirClaimMapping.ToSubmission(claim!);
        var (result, problem) = await ClaimsApi.DecideAsync(http.HttpContext.User, request, grains, reference, clock, errors);
        if (problem is not null)
        {
            return Fail(problem, FhirClaimMapping.ClaimPath);
        }

        var record = result!.Record!;
        var response = FhirClaimMapping.ToClaimResponse(ApiClaim.From(record, http.HttpContext.User));
        if (!result.Created)
        {
            return new FhirResult(response);
        }

        metrics.ClaimDecided(record.Status, Stopwatch.GetElapsedTime(started));
        return new FhirResult(response, StatusCodes.Status201Created);
    }

    // ---------------------------------------------------------------- ExplanationOfBenefit

    private static async Task<IResult> SearchEobAsync(HttpContext http, string? patient, IGrainFactory grains)
    {
        if (Unsupported(http, "patient", "_count", "_cursor") is { } unsupported)
        {
            return unsupported;
        }

        var (familyId, memberId, problem) = await MemberOfSearchAsync(http.User, grains, "patient", patient);
        if (problem is not null)
        {
            return Fail(problem);
        }

        var errors = new FieldErrors();
        var page = Paging.Parse(errors, http.Request.Query["_count"].FirstOrDefault(), http.Request.Query["_cursor"].FirstOrDefault());
        if (errors.Any)
        {
            return Fail(ApiProblems.Validation(errors), f => f switch { "limit" => "_count", "after" => "_cursor", _ => null });
        }

        var claims = await grains.Member(memberId!).GetClaimsPageAsync(page.After, page.Limit);
        var decided = claims.Claims.Where(c => c.Submission.FamilyId == familyId && FhirEobMapping.IsDecided(c.Status)).Select(c => ApiClaim.From(c, http.User)).ToList();
        var caps = await CapsAsync(grains, memberId!, decided);
        var eobs = decided.Select(c => (Resource)FhirEobMapping.ToEob(c, CapsOf(c, caps))).ToList();
        var next = claims.Next is { } cursor
            ? $"{BaseUrl(http)}/ExplanationOfBenefit?patient={Uri.EscapeDataString(patient!)}&_count={page.Limit}&_cursor={Paging.Encode(cursor)}"
            : null;
        return new FhirResult(Bundle(http, eobs, next));
    }

    private static async Task<IResult> ReadEobAsync(string id, HttpContext http, IGrainFactory grains)
    {
        if (FhirIds.ParseClaim(id) is not var (memberId, invoiceReference))
        {
            return Fail(ApiProblems.NotFound("id", $"No ExplanationOfBenefit {id}: its id is member.2invoiceReference, as this server gives them."));
        }

        var (record, problem) = await ClaimsApi.LoadAsync(grains, http.User, memberId, invoiceReference);
        if (problem is not null)
        {
            return Fail(problem);
        }

        if (!http.User.CanSeeMember(record!.Submission.FamilyId, memberId))
        {
            return Fail(ApiProblems.Forbidden($"This token does not give access to claim {memberId}/{invoiceReference}."));
        }

        if (!FhirEobMapping.IsDecided(record.Status))
        {
            return Fail(ApiProblems.NotFound("id", $"Claim {record.ClaimId} is {FhirLineInput.CodeOf(record.Status)}: it has an explanation of benefit once decided."));
        }

        var claim = ApiClaim.From(record, http.User);
        return new FhirResult(FhirEobMapping.ToEob(claim, CapsOf(claim, await CapsAsync(grains, memberId, [claim]))));
    }

    // ---------------------------------------------------------------- PaymentReconciliation (finance)

    private static async Task<IResult> ReadPaymentReconciliationAsync(string id, IPaymentLedger ledger)
    {
        if (ApiLookups.InvalidIds(("id", id)) is { } invalid)
        {
            return Fail(invalid);
        }

        if (await ledger.GetPaymentAsync(id) is not { } payment || await ledger.GetRunAsync(payment.RunId) is not { } run)
        {
            return Fail(ApiProblems.NotFound("id", $"No PaymentReconciliation {id}: its id is a payment id, as GET /api/payment-runs/{{runId}} gives them."));
        }

        return new FhirResult(FhirPaymentMapping.ToReconciliation(payment, run, await ledger.ReadPaymentPayablesAsync(id)));
    }

    /// <summary>The member's caps (as GET …/caps shows them) for every year of care of the claims.</summary>
    private static async Task<Dictionary<int, List<CapResponse>>> CapsAsync(IGrainFactory grains, string memberId, IReadOnlyList<ApiClaim> claims)
    {
        var result = new Dictionary<int, List<CapResponse>>();
        foreach (var year in claims.SelectMany(c => c.Lines).Select(l => l.DateOfCare.Year).Distinct())
        {
            result[year] = [.. (await grains.Member(memberId).GetCapsAsync(year)).Select(CapResponse.From)];
        }

        return result;
    }

    private static List<CapResponse> CapsOf(ApiClaim claim, Dictionary<int, List<CapResponse>> caps) =>
        [.. claim.Lines.Select(l => l.DateOfCare.Year).Distinct().SelectMany(y => caps.TryGetValue(y, out var list) ? list : []).DistinctBy(c => c.Key)];

    // ---------------------------------------------------------------- CoverageEligibilityRequest

    private static async Task<IResult> EligibilityAsync(HttpRequest http, IGrainFactory grains, CmcmReferenceData reference, TimeProvider clock)
    {
        var (request, unreadable) = await FhirJson.ReadAsync<CoverageEligibilityRequest>(http);
        if (unreadable is not null)
        {
            return Fail(unreadable);
        }

        var user = http.HttpContext.User;
        var today = clock.Today();
        var (estimate, benefits, _, on, errors) = FhirEligibilityMapping.ToEstimate(request!, today);
        DecisionResponse? decision = null;
        if (benefits)
        {
            var (decided, problem) = await EstimatesApi.DecideAsync(user, estimate, grains, reference, clock, errors);
            if (problem is not null)
            {
                return Fail(problem, FhirEligibilityMapping.RequestPath);
            }

            decision = DecisionResponse.From(decided!);
        }
        else
        {
            // Validation alone: the same checks as an estimate's, in the same order, without lines.
            var familyId = errors.Id("familyId", estimate.FamilyId);
            var memberId = errors.Id("memberId", estimate.MemberId);
            if (familyId is not null && memberId is not null && user.MemberAccess(familyId, memberId) is { } forbidden)
            {
                return Fail(forbidden);
            }

            if (errors.Any)
            {
                return Fail(ApiProblems.Validation(errors), FhirEligibilityMapping.RequestPath);
            }

            if (await MembersApi.FindAsync(grains, familyId!, memberId!) is { } missing)
            {
                return Fail(missing, FhirEligibilityMapping.RequestPath);
            }
        }

        var date = on!.Value;
        var inForce = (await grains.Member(estimate.MemberId!).GetWaitingPeriodsAsync(date)).Any(w => w.Status == TierCoverageStatus.Covered);
        return new FhirResult(FhirEligibilityMapping.ToResponse(request!, decision, inForce, date, clock.GetUtcNow()));
    }

    // ---------------------------------------------------------------- shared

    /// <summary>
    /// The member a search names, and his or her family, or the problem: the id (400), access (403, naming only what
    /// the caller named, whether the member exists or not), existence (404).
    /// </summary>
    private static async Task<(string? FamilyId, string? MemberId, ProblemHttpResult? Problem)> MemberOfSearchAsync(
        ClaimsPrincipal user, IGrainFactory grains, string field, string? value)
    {
        var errors = new FieldErrors();
        var memberId = value is null ? errors.Id(field, null) : FhirIds.MemberOf(value) is { } named ? errors.Id(field, named) : Invalid(errors, field);
        if (errors.Any)
        {
            return (null, null, ApiProblems.Validation(errors));
        }

        var familyId = (await grains.Member(memberId!).GetAsync()).FamilyId;
        if (!user.IsStaff())
        {
            var seen = familyId ?? (user.BoundMemberId() == memberId ? user.BoundFamilyId() : null);
            if (seen is null || !user.CanSeeMember(seen, memberId!))
            {
                return (null, null, ApiProblems.Forbidden($"This token does not give access to member {memberId}."));
            }
        }

        if (familyId is null)
        {
            return (null, null, ApiProblems.NotFound(field, $"Member {memberId} is not on a family's roster."));
        }

        return await MembersApi.FindAsync(grains, familyId, memberId!) is { } missing ? (null, null, missing) : (familyId, memberId, null);
    }

    private static string? Invalid(FieldErrors errors, string field)
    {
        errors.Add(field, "Expected Patient/{memberId} or {memberId}.");
        return null;
    }

    /// <summary>A search parameter this server does not support is an error (a client must not take a wider answer for a filtered one).</summary>
    private static FhirResult? Unsupported(HttpContext http, params string[] supported)
    {
        var errors = new FieldErrors();
        foreach (var key in http.Request.Query.Keys.Where(k => !supported.Contains(k, StringComparer.Ordinal)))
        {
            errors.Add(key, $"Search parameter not supported here; supported: {string.Join(", ", supported)}.");
        }

        return errors.Any ? Fail(ApiProblems.Validation(errors)) : null;
    }

    private static FhirResult Fail(ProblemHttpResult problem, Func<string, string?>? fhirPath = null) =>
        new(FhirOutcomes.From(problem.ProblemDetails, fhirPath), problem.StatusCode);

    private static Bundle Bundle(HttpContext http, List<Resource> resources, string? next)
    {
        var bundle = new Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Searchset, Total = resources.Count };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = BaseUrl(http)[..^Root.Length] + http.Request.Path + http.Request.QueryString });
        if (next is not null)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = next });
            bundle.Total = null;
        }

        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = resource.Id is { } id ? $"{BaseUrl(http)}/{resource.TypeName}/{id}" : null,
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Hl7.Fhir.Model.Bundle.SearchEntryMode.Match },
            });
        }

        return bundle;
    }

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{Root}";
}
