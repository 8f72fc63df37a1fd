using CmcmActors.Domain.Claims;

namespace CmcmActors.Domain.Tests.Claims;

/// <summary>Every claim state × every action: allowed, or refused with the member grain's code and words.</summary>
public sealed class ClaimLifecycleTests
{
    private const string Id = "M-1:INV-1";

    [Theory]
    [InlineData(ClaimState.Received, ClaimAction.AddDocuments, "not-pended", "Claim M-1:INV-1 is Received; documents are added to a pended claim.")]
    [InlineData(ClaimState.Adjudicating, ClaimAction.AddDocuments, "not-pended", "Claim M-1:INV-1 is Adjudicating; documents are added to a pended claim.")]
    [InlineData(ClaimState.Approved, ClaimAction.AddDocuments, "not-pended", "Claim M-1:INV-1 is Approved; documents are added to a pended claim.")]
    [InlineData(ClaimState.PartiallyApproved, ClaimAction.AddDocuments, "not-pended", "Claim M-1:INV-1 is PartiallyApproved; documents are added to a pended claim.")]
    [InlineData(ClaimState.Refused, ClaimAction.AddDocuments, "not-pended", "Claim M-1:INV-1 is Refused; documents are added to a pended claim.")]
    [InlineData(ClaimState.Pended, ClaimAction.AddDocuments, null, null)]
    [InlineData(ClaimState.Reversed, ClaimAction.AddDocuments, "not-pended", "Claim M-1:INV-1 is Reversed; documents are added to a pended claim.")]
    [InlineData(ClaimState.Received, ClaimAction.Resolve, "not-pended", "Claim M-1:INV-1 is Received, not pended.")]
    [InlineData(ClaimState.Adjudicating, ClaimAction.Resolve, "not-pended", "Claim M-1:INV-1 is Adjudicating, not pended.")]
    [InlineData(ClaimState.Approved, ClaimAction.Resolve, "not-pended", "Claim M-1:INV-1 is Approved, not pended.")]
    [InlineData(ClaimState.PartiallyApproved, ClaimAction.Resolve, "not-pended", "Claim M-1:INV-1 is PartiallyApproved, not pended.")]
    [InlineData(ClaimState.Refused, ClaimAction.Resolve, "not-pended", "Claim M-1:INV-1 is Refused, not pended.")]
    [InlineData(ClaimState.Pended, ClaimAction.Resolve, null, null)]
    [InlineData(ClaimState.Reversed, ClaimAction.Resolve, "not-pended", "Claim M-1:INV-1 is Reversed, not pended.")]
    [InlineData(ClaimState.Received, ClaimAction.Correct, "not-paid", "Claim M-1:INV-1 is Received; only a paid claim can be reversed.")]
    [InlineData(ClaimState.Adjudicating, ClaimAction.Correct, "not-paid", "Claim M-1:INV-1 is Adjudicating; only a paid claim can be reversed.")]
    [InlineData(ClaimState.Approved, ClaimAction.Correct, null, null)]
    [InlineData(ClaimState.PartiallyApproved, ClaimAction.Correct, null, null)]
    [InlineData(ClaimState.Refused, ClaimAction.Correct, null, null)]
    [InlineData(ClaimState.Pended, ClaimAction.Correct, null, null)]
    [InlineData(ClaimState.Reversed, ClaimAction.Correct, "reversed", "Claim M-1:INV-1 is reversed; it can be neither reversed nor corrected again.")]
    [InlineData(ClaimState.Received, ClaimAction.Reverse, "not-paid", "Claim M-1:INV-1 is Received; only a paid claim can be reversed.")]
    [InlineData(ClaimState.Adjudicating, ClaimAction.Reverse, "not-paid", "Claim M-1:INV-1 is Adjudicating; only a paid claim can be reversed.")]
    [InlineData(ClaimState.Approved, ClaimAction.Reverse, null, null)]
    [InlineData(ClaimState.PartiallyApproved, ClaimAction.Reverse, null, null)]
    [InlineData(ClaimState.Refused, ClaimAction.Reverse, "not-paid", "Claim M-1:INV-1 is Refused; only a paid claim can be reversed.")]
    [InlineData(ClaimState.Pended, ClaimAction.Reverse, "not-paid", "Claim M-1:INV-1 is Pended; only a paid claim can be reversed.")]
    [InlineData(ClaimState.Reversed, ClaimAction.Reverse, "reversed", "Claim M-1:INV-1 is reversed; it can be neither reversed nor corrected again.")]
    public void Refusal_EveryStateAndAction_AllowedOrRefusedWithTheGrainsWords(ClaimState state, ClaimAction action, string? code, string? message)
    {
        var refusal = ClaimLifecycle.Refusal(state, action, Id);

        Assert.Equal(code is null ? null : new ClaimActionRefusal(code, "status", message!), refusal);
        Assert.Equal(code is null, ClaimLifecycle.Allows(state, action));
    }

    [Theory]
    [InlineData(ClaimState.Received, new ClaimAction[0])]
    [InlineData(ClaimState.Adjudicating, new ClaimAction[0])]
    [InlineData(ClaimState.Approved, new[] { ClaimAction.Correct, ClaimAction.Reverse })]
    [InlineData(ClaimState.PartiallyApproved, new[] { ClaimAction.Correct, ClaimAction.Reverse })]
    [InlineData(ClaimState.Refused, new[] { ClaimAction.Correct })]
    [InlineData(ClaimState.Pended, new[] { ClaimAction.AddDocuments, ClaimAction.Resolve, ClaimAction.Correct })]
    [InlineData(ClaimState.Reversed, new ClaimAction[0])]
    public void AllowedActions_EachState_ExactlyTheActionsItAllows(ClaimState state, ClaimAction[] expected)
    {
        Assert.Equal(expected, ClaimLifecycle.AllowedActions(state));
    }
}
