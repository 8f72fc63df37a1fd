using CmcmActors.Contracts.Claims;
using static CmcmActors.Grains.Tests.Support.Scenario;

namespace CmcmActors.Grains.Tests.Support;

/// <summary>
/// A member with one claim in each state (approved, partially approved, pended, reversed), and everything the grains
/// say about them as one JSON text, to check that it reads back exactly after deactivation or a restart.
/// </summary>
public sealed class ClaimHistory
{
    private ClaimHistory(string familyId, string memberId, ClaimSubmission[] claims)
    {
        FamilyId = familyId;
        MemberId = memberId;
        Claims = claims;
    }

    public string FamilyId { get; }

    public string MemberId { get; }

    /// <summary>Implants (approved, €1,300), frames (partially, €30), a wig (pended), lenses (paid €120, then reversed).</summary>
    public IReadOnlyList<ClaimSubmission> Claims { get; }

    public ClaimSubmission Wig => Claims[2];

    public static async Task<ClaimHistory> CreateAsync(IGrainFactory grains)
    {
        var (familyId, memberId) = await EnrolledFamilyAsync(grains);
        ClaimSubmission[] claims =
        [
            Claim(familyId, memberId, "H-IMPLANTS", Line("RC.DENTAL.FLAT", 1900m, element: "implant", units: 2)),
            Claim(familyId, memberId, "H-FRAMES", Line("DO.OPTIC.FRAMES", 100m)),
            Claim(familyId, memberId, "H-WIG", Line("RC.WIG", 250m, 70m)),
            Claim(familyId, memberId, "H-LENSES", Line("DO.OPTIC.LENSES", 120m)),
        ];
        foreach (var claim in claims)
        {
            await grains.SubmitAsync(claim);
        }

        await grains.ClaimGrain(claims[3]).ReverseAsync("Duplicate", "agent-1");
        return new ClaimHistory(familyId, memberId, claims);
    }

    /// <summary>The claims (through their claim grains), the member's claims, caps, audit and view, and the family.</summary>
    public async Task<string> SnapshotAsync(IGrainFactory grains)
    {
        var member = grains.Member(MemberId);
        var claims = new List<ClaimRecord?>();
        foreach (var claim in Claims)
        {
            claims.Add(await grains.ClaimGrain(claim).GetAsync());
        }

        return Json(new
        {
            claims,
            memberClaims = await member.GetClaimsAsync(),
            caps = await member.GetCapsAsync(2026),
            audit = await member.GetAuditAsync(),
            view = await member.GetAsync(),
            family = await grains.Family(FamilyId).GetAsync(),
        });
    }
}
