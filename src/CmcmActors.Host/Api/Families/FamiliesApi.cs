using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Families;
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

    private static async Task<Results<Created<FamilyResponse>, ProblemHttpResult>> EnrolAsync(
        HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock)
    {
        var (request, problem) = await body.ReadAsync<EnrolFamilyRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var today = clock.Today();
        var errors = new FieldErrors();
        var familyId = errors.Id("familyId", request!.FamilyId);
        var mainMemberId = errors.Id("mainMemberId", request.MainMemberId);
        var birthDate = errors.PastDate("mainBirthDate", request.MainBirthDate, today);
        var applied = errors.PastDate("applicationReceived", request.ApplicationReceived, today);
        if (birthDate > applied)
        {
            errors.Add("mainBirthDate", $"The birth date {birthDate:yyyy-MM-dd} is after the application date {applied:yyyy-MM-dd}.");
        }

        var level = errors.Required("level", request.Level);
        var reason = errors.Required("reason", request.Reason);
        var eligibility = FamilyValidation.Eligibility(errors, request.Eligibility);
        var periods = FamilyValidation.Periods(errors, "statutoryPeriods", request.StatutoryPeriods, today);
        var person = FamilyValidation.Person(errors, "mainPerson", request.MainPerson, birthDate);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var member = grains.Member(mainMemberId!);
        var view = await member.GetAsync();
        if (view.FamilyId is { } other && other != familyId)
        {
            return ApiProblems.Conflict("mainMemberId", $"Member {mainMemberId} is already in family {other}.", "member-in-other-family");
        }

        var result = await grains.Family(familyId!).EnrolAsync(new EnrolFamily(familyId!, mainMemberId!, birthDate!.Value, applied!.Value, level!.Value, reason!.Value, eligibility!, person));
        if (result.Rejection is { } rejection)
        {
            return ApiProblems.Rejected(rejection);
        }

        // Binds the member to the family (so no other family can enrol the same person) and records the statutory cover.
        await member.SetStatutoryPeriodsAsync(familyId!, periods ?? [.. view.StatutoryPeriods]);
        return TypedResults.Created($"/api/families/{familyId}", FamilyResponse.From(result.Family!));
    }

    private static async Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> GetAsync(string familyId, HttpContext http, IGrainFactory grains)
    {
        if ((ApiLookups.InvalidIds(("familyId", familyId)) ?? http.User.FamilyAccess(familyId)) is { } problem)
        {
            return problem;
        }

        return await grains.Family(familyId).GetAsync() is { } family ? TypedResults.Ok(FamilyResponse.From(family)) : ApiLookups.UnknownFamily(familyId);
    }

    private static async Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> ChangeLevelAsync(
        string familyId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock)
    {
        var (request, problem) = await ReadForFamilyAsync<ChangeLevelRequest>(familyId, http, body);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var received = errors.PastDate("requestReceived", request!.RequestReceived, clock.Today());
        var level = errors.Required("level", request.Level);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var grain = grains.Family(familyId);
        if (await grain.GetAsync() is not { } family)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        if (received < family.AppliedOn())
        {
            return ApiProblems.Invalid("requestReceived", $"The request ({received:yyyy-MM-dd}) is dated before the family applied ({family.AppliedOn():yyyy-MM-dd}).");
        }

        return Answer(await grain.ChangeLevelAsync(received!.Value, level!.Value));
    }

    private static async Task<Results<Created<FamilyResponse>, ProblemHttpResult>> AddCoAffiliateAsync(
        string familyId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock)
    {
        var (request, problem) = await ReadForFamilyAsync<AddCoAffiliateRequest>(familyId, http, body);
        if (problem is not null)
        {
            return problem;
        }

        var today = clock.Today();
        var errors = new FieldErrors();
        var memberId = errors.Id("memberId", request!.MemberId);
        var kind = errors.Required("kind", request.Kind);
        if (kind == MemberKind.MainAffiliate)
        {
            errors.Add("kind", "The main affiliate is set at enrolment: a co-affiliate is a spouseOrPartner, householdRelative, child or fosterChild.");
        }

        var birthDate = errors.PastDate("birthDate", request.BirthDate, today);
        var addedOn = errors.PastDate("addedOn", request.AddedOn, today);
        if (birthDate > addedOn)
        {
            errors.Add("addedOn", $"The member is added ({addedOn:yyyy-MM-dd}) before being born ({birthDate:yyyy-MM-dd}).");
        }

        var bornOrAdopted = errors.PastDate("bornOrAdoptedOn", request.BornOrAdoptedOn, today, required: false);
        if (bornOrAdopted < birthDate || bornOrAdopted > addedOn)
        {
            errors.Add("bornOrAdoptedOn", "The birth or adoption lies between the birth date and the date the member is added.");
        }

        var periods = FamilyValidation.Periods(errors, "statutoryPeriods", request.StatutoryPeriods, today);
        var person = FamilyValidation.Person(errors, "person", request.Person, birthDate);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var grain = grains.Family(familyId);
        if (await grain.GetAsync() is not { } family)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        if (addedOn < family.AppliedOn())
        {
            return ApiProblems.Invalid("addedOn", $"The member is added ({addedOn:yyyy-MM-dd}) before the family applied ({family.AppliedOn():yyyy-MM-dd}).");
        }

        var member = grains.Member(memberId!);
        var view = await member.GetAsync();
        if (view.FamilyId is { } other && other != familyId)
        {
            return ApiProblems.Conflict("memberId", $"Member {memberId} is already in family {other}.", "member-in-other-family");
        }

        var result = await grain.AddCoAffiliateAsync(new AddCoAffiliate(memberId!, kind!.Value, birthDate!.Value, request.CoInsuredWithMainAffiliate ?? false, addedOn!.Value, bornOrAdopted, person));
        if (result.Rejection is { } rejection)
        {
            return ApiProblems.Rejected(rejection);
        }

        await member.SetStatutoryPeriodsAsync(familyId, periods ?? [.. view.StatutoryPeriods]);
        return TypedResults.Created($"/api/families/{familyId}/members/{memberId}", FamilyResponse.From(result.Family!));
    }

    private static async Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> RemoveCoAffiliateAsync(
        string familyId, string memberId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock)
    {
        if (ApiLookups.InvalidIds(("familyId", familyId), ("memberId", memberId)) is { } invalid)
        {
            return invalid;
        }

        var (request, problem) = await body.ReadAsync<EffectiveDateRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var effective = errors.Date("effective", request!.Effective, clock.Today());
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var grain = grains.Family(familyId);
        if (await grain.GetAsync() is not { } family)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        if (family.Find(memberId) is not { } member)
        {
            return ApiLookups.UnknownMember(familyId, memberId);
        }

        if (effective < member.AddedOn)
        {
            return ApiProblems.Invalid("effective", $"The removal ({effective:yyyy-MM-dd}) is before the member was added ({member.AddedOn:yyyy-MM-dd}).");
        }

        return Answer(await grain.RemoveCoAffiliateAsync(memberId, effective!.Value));
    }

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

        if (family is null)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        if (member is null)
        {
            return ApiLookups.UnknownMember(familyId, memberId);
        }

        return Answer(await grain.UpdatePersonAsync(memberId, person!));
    }

    private static async Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> RecordPaymentAsync(
        string familyId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock)
    {
        var (request, problem) = await ReadForFamilyAsync<PaymentRequest>(familyId, http, body);
        if (problem is not null)
        {
            return problem;
        }

        var today = clock.Today();
        var errors = new FieldErrors();
        var year = errors.Required("year", request!.Year);
        if (year is < 1900 || year > today.Year + 1)
        {
            errors.Add("year", $"The year is between 1900 and {today.Year + 1}.");
        }

        var amount = errors.Amount("amount", request.Amount, FamilyValidation.MaxContribution, allowZero: false);
        var paidOn = errors.PastDate("paidOn", request.PaidOn, today);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var grain = grains.Family(familyId);
        if (await grain.GetAsync() is not { } family)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        if (paidOn < family.AppliedOn())
        {
            return ApiProblems.Invalid("paidOn", $"The payment ({paidOn:yyyy-MM-dd}) is dated before the family applied ({family.AppliedOn():yyyy-MM-dd}).");
        }

        return Answer(await grain.RecordPaymentAsync(year!.Value, Domain.Money.Money.FromEuros(amount!.Value), paidOn!.Value));
    }

    private static async Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> ResignAsync(
        string familyId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock)
    {
        var (request, problem) = await ReadForFamilyAsync<EffectiveDateRequest>(familyId, http, body);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var effective = errors.Date("effective", request!.Effective, clock.Today());
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var grain = grains.Family(familyId);
        if (await grain.GetAsync() is not { } family)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        if (effective < family.AppliedOn())
        {
            return ApiProblems.Invalid("effective", $"The resignation ({effective:yyyy-MM-dd}) is before the family applied ({family.AppliedOn():yyyy-MM-dd}).");
        }

        return Answer(await grain.ResignAsync(effective!.Value));
    }

    private static async Task<Results<Ok<FamilyResponse>, ProblemHttpResult>> ReadmitAsync(
        string familyId, HttpRequest http, ApiBody body, IGrainFactory grains, TimeProvider clock)
    {
        var (request, problem) = await ReadForFamilyAsync<ReadmissionRequest>(familyId, http, body);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var applied = errors.PastDate("applicationReceived", request!.ApplicationReceived, clock.Today());
        var level = errors.Required("level", request.Level);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var grain = grains.Family(familyId);
        if (await grain.GetAsync() is not { } family)
        {
            return ApiLookups.UnknownFamily(familyId);
        }

        if (family.ResignedOn is { } resigned && applied < resigned)
        {
            return ApiProblems.Invalid("applicationReceived", $"The application ({applied:yyyy-MM-dd}) is dated before the resignation ({resigned:yyyy-MM-dd}).");
        }

        return Answer(await grain.ReadmitAsync(applied!.Value, level!.Value));
    }

    private static async Task<(T? Request, ProblemHttpResult? Problem)> ReadForFamilyAsync<T>(string familyId, HttpRequest http, ApiBody body)
        where T : class =>
        ApiLookups.InvalidIds(("familyId", familyId)) is { } invalid ? (null, invalid) : await body.ReadAsync<T>(http);

    private static Results<Ok<FamilyResponse>, ProblemHttpResult> Answer(FamilyResult result) =>
        result.Rejection is { } rejection ? ApiProblems.Rejected(rejection) : TypedResults.Ok(FamilyResponse.From(result.Family!));
}
