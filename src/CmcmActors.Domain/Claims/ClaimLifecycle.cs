namespace CmcmActors.Domain.Claims;

/// <summary>
/// The states of a claim's life, named as the contracts' claim status is (a test checks the two one to one by name):
/// the domain cannot see the contracts, and the lifecycle needs only the state.
/// </summary>
public enum ClaimState
{
    Received,
    Adjudicating,
    Approved,
    PartiallyApproved,
    Refused,
    Pended,
    Reversed,
}

/// <summary>What may be done to a decided claim.</summary>
public enum ClaimAction
{
    /// <summary>Documents a pended claim waits for (staff, or the member himself or herself).</summary>
    AddDocuments,

    /// <summary>A pended claim decided by staff: the facts confirmed, or refused.</summary>
    Resolve,

    /// <summary>The lines replaced and the claim decided again.</summary>
    Correct,

    /// <summary>A paid claim undone: its payments and cap use given back.</summary>
    Reverse,
}

/// <summary>Why an action is not allowed in a claim's state: a code, the field it is about, words for a person.</summary>
public sealed record ClaimActionRefusal(string Code, string Field, string Message);

/// <summary>
/// Which actions a claim's state allows, and the refusal of the others: one function the member grain decides with and
/// the API answers with (<c>allowedActions</c>), so that the pages show what the server allows instead of re-encoding it.
/// Who may act (staff or the member) is the edge's business, not the lifecycle's.
/// </summary>
public static class ClaimLifecycle
{
    private static readonly ClaimAction[] AllActions = Enum.GetValues<ClaimAction>();

    /// <summary>
    /// Documents and resolution: a pended claim only. Correction: a paid, pended or refused claim, never a reversed one.
    /// Reversal: a paid (approved or partially approved) claim only.
    /// </summary>
    public static bool Allows(ClaimState state, ClaimAction action) => Refusal(state, action, "") is null;

    /// <summary>The actions <paramref name="state"/> allows, in <see cref="ClaimAction"/>'s order.</summary>
    public static IReadOnlyList<ClaimAction> AllowedActions(ClaimState state) => [.. AllActions.Where(a => Allows(state, a))];

    /// <summary>Null when <paramref name="state"/> allows <paramref name="action"/>, else why not (for claim <paramref name="claimId"/>).</summary>
    public static ClaimActionRefusal? Refusal(ClaimState state, ClaimAction action, string claimId) => action switch
    {
        ClaimAction.AddDocuments when state != ClaimState.Pended =>
            new("not-pended", "status", $"Claim {claimId} is {state}; documents are added to a pended claim."),
        ClaimAction.Resolve when state != ClaimState.Pended =>
            new("not-pended", "status", $"Claim {claimId} is {state}, not pended."),
        ClaimAction.Correct or ClaimAction.Reverse when state == ClaimState.Reversed =>
            new("reversed", "status", $"Claim {claimId} is reversed; it can be neither reversed nor corrected again."),
        ClaimAction.Correct when state is ClaimState.Received or ClaimState.Adjudicating => NotPaid(state, claimId),
        ClaimAction.Reverse when state is not (ClaimState.Approved or ClaimState.PartiallyApproved) => NotPaid(state, claimId),
        _ => null,
    };

    private static ClaimActionRefusal NotPaid(ClaimState state, string claimId) =>
        new("not-paid", "status", $"Claim {claimId} is {state}; only a paid claim can be reversed.");
}
