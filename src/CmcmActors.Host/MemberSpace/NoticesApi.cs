using System.Security.Claims;
using CmcmActors.Grains.Notices;
using CmcmActors.Host.Api;
using CmcmActors.Host.Api.Members;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.MemberSpace;

/// <summary>PUT /api/families/{f}/members/{m}/notices.</summary>
public sealed class NoticeChoiceRequest
{
    [System.ComponentModel.DataAnnotations.Required]
    public string? Email { get; init; }

    /// <summary>fr, de or en.</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string? Language { get; init; }
}

/// <param name="Sending">Whether this server sends e-mail at all (Cmcm:Mail is set): the page says so when it does not.</param>
public sealed record NoticeChoiceResponse(string Email, string Language, bool Sending);

/// <summary>
/// A member's e-mail notices: only the member chooses them, for himself or herself (not the main affiliate for a
/// co-affiliate, not staff): the address is the member's own.
/// </summary>
public static class NoticesApi
{
    public const int MaxEmailLength = 254;

    public static IEndpointRouteBuilder MapNoticesApi(this IEndpointRouteBuilder app)
    {
        var notices = app.MapGroup("/api/families/{familyId}/members/{memberId}/notices").WithTags(MemberSpaceExtensions.Tag).RequireAuthorization(CmcmRoles.AnyUserPolicy);
        notices.MapGet("", GetAsync).WithName("GetNoticeChoice").WithSummary("The member's choice of e-mail notices (404 when none): the member only.");
        notices.MapPut("", SetAsync).WithName("SetNoticeChoice").Accepts<NoticeChoiceRequest>("application/json")
            .WithSummary("Asks for e-mail notices of decisions while away from the page, at an address and in a language: the member only.");
        notices.MapDelete("", RemoveAsync).WithName("RemoveNoticeChoice").WithSummary("Stops the member's e-mail notices: the member only.");
        notices.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<NoticeChoiceResponse>, ProblemHttpResult>> GetAsync(
        string familyId, string memberId, HttpContext http, IGrainFactory grains, INoticeChoices choices, IOptions<MailOptions> mail)
    {
        if (await CheckAsync(familyId, memberId, http.User, grains) is { } problem)
        {
            return problem;
        }

        return await choices.GetAsync(memberId) is { } choice && choice.FamilyId == familyId
            ? TypedResults.Ok(new NoticeChoiceResponse(choice.Email, choice.Language, mail.Value.Enabled))
            : ApiProblems.NotFound("memberId", $"Member {memberId} has not asked for e-mail notices.");
    }

    private static async Task<Results<Ok<NoticeChoiceResponse>, ProblemHttpResult>> SetAsync(
        string familyId, string memberId, HttpRequest http, ApiBody body, IGrainFactory grains, INoticeChoices choices, IOptions<MailOptions> mail)
    {
        if (await CheckAsync(familyId, memberId, http.HttpContext.User, grains) is { } problem)
        {
            return problem;
        }

        var (request, invalid) = await body.ReadAsync<NoticeChoiceRequest>(http);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new FieldErrors();
        var email = errors.Text("email", request!.Email, MaxEmailLength);
        if (email is not null && !IsPlainAddress(email))
        {
            errors.Add("email", "Expected an e-mail address such as name@example.lu.");
        }

        var language = request.Language;
        if (language is null)
        {
            errors.Add("language", "Required.");
        }
        else if (!PageWords.IsLanguage(language))
        {
            errors.Add("language", "Expected fr, de or en.");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        await choices.SetAsync(new NoticeChoice(memberId, familyId, email!, language!));
        return TypedResults.Ok(new NoticeChoiceResponse(email!, language!, mail.Value.Enabled));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string familyId, string memberId, HttpContext http, IGrainFactory grains, INoticeChoices choices)
    {
        if (await CheckAsync(familyId, memberId, http.User, grains) is { } problem)
        {
            return problem;
        }

        return await choices.RemoveAsync(memberId)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound("memberId", $"Member {memberId} has not asked for e-mail notices.");
    }

    /// <summary>An address alone (no display name, no comment), with a domain that has a dot.</summary>
    internal static bool IsPlainAddress(string email) =>
        System.Net.Mail.MailAddress.TryCreate(email, out var address) && address.Address == email && string.IsNullOrEmpty(address.DisplayName)
        && address.Host.Contains('.', StringComparison.Ordinal) && !email.Any(char.IsWhiteSpace);

    private static async Task<ProblemHttpResult?> CheckAsync(string familyId, string memberId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (ApiLookups.InvalidIds(("familyId", familyId), ("memberId", memberId)) is { } invalid)
        {
            return invalid;
        }

        if (!user.IsInRole(CmcmRoles.Member) || user.BoundMemberId() != memberId || user.BoundFamilyId() != familyId)
        {
            return ApiProblems.Forbidden("Only the member chooses his or her e-mail notices.");
        }

        return await MembersApi.FindAsync(grains, familyId, memberId);
    }
}
