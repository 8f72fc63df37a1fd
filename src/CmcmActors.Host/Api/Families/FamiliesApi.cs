using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Families;

/// <summary>
/// Families: enrolment, roster, level, contributions, resignation and readmission. Commands are for staff; the main
/// affiliate may read his or her family. Every request is checked whole before any grain is asked to change anything.
/// </summary>
public static class FamiliesApi
{
    public static IEndpointRouteBuilder MapFamiliesApi(this IEndpointRouteBuilder app)
    {
        var families = app.MapGroup("/api/families").WithTags("Families").RequireAuthorization(CmcmRoles.AnyUserPolicy);
        families.MapPost("", EnrolAsync).WithName("EnrolFamily").RequireAuthorization(CmcmRoles.StaffPolicy).Accepts<EnrolFamilyRequest>("application/json")
            .WithSummary("Enrols a family with its main affiliate.");
        families.MapGet("/{familyId}", GetAsync).WithName("GetFamily").WithSummary("The family: roster, tiers with first covered dates, payments.");
        families.MapPost("/{familyId}/level", ChangeLevelAsync).WithName("ChangeFamilyLevel").RequireAuthorization(CmcmRoles.StaffPolicy).Accepts<ChangeLevelRequest>("application/json")
            .WithSummary("Changes the level from the first of the month after the request.");
        families.MapPost("/{familyId}/members", AddCoAffiliateAsync).WithName("AddCoAffiliate").RequireAuthorization(CmcmRoles.StaffPolicy).Accepts<AddCoAffiliateRequest>("application/json")
            .WithSummary("Adds a co-affiliate.");
        families.MapPost("/{familyId}/members/{memberId}/removal", RemoveCoAffiliateAsync).WithName("RemoveCoAffiliate").RequireAuthorization(CmcmRoles.StaffPolicy)
            .Accepts<EffectiveDateRequest>("application/json").WithSummary("Takes a co-affiliate off the roster from the effective date.");
        families.MapPut("/{familyId}/members/{memberId}/person", UpdatePersonAsync).WithName("UpdatePerson").RequireAuthorization(CmcmRoles.StaffPolicy)
            .Accepts<PersonRequest>("application/json").WithSummary("Corrects a member's names and national number.");
        families.MapPost("/{familyId}/payments", RecordPaymentAsync).WithName("RecordPayment").RequireAuthorization(CmcmRoles.StaffPolicy).Accepts<PaymentRequest>("application/json")
            .WithSummary("Records a contribution payment.");
        families.MapPost("/{familyId}/resignation", ResignAsync).WithName("ResignFamily").RequireAuthorization(CmcmRoles.StaffPolicy).Accepts<EffectiveDateRequest>("application/json")
            .WithSummary("Ends every tier on the effective date.");
        families.MapPost("/{familyId}/readmission", ReadmitAsync).WithName("ReadmitFamily").RequireAuthorization(CmcmRoles.StaffPolicy).Accepts<ReadmissionRequest>("application/json")
            .WithSummary("Re-admits a family that resigned.");
        families.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Task<Results<Created<FamilyResponse>, ProblemHttpResult>> EnrolAsync(HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock) =>
        CreateAsync<EnrolFamilyRequest>(http, body, [], (request, errors) =>
        {
            var today = clock.Today();
            var familyId = errors.Id("familyId", request.FamilyId);
            var mainMemberId = errors.Id("mainMemberId", request.MainMemberId);
            var birthDate = errors.PastDate("mainBirthDate", request.MainBirthDate, today);
            var applied = errors.PastDate("applicationReceived", request.ApplicationReceived, today);
            if (birthDate is { } born && applied is { } on)
            {
                errors.Keep(FamilyRules.BirthBeforeApplication(born, on), "mainBirthDate");
            }

            var level = errors.Required("level", request.Level);
            var reason = errors.Required("reason", request.Reason);
            var eligibility = FamilyValidation.Eligibility(errors, request.Eligibility);
            var periods = FamilyValidation.Periods(errors, "statutoryPeriods", request.StatutoryPeriods, today);
            var person = FamilyValidation.Person(errors, "mainPerson", request.MainPerson, birthDate);
            return ($"/api/families/{familyId}", async () =>
            {
                var result = await grains.Family(familyId!).EnrolAsync(
                    new EnrolFamily(familyId!, mainMemberId!, birthDate!.Value, applied!.Value, level!.Value, reason!.Value, eligibility!, person));
                await RecordStatutoryPeriodsAsync(grains, result, familyId!, mainMemberId!, periods);
                return result;
            });
        });

    private static async Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> GetAsync(string familyId, HttpContext http, IGrainFactory grains)
    {
        if ((ApiLookups.InvalidIds(("familyId", familyId)) ?? http.User.FamilyAccess(familyId)) is { } problem)
        {
            return problem;
        }

        return await grains.Family(familyId).GetAsync() is { } family ? TypedResults.Ok(FamilyResponse.From(family)) : ApiLookups.UnknownFamily(familyId);
    }

    private static Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> ChangeLevelAsync(
        string familyId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock) =>
        ChangeAsync<ChangeLevelRequest>(http, body, [("familyId", familyId)], (request, errors) =>
        {
            var received = errors.PastDate("requestReceived", request.RequestReceived, clock.Today());
            var level = errors.Required("level", request.Level);
            return () => grains.Family(familyId).ChangeLevelAsync(received!.Value, level!.Value);
        });

    private static Task<Results<Created<FamilyResponse>, ProblemHttpResult>> AddCoAffiliateAsync(
        string familyId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock) =>
        CreateAsync<AddCoAffiliateRequest>(http, body, [("familyId", familyId)], (request, errors) =>
        {
            var today = clock.Today();
            var memberId = errors.Id("memberId", request.MemberId);
            var kind = errors.Required("kind", request.Kind);
            if (kind is { } k)
            {
                errors.Keep(FamilyRules.CoAffiliateKind(k));
            }

            var birthDate = errors.PastDate("birthDate", request.BirthDate, today);
            var addedOn = errors.PastDate("addedOn", request.AddedOn, today);
            var bornOrAdopted = errors.PastDate("bornOrAdoptedOn", request.BornOrAdoptedOn, today, required: false);
            if (birthDate is { } born && addedOn is { } added)
            {
                errors.Keep(FamilyRules.AddedAfterBirth(born, added));
                errors.Keep(FamilyRules.BirthOrAdoptionInRange(born, added, bornOrAdopted));
            }

            var periods = FamilyValidation.Periods(errors, "statutoryPeriods", request.StatutoryPeriods, today);
            var person = FamilyValidation.Person(errors, "person", request.Person, birthDate);
            return ($"/api/families/{familyId}/members/{memberId}", async () =>
            {
                var result = await grains.Family(familyId).AddCoAffiliateAsync(
                    new AddCoAffiliate(memberId!, kind!.Value, birthDate!.Value, request.CoInsuredWithMainAffiliate ?? false, addedOn!.Value, bornOrAdopted, person));
                await RecordStatutoryPeriodsAsync(grains, result, familyId, memberId!, periods);
                return result;
            });
        });

    private static Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> RemoveCoAffiliateAsync(
        string familyId, string memberId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock) =>
        ChangeAsync<EffectiveDateRequest>(http, body, [("familyId", familyId), ("memberId", memberId)], (request, errors) =>
        {
            var effective = errors.Date("effective", request.Effective, clock.Today());
            return () => grains.Family(familyId).RemoveCoAffiliateAsync(memberId, effective!.Value);
        });

    /// <summary>The national number is checked against the member's birth date, so this one command reads the family first.</summary>
    private static async Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> UpdatePersonAsync(
        string familyId, string memberId, HttpRequest http, ApiBody body, IGrainFactory grains)
    {
        if (ApiLookups.InvalidIds(("familyId", familyId), ("memberId", memberId)) is { } invalid)
        {
            return invalid;
        }

        var (request, problem) = await body.ReadAsync<PersonRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var grain = grains.Family(familyId);
        var family = await grain.GetAsync();
        var member = family?.Find(memberId);
        var errors = new FieldErrors();
        var person = FamilyValidation.Person(errors, "", request, member?.BirthDate);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        return Answer(await grain.UpdatePersonAsync(memberId, person!));
    }

    private static Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> RecordPaymentAsync(
        string familyId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock) =>
        ChangeAsync<PaymentRequest>(http, body, [("familyId", familyId)], (request, errors) =>
        {
            var today = clock.Today();
            var year = errors.Required("year", request.Year);
            if (year is < 1900 || year > today.Year + 1)
            {
                errors.Add("year", $"The year is between 1900 and {today.Year + 1}.");
            }

            var amount = errors.Amount("amount", request.Amount, FamilyValidation.MaxContribution, allowZero: false);
            var paidOn = errors.PastDate("paidOn", request.PaidOn, today);
            return () => grains.Family(familyId).RecordPaymentAsync(year!.Value, Domain.Money.Money.FromEuros(amount!.Value), paidOn!.Value);
        });

    private static Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> ResignAsync(
        string familyId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock) =>
        ChangeAsync<EffectiveDateRequest>(http, body, [("familyId", familyId)], (request, errors) =>
        {
            var effective = errors.Date("effective", request.Effective, clock.Today());
            return () => grains.Family(familyId).ResignAsync(effective!.Value);
        });

    private static Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> ReadmitAsync(
        string familyId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock) =>
        ChangeAsync<ReadmissionRequest>(http, body, [("familyId", familyId)], (request, errors) =>
        {
            var applied = errors.PastDate("applicationReceived", request.ApplicationReceived, clock.Today());
            var level = errors.Required("level", request.Level);
            return () => grains.Family(familyId).ReadmitAsync(applied!.Value, level!.Value);
        });

    /// <summary>
    /// The one shape of the family commands: the route's ids, the body, its fields (every mistake at once: the
    /// <paramref name="parse"/> step collects them and returns the grain call, made only when there are none), then the
    /// grain, whose refusals by the family rules are mapped in <see cref="ApiProblems.Rejected"/>.
    /// </summary>
    private static async Task<(FamilyView? Family, ProblemHttpResult? Problem)> RunAsync<T>(
        HttpRequest http, ApiBody body, (string Field, string Value)[] ids, Func<T, FieldErrors, Func<Task<FamilyResult>>> parse)
        where T : class
    {
        if (ApiLookups.InvalidIds(ids) is { } invalid)
        {
            return (null, invalid);
        }

        var (request, problem) = await body.ReadAsync<T>(http);
        if (problem is not null)
        {
            return (null, problem);
        }

        var errors = new FieldErrors();
        var send = parse(request!, errors);
        if (errors.Any)
        {
            return (null, ApiProblems.Validation(errors));
        }

        var result = await send();
        return result.Rejection is { } rejection ? (null, ApiProblems.Rejected(rejection)) : (result.Family, null);
    }

    private static async Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> ChangeAsync<T>(
        HttpRequest http, ApiBody body, (string Field, string Value)[] ids, Func<T, FieldErrors, Func<Task<FamilyResult>>> parse)
        where T : class
    {
        var (family, problem) = await RunAsync(http, body, ids, parse);
        return problem is not null ? problem : TypedResults.Ok(FamilyResponse.From(family!));
    }

    private static async Task<Results<Created<FamilyResponse>, ProblemHttpResult>> CreateAsync<T>(
        HttpRequest http, ApiBody body, (string Field, string Value)[] ids, Func<T, FieldErrors, (string Location, Func<Task<FamilyResult>> Send)> parse)
        where T : class
    {
        string? location = null;
        var (family, problem) = await RunAsync<T>(http, body, ids, (request, errors) =>
        {
            var (at, send) = parse(request, errors);
            location = at;
            return send;
        });
        return problem is not null ? problem : TypedResults.Created(location, FamilyResponse.From(family!));
    }

    /// <summary>Binds the member to the family's statutory cover: the periods sent, or the ones the member already had.</summary>
    private static async Task RecordStatutoryPeriodsAsync(IGrainFactory grains, FamilyResult result, string familyId, string memberId, StatutoryPeriod[]? periods)
    {
        if (!result.IsSuccess)
        {
            return;
        }

        var member = grains.Member(memberId);
        await member.SetStatutoryPeriodsAsync(familyId, periods ?? [.. (await member.GetAsync()).StatutoryPeriods]);
    }

    private static Results<Ok<FamilyResponse>, ProblemHttpResult> Answer(FamilyResult result) =>
        result.Rejection is { } rejection ? ApiProblems.Rejected(rejection) : TypedResults.Ok(FamilyResponse.From(result.Family!));

    /// <summary>A family rule's refusal that needs no family, added to the request's mistakes under <paramref name="field"/> (the rule's own by default).</summary>
    private static void Keep(this FieldErrors errors, Rejection? refusal, string? field = null)
    {
        if (refusal is not null)
        {
            errors.Add(field ?? refusal.Field ?? "body", refusal.Message);
        }
    }
}
