using System.Security.Claims;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Families;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api;

/// <summary>The grains behind the API's ids, and the checks every route makes first: valid ids, then access, then existence.</summary>
public static class ApiLookups
{
    public static IFamilyGrain Family(this IGrainFactory grains, string familyId) => grains.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId));

    public static IMemberGrain Member(this IGrainFactory grains, string memberId) => grains.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));

    /// <summary>A problem naming every route id that is not a valid id, or null when all are.</summary>
    public static ProblemHttpResult? InvalidIds(params (string Field, string Value)[] ids)
    {
        var errors = new FieldErrors();
        foreach (var (field, value) in ids)
        {
            errors.Id(field, value);
        }

        return errors.Any ? ApiProblems.Validation(errors) : null;
    }

    public static ProblemHttpResult? FamilyAccess(this ClaimsPrincipal user, string familyId) =>
        user.CanSeeFamily(familyId) ? null : ApiProblems.Forbidden($"This token does not give access to family {familyId}.");

    public static ProblemHttpResult? MemberAccess(this ClaimsPrincipal user, string familyId, string memberId) =>
        user.CanSeeMember(familyId, memberId) ? null : ApiProblems.Forbidden($"This token does not give access to member {memberId} of family {familyId}.");

    public static ProblemHttpResult UnknownFamily(string familyId) => ApiProblems.NotFound("familyId", $"Family {familyId} is not enrolled.");

    public static ProblemHttpResult UnknownMember(string familyId, string memberId) =>
        ApiProblems.NotFound("memberId", $"Member {memberId} is not on the roster of family {familyId}.");

    /// <summary>The member of a family's roster, or null.</summary>
    public static FamilyMember? Find(this FamilyView family, string memberId) => family.Members.FirstOrDefault(m => m.MemberId == memberId);

    /// <summary>Who did it, for the claim's history: the token's subject.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? user.FindFirstValue("sub") ?? "unknown";
}
