using CmcmActors.Domain.Claims;

namespace CmcmActors.Contracts.Claims;

/// <summary>The contracts' claim status as the domain's lifecycle state: the two enums name the same states (tested one to one).</summary>
public static class ClaimStates
{
    private static readonly Dictionary<ClaimStatus, ClaimState> States =
        Enum.GetValues<ClaimStatus>().ToDictionary(s => s, s => Enum.Parse<ClaimState>(s.ToString()));

    public static ClaimState ToState(this ClaimStatus status) => States[status];
}
